import NormlabStatistics
import Testing

/// The one percentile definition, against `numpy.percentile(method="linear")`.
@Suite struct PercentileTests {
  @Test func percentilesMatchNumpyLinear() {
    let cases = Fixtures.cases("percentile")
    #expect(cases.count == 5)
    for c in cases {
      let values = numbers(c["values"])
      for (p, expected) in zip(numbers(c["p"]), numbers(c["percentiles"])) {
        let got = Percentile.percentile(values, p)
        #expect(
          isClose(got ?? .nan, expected, relative: 1e-15, absolute: 1e-15), "p=\(p) of \(values)")
      }
    }
  }

  @Test func nonFiniteValuesAreIgnoredAndEmptyIsNil() {
    #expect(Percentile.median([3, .nan, 1, .infinity, 2]) == 2)
    #expect(Percentile.percentile([], 50) == nil)
    #expect(Percentile.percentile([.nan], 50) == nil)
    #expect(Percentile.percentile([1, 2], .nan) == nil)
  }

  @Test func outOfRangeLevelsAreClamped() {
    #expect(Percentile.percentile([1, 2, 3], -10) == 1)
    #expect(Percentile.percentile([1, 2, 3], 250) == 3)
    #expect(Percentile.quantile([1, 2, 3], 0.25) == 1.5)
  }

  @Test func sortedInputMayHoldInfinityForUnreachedRuns() {
    #expect(Percentile.quantile(sorted: [1, 2, .infinity], 0.5) == 2)
    #expect(Percentile.quantile(sorted: [1, 2, .infinity, .infinity], 0.5) == .infinity)
    #expect(Percentile.quantile(sorted: [1, 2, 3, .infinity], 0.5) == 2.5)
  }
}
