import NormlabStatistics
import Testing

/// Seeded bootstrap intervals: determinism, agreement with SciPy's large-resample intervals,
/// and degenerate inputs.
@Suite struct BootstrapTests {
  @Test func sameSeedSameInterval() throws {
    let sample = [3.1, 2.7, 5.9, 4.4, 3.3, 8.0, 2.2]
    var g1 = TestGenerator(seed: 42)
    var g2 = TestGenerator(seed: 42)
    var g3 = TestGenerator(seed: 43)
    let a = try Bootstrap.interval(sample, resamples: 2000, using: &g1)
    let b = try Bootstrap.interval(sample, resamples: 2000, using: &g2)
    let c = try Bootstrap.interval(sample, resamples: 2000, using: &g3)
    #expect(a == b)
    #expect(a.interval != c.interval)
    #expect(a.estimate == Bootstrap.mean(sample))
  }

  @Test func intervalsAgreeWithSciPy() throws {
    let cases = Fixtures.cases("bootstrap")
    #expect(cases.count == 4)
    for c in cases {
      let values = numbers(c["values"])
      let method: BootstrapMethod = (c["method"] as? String) == "BCa" ? .bca : .percentile
      var generator = TestGenerator(seed: 7)
      let r = try Bootstrap.interval(values, resamples: 100_000, method: method, using: &generator)
      #expect(r.method == method)
      let expected = numbers(c["ci"])
      // Different generators: the ends agree to Monte Carlo error, well under 2 % of the width.
      let width = expected[1] - expected[0]
      #expect(
        abs((r.interval?.lower ?? .nan) - expected[0]) < 0.02 * width,
        "\(c["name"] ?? "") \(method) lower")
      #expect(
        abs((r.interval?.upper ?? .nan) - expected[1]) < 0.02 * width,
        "\(c["name"] ?? "") \(method) upper")
    }
  }

  @Test func bcaShiftsTheIntervalOfASkewedSample() throws {
    // Long right tail: BCa moves both ends up relative to the percentile interval.
    let skewed = [0.2, 0.3, 0.3, 0.4, 0.5, 0.6, 0.8, 1.1, 1.9, 4.5, 9.0]
    var g1 = TestGenerator(seed: 1)
    var g2 = TestGenerator(seed: 1)
    let percentile = try Bootstrap.interval(skewed, method: .percentile, using: &g1)
    let bca = try Bootstrap.interval(skewed, method: .bca, using: &g2)
    #expect(bca.method == .bca)
    #expect((bca.interval?.upper ?? 0) > (percentile.interval?.upper ?? .infinity))
  }

  @Test func constantSampleGivesAPointInterval() throws {
    var g = TestGenerator(seed: 3)
    let r = try Bootstrap.interval([2, 2, 2, 2], using: &g)
    #expect(r.interval == Interval(lower: 2, upper: 2))
  }

  @Test func infiniteStatisticsFallBackToPercentile() throws {
    var g = TestGenerator(seed: 5)
    let r = try Bootstrap.interval(
      [100, 200, .infinity, 300, .infinity], method: .bca, using: &g, statistic: Bootstrap.median)
    #expect(r.method == .percentile)
    #expect(r.estimate == 300)
    #expect((r.interval?.upper ?? .nan) == .infinity)
    #expect((r.interval?.lower ?? .nan) >= 100)
  }

  @Test func degenerateInputsThrow() {
    var g = TestGenerator(seed: 1)
    #expect(throws: StatisticsError.self) { try Bootstrap.interval([1], using: &g) }
    #expect(throws: StatisticsError.self) { try Bootstrap.interval([1, .nan], using: &g) }
    #expect(throws: StatisticsError.self) {
      try Bootstrap.interval([1, 2], resamples: 0, using: &g)
    }
    #expect(throws: StatisticsError.self) {
      try Bootstrap.interval([1, 2], resamples: Bootstrap.maximumResamples + 1, using: &g)
    }
    #expect(throws: StatisticsError.self) {
      try Bootstrap.interval([1, 2], confidence: 0, using: &g)
    }
    #expect(throws: StatisticsError.self) {
      try Bootstrap.interval([1, 2, 3], [1, 2], paired: true, using: &g) { a, b in a[0] - b[0] }
    }
  }

  @Test func pairedTwoSampleResamplingKeepsPairsTogether() throws {
    // Right is left + 1 seed by seed: every paired resample has mean difference exactly −1.
    let left = [1.0, 5, 2, 8, 3]
    let right = left.map { $0 + 1 }
    var g = TestGenerator(seed: 9)
    let r = try Bootstrap.interval(left, right, paired: true, resamples: 500, using: &g) {
      Bootstrap.mean($0) - Bootstrap.mean($1)
    }
    #expect(
      isClose((r.interval?.lower ?? .nan), -1, relative: 1e-12)
        && isClose((r.interval?.upper ?? .nan), -1, relative: 1e-12))
    var h = TestGenerator(seed: 9)
    let unpaired = try Bootstrap.interval(left, right, paired: false, resamples: 500, using: &h) {
      Bootstrap.mean($0) - Bootstrap.mean($1)
    }
    #expect((unpaired.interval?.width ?? 0) > 1)
  }
}
