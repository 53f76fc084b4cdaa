/// The direction of a test's alternative hypothesis about the difference Δ = left − right,
/// named as in SciPy (`alternative='two-sided' | 'greater' | 'less'`).
public enum Alternative: String, Sendable, Hashable, CaseIterable {
  /// H₁: Δ ≠ 0.
  case twoSided = "two-sided"
  /// H₁: Δ > 0.
  case greater
  /// H₁: Δ < 0.
  case less
}

/// Which t test produced a result.
public enum TTestKind: String, Sendable, Hashable {
  /// Welch's unequal-variance test on two independent samples.
  case welch
  /// Student's one-sample test on paired differences (both variants ran the same seeds).
  case paired
}

/// An effect size: the difference in units of the seeds' spread, comparable across metrics.
public struct EffectSize: Sendable, Hashable {
  public enum Measure: String, Sendable, Hashable {
    /// Hedges' g: Cohen's d with the pooled standard deviation, times the exact small-sample
    /// correction J(m) = Γ(m/2) / (√(m/2) Γ((m − 1)/2)), m = n₁ + n₂ − 2 (Hedges 1981). With 3–5
    /// seeds per variant Cohen's d overstates the effect by 15–40 %; g removes that bias.
    case hedgesG = "hedges_g"
    /// Cohen's d_z = mean of the paired differences / their standard deviation (Cohen 1988).
    case cohensDz = "cohens_dz"
  }

  public let measure: Measure
  /// nil when the spread is exactly zero (the effect is then infinite or undefined; the p-value
  /// and interval still decide).
  public let value: Double?
  /// The uncorrected value: Cohen's d = Δ / s_pooled for `.hedgesG`, d_z itself for `.cohensDz`.
  public let uncorrected: Double?
}

/// The outcome of a t test of Δ = left − right, with everything a report needs.
///
/// Zero spread (every value of each sample identical, or every paired difference identical) has
/// no t distribution; normlab then takes the limit of the test as the spread shrinks to zero:
/// - Δ = 0: statistic 0 and p = 1 for every alternative (no evidence of any difference);
/// - Δ ≠ 0: statistic ±∞; p = 0 for the alternatives Δ points to (two-sided and that side), 1 for
///   the other; the confidence interval is the single point Δ (a one-sided one keeps its infinite
///   end).
/// The degrees of freedom are then n₁ + n₂ − 2 (Welch) or n − 1 (paired). No field is ever NaN.
public struct TTestResult: Sendable, Hashable {
  public let kind: TTestKind
  public let alternative: Alternative
  /// The t statistic Δ / SE(Δ); ±∞ when the spread is zero and Δ is not.
  public let statistic: Double
  public let degreesOfFreedom: Double
  /// The p-value for `alternative`.
  public let pValue: Double
  /// Δ: mean(left) − mean(right) (Welch) or the mean paired difference.
  public let meanDifference: Double
  /// SE(Δ).
  public let standardError: Double
  /// Level of the intervals, e.g. 0.95.
  public let confidence: Double
  /// The interval that matches `alternative` (SciPy's `confidence_interval`): two-sided
  /// Δ ± t₍₁₊c₎/₂ SE; for `.greater` [Δ − t_c SE, +∞); for `.less` (−∞, Δ + t_c SE]. The test
  /// rejects at level 1 − c exactly when this interval excludes 0.
  public let confidenceInterval: Interval
  /// The two-sided interval at the same level, the one to show in tables.
  public let twoSidedInterval: Interval
  public let effectSize: EffectSize
  /// Finite values used: left and right sample sizes (Welch) or the number of pairs (both).
  public let leftCount: Int
  public let rightCount: Int
  /// Non-finite values (Welch) or pairs with a non-finite member (paired) that were left out.
  public let excluded: Int
}

/// Two-sample t tests over seeds.
public enum TTest {
  /// Welch's t test (Welch 1947) of mean(left) − mean(right) for independent samples with
  /// possibly unequal variances, as `scipy.stats.ttest_ind(left, right, equal_var=False)`:
  /// t = Δ / √(s₁²/n₁ + s₂²/n₂) with the Welch–Satterthwaite degrees of freedom
  /// ν = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁ − 1) + (s₂²/n₂)²/(n₂ − 1)).
  ///
  /// Non-finite values are left out (counted in `excluded`). Throws `.notEnoughData` unless each
  /// side keeps at least two values, `.invalidConfidence` unless 0 < confidence < 1.
  public static func welch(
    _ left: [Double], _ right: [Double], alternative: Alternative = .twoSided,
    confidence: Double = 0.95
  ) throws(StatisticsError) -> TTestResult {
    try StatisticsError.check(confidence: confidence)
    let a = left.filter(\.isFinite)
    let b = right.filter(\.isFinite)
    guard a.count >= 2, b.count >= 2 else {
      throw .notEnoughData(
        what: "Welch's t test (per variant)", needed: 2, got: min(a.count, b.count))
    }
    let scale = _Moments.scale(for: a + b)
    let ma = _Moments(finite: a, scale: scale)
    let mb = _Moments(finite: b, scale: scale)
    let na = Double(a.count)
    let nb = Double(b.count)
    let ra = ma.scaledSumOfSquares / (na - 1) / na
    let rb = mb.scaledSumOfSquares / (nb - 1) / nb
    let variance = ra + rb
    let df: Double
    if variance > 0 {
      // Normalized by the larger term so neither the square nor the fourth power can underflow.
      let m = max(ra, rb)
      let (x, y) = (ra / m, rb / m)
      df = (x + y) * (x + y) / (x * x / (na - 1) + y * y / (nb - 1))
    } else {
      df = na + nb - 2
    }
    let pooledDf = na + nb - 2
    let pooledSd = ((ma.scaledSumOfSquares + mb.scaledSumOfSquares) / pooledDf).squareRoot()
    let difference = ma.scaledMean - mb.scaledMean
    let cohen: Double? = pooledSd > 0 ? difference / pooledSd : nil
    let effect = EffectSize(
      measure: .hedgesG, value: cohen.map { $0 * hedgesCorrection(pooledDf) }, uncorrected: cohen)
    return assemble(
      kind: .welch, alternative: alternative, confidence: confidence, scaledDifference: difference,
      scaledError: variance.squareRoot(), degreesOfFreedom: df, scale: scale, effect: effect,
      leftCount: a.count, rightCount: b.count,
      excluded: left.count + right.count - a.count - b.count)
  }

  /// The paired t test, as `scipy.stats.ttest_rel(left, right)`: a one-sample t test of the
  /// differences dᵢ = leftᵢ − rightᵢ, t = d̄ / (s_d/√n) with n − 1 degrees of freedom. Pairing by
  /// seed removes the seed-to-seed variation both variants share, which is why normlab uses it
  /// whenever both variants ran the same seeds.
  ///
  /// Pairs with a non-finite member are left out (counted in `excluded`). Throws
  /// `.lengthMismatch` when the samples differ in length, `.notEnoughData` unless two pairs
  /// remain, `.invalidConfidence` unless 0 < confidence < 1.
  public static func paired(
    _ left: [Double], _ right: [Double], alternative: Alternative = .twoSided,
    confidence: Double = 0.95
  ) throws(StatisticsError) -> TTestResult {
    try pairedDifferences(
      left, right, factor: 1, offset: 0, alternative: alternative, confidence: confidence)
  }

  /// The paired test of dᵢ = leftᵢ − factor · rightᵢ − offset (factor 0 makes it a one-sample
  /// test of left − offset; `right` then only has to have the same length).
  static func pairedDifferences(
    _ left: [Double], _ right: [Double], factor: Double, offset: Double, alternative: Alternative,
    confidence: Double
  ) throws(StatisticsError) -> TTestResult {
    try StatisticsError.check(confidence: confidence)
    guard left.count == right.count else {
      throw .lengthMismatch(what: "paired t test", left: left.count, right: right.count)
    }
    var a: [Double] = []
    var b: [Double] = []
    for (x, y) in zip(left, right) where x.isFinite && (y.isFinite || factor == 0) {
      a.append(x)
      b.append(factor == 0 ? 0 : factor * y)
    }
    guard a.count >= 2 else {
      throw .notEnoughData(what: "the paired t test (pairs)", needed: 2, got: a.count)
    }
    let scale = _Moments.scale(for: a + b + [offset])
    let differences = zip(a, b).map { $0 / scale - $1 / scale - offset / scale }
    let moments = _Moments(finite: differences, scale: 1)
    let n = Double(differences.count)
    let sd = (moments.scaledSumOfSquares / (n - 1)).squareRoot()
    let dz: Double? = sd > 0 ? moments.scaledMean / sd : nil
    return assemble(
      kind: .paired, alternative: alternative, confidence: confidence,
      scaledDifference: moments.scaledMean, scaledError: sd / n.squareRoot(),
      degreesOfFreedom: n - 1, scale: scale,
      effect: EffectSize(measure: .cohensDz, value: dz, uncorrected: dz),
      leftCount: a.count, rightCount: a.count, excluded: left.count - a.count)
  }

  /// Hedges' exact bias correction J(m) = Γ(m/2) / (√(m/2) Γ((m − 1)/2)), computed as
  /// √π / (√(m/2) B((m − 1)/2, ½)) so it stays accurate for large m (J → 1 − 3/(4m − 1)).
  static func hedgesCorrection(_ m: Double) -> Double {
    guard m > 1 else { return 1 }
    return _exp(0.5 * _log(Double.pi) - _LogGamma.logBeta(0.5 * (m - 1), 0.5) - 0.5 * _log(0.5 * m))
  }

  /// Statistic, p-value and intervals from a scaled difference and standard error.
  static func assemble(
    kind: TTestKind, alternative: Alternative, confidence: Double, scaledDifference d: Double,
    scaledError se: Double, degreesOfFreedom df: Double, scale: Double, effect: EffectSize,
    leftCount: Int, rightCount: Int, excluded: Int
  ) -> TTestResult {
    let distribution = StudentT(_unchecked: df)
    let statistic: Double
    let pValue: Double
    if se > 0 {
      statistic = d / se
      switch alternative {
      case .twoSided: pValue = min(1, 2 * distribution.survival(abs(statistic)))
      case .greater: pValue = distribution.survival(statistic)
      case .less: pValue = distribution.cdf(statistic)
      }
    } else if d == 0 {
      statistic = 0
      pValue = 1
    } else {
      statistic = d > 0 ? .infinity : -.infinity
      switch alternative {
      case .twoSided: pValue = 0
      case .greater: pValue = d > 0 ? 0 : 1
      case .less: pValue = d < 0 ? 0 : 1
      }
    }
    let twoSidedHalf = se > 0 ? distribution.inverseSurvival((1 - confidence) / 2) * se : 0
    let oneSidedHalf = se > 0 ? distribution.inverseSurvival(1 - confidence) * se : 0
    let twoSided = Interval(lower: (d - twoSidedHalf) * scale, upper: (d + twoSidedHalf) * scale)
    let interval: Interval
    switch alternative {
    case .twoSided: interval = twoSided
    case .greater: interval = Interval(lower: (d - oneSidedHalf) * scale, upper: .infinity)
    case .less: interval = Interval(lower: -.infinity, upper: (d + oneSidedHalf) * scale)
    }
    return TTestResult(
      kind: kind, alternative: alternative, statistic: statistic, degreesOfFreedom: df,
      pValue: pValue, meanDifference: d * scale, standardError: se * scale,
      confidence: confidence, confidenceInterval: interval, twoSidedInterval: twoSided,
      effectSize: effect, leftCount: leftCount, rightCount: rightCount, excluded: excluded)
  }
}
