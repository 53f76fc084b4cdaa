import NormlabStatistics
import Testing

/// Student t and normal distribution functions against mpmath (40 digits) and SciPy.
@Suite struct DistributionTests {
  @Test func studentTailsMatchHighPrecisionReference() throws {
    let cases = Fixtures.cases("student_t")
    #expect(cases.count > 200)
    for c in cases {
      let t = try StudentT(degreesOfFreedom: number(c["df"]))
      let x = number(c["t"])
      let cdf = t.cdf(x)
      let sf = t.survival(x)
      #expect(
        isClose(cdf, number(c["cdf"]), relative: 2e-12), "cdf df=\(t.degreesOfFreedom) t=\(x)")
      #expect(isClose(sf, number(c["sf"]), relative: 2e-12), "sf df=\(t.degreesOfFreedom) t=\(x)")
    }
  }

  @Test func studentQuantilesMatchSciPy() throws {
    let cases = Fixtures.cases("student_t_quantile")
    #expect(cases.count > 100)
    for c in cases {
      let t = try StudentT(degreesOfFreedom: number(c["df"]))
      let q = number(c["q"])
      #expect(
        isClose(t.inverseSurvival(q), number(c["isf"]), relative: 2e-12),
        "isf df=\(t.degreesOfFreedom) q=\(q)")
      #expect(
        isClose(t.quantile(q), number(c["ppf"]), relative: 2e-12),
        "ppf df=\(t.degreesOfFreedom) q=\(q)")
    }
  }

  @Test func normalMatchesHighPrecisionReference() {
    for c in Fixtures.cases("normal") {
      let x = number(c["x"])
      // x/√2 is rounded before erfc: in the tail that alone costs ~2(x²/2)·1e-16 relative.
      #expect(isClose(NormalDistribution.cdf(x), number(c["cdf"]), relative: 1e-13), "cdf \(x)")
      #expect(isClose(NormalDistribution.survival(x), number(c["sf"]), relative: 1e-13), "sf \(x)")
    }
    for c in Fixtures.cases("normal_quantile") {
      let p = number(c["p"])
      #expect(
        isClose(
          NormalDistribution.quantile(p), number(c["ppf"]), relative: 1e-14, absolute: 1e-300),
        "ppf \(p)")
      #expect(
        isClose(
          NormalDistribution.inverseSurvival(p), number(c["isf"]), relative: 1e-14, absolute: 1e-300
        ), "isf \(p)")
    }
  }

  static let degreesOfFreedom: [Double] = [
    1, 1.5, 2, 2.5, 3, 7.3, 30, 999, 9999, 1e4, 5e4, 1e6, 1e9, 1e15, 1e20, 1e300,
    .greatestFiniteMagnitude, .infinity,
  ]
  static let probabilities: [Double] = [
    1e-300, 1e-120, 1e-30, 1e-12, 1e-6, 0.001, 0.025, 0.2, 0.4999, 0.5, 0.6, 0.975, 0.999_999,
  ]

  @Test(arguments: degreesOfFreedom)
  func quantileInvertsTheCDF(df: Double) throws {
    let t = try StudentT(degreesOfFreedom: df)
    for p in Self.probabilities {
      let x = t.quantile(p)
      #expect(x.isFinite)
      // The lower tail is the small one for p < ½; compare it, not 1 − tiny.
      let back = p < 0.5 ? t.cdf(x) : t.survival(x)
      let target = p < 0.5 ? p : 1 - p
      #expect(isClose(back, target, relative: 1e-10), "df=\(df) p=\(p) x=\(x)")
      // Upper-tail quantiles of tiny tails read back from the survival function.
      let upper = t.inverseSurvival(p)
      #expect(upper == -x, "isf(p) = −ppf(p) by symmetry; df=\(df) p=\(p)")
    }
  }

  @Test(arguments: degreesOfFreedom)
  func cdfIsSymmetricAndMonotone(df: Double) throws {
    let t = try StudentT(degreesOfFreedom: df)
    var previous = 0.0
    for x in stride(from: -40.0, through: 40.0, by: 0.25) {
      let c = t.cdf(x)
      #expect(c >= previous, "df=\(df) x=\(x)")
      previous = c
      #expect(isClose(c, t.survival(-x), relative: 1e-14), "symmetry df=\(df) x=\(x)")
      #expect(isClose(t.cdf(x) + t.survival(x), 1, relative: 1e-14))
    }
    #expect(t.cdf(0) == 0.5)
    #expect(t.cdf(.infinity) == 1 && t.cdf(-.infinity) == 0)
  }

  @Test func quantilesAreMonotoneInProbabilityAndDegreesOfFreedom() throws {
    var previous = -Double.infinity
    let t = try StudentT(degreesOfFreedom: 4)
    for p in stride(from: 0.001, to: 1, by: 0.001) {
      let x = t.quantile(p)
      #expect(x > previous)
      previous = x
    }
    // More degrees of freedom, thinner tails: the 97.5 % point falls towards 1.96.
    var last = Double.infinity
    for df in [1.0, 2, 3, 5, 10, 30, 100, 1e4, 1e8, .infinity] {
      let x = try StudentT(degreesOfFreedom: df).inverseSurvival(0.025)
      #expect(x < last)
      last = x
    }
    #expect(isClose(last, 1.959_963_984_540_054, relative: 1e-14))
  }

  @Test func closedFormsForOneAndTwoDegreesOfFreedom() throws {
    let cauchy = try StudentT(degreesOfFreedom: 1)
    #expect(isClose(cauchy.inverseSurvival(0.25), 1, relative: 1e-15))
    #expect(isClose(cauchy.cdf(1e-8), 0.5 + 1e-8 / Double.pi, relative: 1e-15))
    let two = try StudentT(degreesOfFreedom: 2)
    // F(t) = ½ + t / (2√(2 + t²)).
    #expect(isClose(two.cdf(3), 0.5 + 3 / (2 * (11.0).squareRoot()), relative: 1e-14))
    #expect(isClose(two.quantile(0.9), 1.885_618_083_164_126_7, relative: 1e-14))
  }

  @Test func invalidArgumentsGiveDefinedAnswers() throws {
    #expect(throws: StatisticsError.self) { try StudentT(degreesOfFreedom: 0) }
    #expect(throws: StatisticsError.self) { try StudentT(degreesOfFreedom: -3) }
    #expect(throws: StatisticsError.self) { try StudentT(degreesOfFreedom: .nan) }
    let t = try StudentT(degreesOfFreedom: 5)
    #expect(t.cdf(.nan).isNaN)
    #expect(t.quantile(1.5).isNaN && t.quantile(-0.1).isNaN && t.quantile(.nan).isNaN)
    #expect(t.quantile(0) == -.infinity && t.quantile(1) == .infinity)
    #expect(t.survival(1e300) == 0)
    let huge = try StudentT(degreesOfFreedom: .greatestFiniteMagnitude)
    #expect(isClose(huge.cdf(1), NormalDistribution.cdf(1), relative: 1e-15))
    #expect(huge.survival(1e300) == 0 && huge.cdf(-1e300) == 0)
    #expect(NormalDistribution.quantile(2).isNaN)
  }
}
