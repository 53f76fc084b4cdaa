import NormlabStatistics
import Testing

/// Seed summaries against numpy and `scipy.stats.t.interval`.
@Suite struct SummaryTests {
  @Test func summaryMatchesNumpyAndSciPy() throws {
    let cases = Fixtures.cases("summary")
    #expect(cases.count >= 21)
    for c in cases {
      let name = c["name"] as? String ?? ""
      let values = Fixtures.sample(name)
      let s = try Summary(values, confidence: number(c["confidence"]))
      let ci = numbers(c["ci"])
      #expect(s.count == values.count && s.excluded == 0)
      #expect(isClose(s.mean, number(c["mean"]), relative: 1e-14), "\(name) mean")
      #expect(isClose(s.standardDeviation ?? .nan, number(c["sd"]), relative: 1e-12), "\(name) sd")
      #expect(isClose(s.standardError ?? .nan, number(c["se"]), relative: 1e-12), "\(name) se")
      #expect(isClose(s.confidenceInterval?.lower ?? .nan, ci[0], relative: 1e-12), "\(name) ci")
      #expect(isClose(s.confidenceInterval?.upper ?? .nan, ci[1], relative: 1e-12), "\(name) ci")
      // numpy's median averages the middle pair; the percentile interpolates: last-bit differences.
      #expect(isClose(s.median, number(c["median"]), relative: 1e-15), "\(name) median")
      #expect(s.minimum == number(c["min"]) && s.maximum == number(c["max"]))
    }
  }

  @Test func oneSeedHasAMeanButNoSpread() throws {
    let s = try Summary([0.93])
    #expect(s.mean == 0.93 && s.median == 0.93 && s.count == 1)
    #expect(s.standardDeviation == nil && s.standardError == nil && s.confidenceInterval == nil)
  }

  @Test func identicalSeedsGiveAPointInterval() throws {
    let s = try Summary([0.9, 0.9, 0.9])
    #expect(s.standardDeviation == 0 && s.standardError == 0)
    #expect(s.confidenceInterval == Interval(lower: 0.9, upper: 0.9))
  }

  @Test func nonFiniteValuesAreLeftOutAndCounted() throws {
    let s = try Summary([0.9, .nan, 0.8, .infinity])
    #expect(s.count == 2 && s.excluded == 2)
    #expect(isClose(s.mean, 0.85, relative: 1e-15))
    #expect(throws: StatisticsError.notEnoughData(what: "a summary", needed: 1, got: 0)) {
      try Summary([.nan, .nan])
    }
    #expect(throws: StatisticsError.self) { try Summary([]) }
  }

  @Test func confidenceOutsideTheOpenUnitIntervalIsRejected() {
    for bad in [0.0, 1.0, -0.5, 95.0, .nan] {
      #expect(throws: StatisticsError.self) {
        try Summary([1, 2, 3], confidence: bad)
      }
    }
  }

  @Test func valuesNearTheLargestDoubleDoNotOverflow() throws {
    let s = try Summary([1.7e308, 1.7e308, 1.6e308])
    #expect(s.mean.isFinite && s.standardDeviation?.isFinite == true)
    #expect(isClose(s.mean, 1.666_666_666_666_666_7e308, relative: 1e-15))
  }
}
