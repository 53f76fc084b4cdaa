/// How a bootstrap interval is read off the resampled statistics.
public enum BootstrapMethod: String, Sendable, Hashable {
  /// The α/2 and 1 − α/2 percentiles of the resampled statistic (Efron 1979).
  case percentile
  /// Bias-corrected and accelerated (Efron 1987): the percentiles are moved by a bias
  /// correction z₀ = Φ⁻¹(share of resamples below the estimate, ties counting half) and an
  /// acceleration a = Σ(θ̄ − θ₍ᵢ₎)³ / (6 (Σ(θ̄ − θ₍ᵢ₎)²)^{3/2}) from the jackknife values θ₍ᵢ₎, to
  /// α₁,₂ = Φ(z₀ + (z₀ + z_{α/2, 1−α/2}) / (1 − a (z₀ + z_{α/2, 1−α/2}))). Second-order accurate
  /// where the percentile interval is first-order, and right for skewed statistics.
  case bca
}

/// A bootstrap confidence interval and how it was obtained.
public struct BootstrapInterval: Sendable, Hashable {
  /// The statistic on the original sample, as the statistic returns it.
  public let estimate: Double
  /// The interval; an end may be ±∞ when the statistic is (e.g. a median that is "not reached").
  /// nil when the statistic was NaN on every resample.
  public let interval: Interval?
  public let confidence: Double
  /// Resamples drawn.
  public let resamples: Int
  /// Resamples whose statistic was NaN, left out of the percentiles.
  public let undefinedResamples: Int
  /// The method actually used: `.bca` falls back to `.percentile` when the bias correction or
  /// the jackknife is not finite (every resample on one side of the estimate, an infinite
  /// statistic) or the sample is larger than `Bootstrap.jackknifeLimit`.
  public let method: BootstrapMethod
}

/// Seeded bootstrap confidence intervals (Efron & Tibshirani 1993), for statistics whose
/// sampling distribution is skewed or has no formula — normlab uses it for steps-to-target (a
/// median with "not reached" runs) and for ratios of steps; a mean of roughly symmetric results
/// (accuracy, loss) uses the Student t interval instead, which is exact under normality and
/// better behaved with few seeds. With fewer than about ten values any bootstrap interval is too
/// narrow (it cannot see beyond the values it has); read it as a description, not a guarantee.
///
/// The result is fully determined by the generator's state: pass a seeded generator (normlab's
/// `SplitMix64(seed:)`) for reproducible reports. Each resample draws n indices with Lemire's
/// (2019) unbiased multiply-shift from `next()`, so the stream does not depend on the standard
/// library's implementation of `random(in:)`.
public enum Bootstrap {
  /// The largest number of resamples accepted (the statistics of all resamples are kept).
  public static let maximumResamples = 1_000_000
  /// Above this sample size BCa's jackknife (n evaluations of the statistic on n − 1 values)
  /// is skipped and the percentile interval used; its corrections vanish like 1/√n anyway.
  public static let jackknifeLimit = 5_000

  /// The arithmetic mean, the default statistic.
  public static func mean(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    return _Moments.compensatedSum(values) / Double(values.count)
  }

  /// The median (linear interpolation), NaN-free values; +∞ entries count as larger than all.
  public static func median(_ values: [Double]) -> Double {
    Percentile.quantile(sorted: values.sorted(), 0.5) ?? .nan
  }

  /// A bootstrap interval for `statistic` of one sample (one value per seed). NaN values are
  /// left out; ±∞ are kept (the statistic must accept them). Throws `.notEnoughData` for fewer
  /// than two values, `.invalidConfidence`, or `.invalidArgument` for a resample count outside
  /// 1…`maximumResamples`.
  public static func interval<G: RandomNumberGenerator>(
    _ sample: [Double], confidence: Double = 0.95, resamples: Int = 10_000,
    method: BootstrapMethod = .bca, using generator: inout G,
    statistic: ([Double]) -> Double = Bootstrap.mean
  ) throws(StatisticsError) -> BootstrapInterval {
    try StatisticsError.check(confidence: confidence)
    try check(resamples: resamples)
    let values = sample.filter { !$0.isNaN }
    guard values.count >= 2 else {
      throw .notEnoughData(what: "a bootstrap interval", needed: 2, got: values.count)
    }
    let estimate = statistic(values)
    var draws: [Double] = []
    draws.reserveCapacity(resamples)
    var buffer = [Double](repeating: 0, count: values.count)
    for _ in 0..<resamples {
      for i in 0..<values.count {
        buffer[i] = values[index(below: values.count, using: &generator)]
      }
      draws.append(statistic(buffer))
    }
    let sorted = draws.filter { !$0.isNaN }.sorted()
    let undefined = draws.count - sorted.count
    let alpha = 1 - confidence
    if method == .bca, values.count <= jackknifeLimit,
      let levels = bcaLevels(
        values: values, estimate: estimate, sorted: sorted, alpha: alpha, statistic: statistic),
      let lower = Percentile.quantile(sorted: sorted, levels.lower),
      let upper = Percentile.quantile(sorted: sorted, levels.upper)
    {
      return BootstrapInterval(
        estimate: estimate, interval: Interval(lower: lower, upper: upper), confidence: confidence,
        resamples: resamples, undefinedResamples: undefined, method: .bca)
    }
    return percentileInterval(
      estimate: estimate, sorted: sorted, confidence: confidence, resamples: resamples,
      undefined: undefined)
  }

  /// A percentile bootstrap interval for a statistic of two samples (e.g. the ratio of two
  /// variants' median steps). `paired` resamples seeds jointly (both variants ran the same
  /// seeds, index i of each being seed i; lengths must match); otherwise each sample is
  /// resampled on its own. NaN values (paired: pairs with a NaN) are left out.
  public static func interval<G: RandomNumberGenerator>(
    _ left: [Double], _ right: [Double], paired: Bool, confidence: Double = 0.95,
    resamples: Int = 10_000, using generator: inout G,
    statistic: ([Double], [Double]) -> Double
  ) throws(StatisticsError) -> BootstrapInterval {
    try StatisticsError.check(confidence: confidence)
    try check(resamples: resamples)
    var a: [Double]
    var b: [Double]
    if paired {
      guard left.count == right.count else {
        throw .lengthMismatch(what: "paired bootstrap", left: left.count, right: right.count)
      }
      let pairs = zip(left, right).filter { !$0.isNaN && !$1.isNaN }
      a = pairs.map(\.0)
      b = pairs.map(\.1)
    } else {
      a = left.filter { !$0.isNaN }
      b = right.filter { !$0.isNaN }
    }
    guard a.count >= 2, b.count >= 2 else {
      throw .notEnoughData(
        what: "a two-sample bootstrap interval", needed: 2, got: min(a.count, b.count))
    }
    let estimate = statistic(a, b)
    var draws: [Double] = []
    draws.reserveCapacity(resamples)
    var bufferA = a
    var bufferB = b
    for _ in 0..<resamples {
      if paired {
        for i in 0..<a.count {
          let j = index(below: a.count, using: &generator)
          bufferA[i] = a[j]
          bufferB[i] = b[j]
        }
      } else {
        for i in 0..<a.count { bufferA[i] = a[index(below: a.count, using: &generator)] }
        for i in 0..<b.count { bufferB[i] = b[index(below: b.count, using: &generator)] }
      }
      draws.append(statistic(bufferA, bufferB))
    }
    let sorted = draws.filter { !$0.isNaN }.sorted()
    return percentileInterval(
      estimate: estimate, sorted: sorted, confidence: confidence, resamples: resamples,
      undefined: draws.count - sorted.count)
  }

  // MARK: - Internals

  static func check(resamples: Int) throws(StatisticsError) {
    guard resamples >= 1, resamples <= maximumResamples else {
      throw .invalidArgument(
        "bootstrap resamples must be in 1...\(maximumResamples), got \(resamples)")
    }
  }

  static func percentileInterval(
    estimate: Double, sorted: [Double], confidence: Double, resamples: Int, undefined: Int
  ) -> BootstrapInterval {
    let alpha = 1 - confidence
    var interval: Interval? = nil
    if let lower = Percentile.quantile(sorted: sorted, alpha / 2),
      let upper = Percentile.quantile(sorted: sorted, 1 - alpha / 2)
    {
      interval = Interval(lower: lower, upper: upper)
    }
    return BootstrapInterval(
      estimate: estimate, interval: interval, confidence: confidence,
      resamples: resamples, undefinedResamples: undefined, method: .percentile)
  }

  /// BCa's adjusted percentile levels, or nil when they are not defined.
  static func bcaLevels(
    values: [Double], estimate: Double, sorted: [Double], alpha: Double,
    statistic: ([Double]) -> Double
  ) -> (lower: Double, upper: Double)? {
    guard estimate.isFinite, !sorted.isEmpty else { return nil }
    var below = 0.0
    for x in sorted {
      if x < estimate { below += 1 } else if x == estimate { below += 0.5 }
    }
    let share = below / Double(sorted.count)
    guard share > 0, share < 1 else { return nil }
    let z0 = NormalDistribution.quantile(share)

    var jackknife: [Double] = []
    jackknife.reserveCapacity(values.count)
    var leaveOneOut = Array(values.dropFirst())
    for i in 0..<values.count {
      // leaveOneOut holds every value but values[i].
      if i > 0 { leaveOneOut[i - 1] = values[i - 1] }
      let theta = statistic(leaveOneOut)
      guard theta.isFinite else { return nil }
      jackknife.append(theta)
    }
    let centre = mean(jackknife)
    var squares = 0.0
    var cubes = 0.0
    for theta in jackknife {
      let d = centre - theta
      squares += d * d
      cubes += d * d * d
    }
    let denominator = 6 * _pow(squares, 1.5)
    let acceleration = denominator > 0 ? cubes / denominator : 0

    let zLow = -NormalDistribution.inverseSurvival(alpha / 2)
    let zHigh = NormalDistribution.inverseSurvival(alpha / 2)
    func level(_ z: Double) -> Double? {
      let shifted = z0 + z
      let divisor = 1 - acceleration * shifted
      guard divisor > 0 else { return nil }
      let result = NormalDistribution.cdf(z0 + shifted / divisor)
      return result.isFinite ? result : nil
    }
    guard let lower = level(zLow), let upper = level(zHigh) else { return nil }
    return (lower, upper)
  }

  /// A uniform index in 0..<bound by Lemire's multiply-shift with rejection.
  static func index<G: RandomNumberGenerator>(below bound: Int, using generator: inout G) -> Int {
    guard bound > 1 else { return 0 }
    let b = UInt64(bound)
    var product = generator.next().multipliedFullWidth(by: b)
    if product.low < b {
      let threshold = (0 &- b) % b
      while product.low < threshold { product = generator.next().multipliedFullWidth(by: b) }
    }
    return Int(product.high)
  }
}
