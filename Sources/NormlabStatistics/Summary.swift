/// What the seeds of one variant say about a metric: centre, spread, and how precisely the mean
/// is known.
///
/// - mean x̄ = Σxᵢ/n; sample standard deviation s = √(Σ(xᵢ − x̄)²/(n − 1)) (Bessel's correction);
///   standard error of the mean s/√n;
/// - confidence interval of the mean x̄ ± t₍₁₊c₎/₂,ₙ₋₁ · s/√n (Student 1908), the same interval as
///   `scipy.stats.t.interval(c, n − 1, loc: x̄, scale: s/√n)`. It assumes the seeds' results are
///   roughly normal; with few seeds it is wide, as it should be.
/// - minimum, maximum and median (linear-interpolation percentile, see `Percentile`).
///
/// Non-finite values (a diverged run's NaN) are left out and counted in `excluded`: a mean cannot
/// include them, and silently dropping them would hide a divergence. With one finite value the
/// spread and interval are nil (undefined), not NaN. When every value is the same the standard
/// deviation is 0 and the interval is the single point [x̄, x̄].
public struct Summary: Sendable, Hashable {
  /// Number of finite values summarized.
  public let count: Int
  /// Number of non-finite values left out.
  public let excluded: Int
  public let mean: Double
  /// Sample standard deviation (n − 1); nil when `count` is 1.
  public let standardDeviation: Double?
  /// s/√n; nil when `count` is 1.
  public let standardError: Double?
  /// The confidence level of `confidenceInterval`, e.g. 0.95.
  public let confidence: Double
  /// Student-t interval of the mean; nil when `count` is 1.
  public let confidenceInterval: Interval?
  public let minimum: Double
  public let maximum: Double
  public let median: Double

  /// Summarizes `values` (one per seed). Throws `.notEnoughData` when no value is finite and
  /// `.invalidConfidence` unless 0 < confidence < 1.
  public init(_ values: [Double], confidence: Double = 0.95) throws(StatisticsError) {
    try StatisticsError.check(confidence: confidence)
    let finite = values.filter(\.isFinite).sorted()
    guard let first = finite.first, let last = finite.last,
      let median = Percentile.quantile(sorted: finite, 0.5)
    else { throw .notEnoughData(what: "a summary", needed: 1, got: 0) }
    let moments = _Moments(finite: finite, scale: _Moments.scale(for: finite))
    count = finite.count
    excluded = values.count - finite.count
    self.confidence = confidence
    mean = moments.mean
    minimum = first
    maximum = last
    self.median = median
    if let variance = moments.scaledVariance {
      let sd = variance.squareRoot()
      let se = sd / Double(count).squareRoot()
      standardDeviation = sd * moments.scale
      standardError = se * moments.scale
      let critical = StudentT(_unchecked: Double(count - 1)).inverseSurvival((1 - confidence) / 2)
      let halfWidth = critical * se
      confidenceInterval = Interval(
        lower: (moments.scaledMean - halfWidth) * moments.scale,
        upper: (moments.scaledMean + halfWidth) * moments.scale)
    } else {
      standardDeviation = nil
      standardError = nil
      confidenceInterval = nil
    }
  }
}
