import NormlabStatistics
import Testing

/// Welch and paired t tests against `scipy.stats.ttest_ind(equal_var=False)` and `ttest_rel`.
@Suite struct TTestTests {
  static func alternative(_ c: Fixtures.Object) -> Alternative {
    Alternative(rawValue: c["alternative"] as? String ?? "") ?? .twoSided
  }

  static func checkInterval(_ got: Interval, _ expected: [Double], _ label: String) {
    #expect(isClose(got.lower, expected[0], relative: 1e-10, absolute: 1e-13), "\(label) lower")
    #expect(isClose(got.upper, expected[1], relative: 1e-10, absolute: 1e-13), "\(label) upper")
  }

  @Test func welchMatchesSciPy() throws {
    let cases = Fixtures.cases("welch")
    #expect(cases.count == 48)
    for c in cases {
      let name = c["name"] as? String ?? ""
      let r = try TTest.welch(
        Fixtures.sample(name + "/left"), Fixtures.sample(name + "/right"),
        alternative: Self.alternative(c), confidence: number(c["confidence"]))
      let label = "\(name) \(r.alternative)"
      #expect(
        isClose(r.statistic, number(c["statistic"]), relative: 1e-11, absolute: 1e-14), "\(label) t"
      )
      #expect(isClose(r.degreesOfFreedom, number(c["df"]), relative: 1e-12), "\(label) df")
      #expect(
        isClose(r.pValue, number(c["pvalue"]), relative: 1e-10, absolute: 1e-15), "\(label) p")
      #expect(
        isClose(r.meanDifference, number(c["mean_difference"]), relative: 1e-12, absolute: 1e-15))
      Self.checkInterval(r.confidenceInterval, numbers(c["ci"]), label)
      let cohen = number(c["cohens_d"])
      if cohen.isFinite {
        #expect(r.effectSize.measure == .hedgesG)
        #expect(
          isClose(r.effectSize.uncorrected ?? .nan, cohen, relative: 1e-11, absolute: 1e-14),
          "\(label) d")
        #expect(
          isClose(
            r.effectSize.value ?? .nan, number(c["hedges_g"]), relative: 1e-11, absolute: 1e-14),
          "\(label) g")
      }
    }
  }

  @Test func pairedMatchesSciPy() throws {
    let cases = Fixtures.cases("paired")
    #expect(cases.count == 30)
    for c in cases {
      let name = c["name"] as? String ?? ""
      let r = try TTest.paired(
        Fixtures.sample(name + "/left"), Fixtures.sample(name + "/right"),
        alternative: Self.alternative(c), confidence: number(c["confidence"]))
      let label = "\(name) \(r.alternative)"
      #expect(isClose(r.statistic, number(c["statistic"]), relative: 1e-11), "\(label) t")
      #expect(r.degreesOfFreedom == number(c["df"]))
      #expect(
        isClose(r.pValue, number(c["pvalue"]), relative: 1e-10, absolute: 1e-15), "\(label) p")
      Self.checkInterval(r.confidenceInterval, numbers(c["ci"]), label)
      #expect(r.effectSize.measure == .cohensDz)
      #expect(isClose(r.effectSize.value ?? .nan, number(c["dz"]), relative: 1e-11), "\(label) dz")
    }
  }

  @Test func twoSidedIntervalIsReportedForOneSidedTests() throws {
    let a = [0.912, 0.934, 0.921]
    let b = [0.874, 0.902, 0.881]
    let one = try TTest.paired(a, b, alternative: .greater)
    let two = try TTest.paired(a, b, alternative: .twoSided)
    #expect(one.twoSidedInterval == two.confidenceInterval)
    #expect(one.confidenceInterval.upper == .infinity)
    // One-sided p is half the two-sided p when the effect points the claimed way.
    #expect(isClose(one.pValue, two.pValue / 2, relative: 1e-14))
  }

  @Test func constantNonZeroDifferenceIsDecided() throws {
    // Exactly representable values, so every difference is exactly 0.5.
    let exact = try TTest.paired([1, 2, 3], [0.5, 1.5, 2.5], alternative: .greater)
    #expect(exact.standardError == 0)
    #expect(exact.statistic == .infinity && exact.pValue == 0)
    #expect(exact.confidenceInterval == Interval(lower: 0.5, upper: .infinity))
    #expect(exact.twoSidedInterval == Interval(lower: 0.5, upper: 0.5))
    #expect(exact.effectSize.value == nil)
    let less = try TTest.paired([1, 2, 3], [0.5, 1.5, 2.5], alternative: .less)
    #expect(less.pValue == 1)
    let two = try TTest.paired([1, 2, 3], [0.5, 1.5, 2.5])
    #expect(two.pValue == 0 && two.degreesOfFreedom == 2)
  }

  @Test func identicalSamplesGivePOne() throws {
    for alternative in Alternative.allCases {
      let paired = try TTest.paired([0.9, 0.9, 0.9], [0.9, 0.9, 0.9], alternative: alternative)
      #expect(paired.pValue == 1 && paired.statistic == 0 && paired.meanDifference == 0)
      let welch = try TTest.welch([0.9, 0.9], [0.9, 0.9, 0.9], alternative: alternative)
      #expect(welch.pValue == 1 && welch.statistic == 0 && welch.degreesOfFreedom == 3)
      #expect(welch.effectSize.value == nil)
    }
    // Identical but varied samples: t = 0, two-sided p = 1 (SciPy agrees; see fixtures).
    let varied = try TTest.welch([0.5, 0.6, 0.7], [0.5, 0.6, 0.7])
    #expect(varied.pValue == 1)
  }

  @Test func constantSamplesThatDifferAreDecidedByWelch() throws {
    let r = try TTest.welch([1, 1, 1], [0.5, 0.5], alternative: .greater)
    #expect(r.statistic == .infinity && r.pValue == 0 && r.meanDifference == 0.5)
    #expect(r.degreesOfFreedom == 3)
    #expect(!r.pValue.isNaN && !r.degreesOfFreedom.isNaN)
  }

  @Test func tooFewValuesThrowNotEnoughData() {
    #expect(throws: StatisticsError.self) { try TTest.welch([1], [1, 2, 3]) }
    #expect(throws: StatisticsError.self) { try TTest.welch([1, .nan], [1, 2, 3]) }
    #expect(throws: StatisticsError.self) { try TTest.paired([1], [2]) }
    #expect(throws: StatisticsError.self) { try TTest.paired([], []) }
    #expect(throws: StatisticsError.self) { try TTest.paired([1, 2, 3], [1, 2]) }
  }

  @Test func nonFiniteSeedsAreLeftOut() throws {
    let r = try TTest.paired([0.9, .nan, 0.92, 0.95], [0.8, 0.7, .infinity, 0.85])
    #expect(r.leftCount == 2 && r.excluded == 2)
    let w = try TTest.welch([0.9, .nan, 0.92, 0.95], [0.8, 0.7, .infinity, 0.85])
    #expect(w.leftCount == 3 && w.rightCount == 3 && w.excluded == 2)
  }

  @Test func hugeValuesAndHugeCountsStayDefined() throws {
    let r = try TTest.welch([1e308, -1e308, 1.5e308], [-1.7e308, 1.2e308, 0])
    #expect(r.statistic.isFinite && r.pValue.isFinite && r.degreesOfFreedom.isFinite)
    let n = 200_000
    let a = (0..<n).map { Double($0 % 7) * 1e-3 + 1 }
    let b = (0..<n).map { Double($0 % 5) * 1e-3 + 1 }
    let big = try TTest.paired(a, b, alternative: .greater)
    #expect(big.pValue.isFinite && big.degreesOfFreedom == Double(n - 1))
    // Subnormal values (about 1e-320): written as multiples of the smallest, since a literal
    // that small does not convert exactly.
    let unit = Double.leastNonzeroMagnitude * 2024
    let tiny = try TTest.welch([unit, 2 * unit, 3 * unit], [0, unit, 0])
    #expect(tiny.statistic.isFinite && tiny.pValue > 0 && tiny.pValue < 1)
  }
}
