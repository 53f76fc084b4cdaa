import NormlabEngine
import NormlabStatistics

/// One metric of one variant (or sweep trial) over its seeds: n, mean, standard deviation and
/// a 95% confidence interval. Means of losses and accuracies use Student's t interval; steps to
/// a target, which are skewed and can be "not reached", use the median with a seeded percentile
/// bootstrap interval and count how many seeds reached the target (docs/statistics.md).
public struct MetricSummary: Sendable, Hashable, Codable {
  /// Seeds with a finite value.
  public var n: Int
  /// Seeds of the group, finite or not.
  public var seeds: Int
  public var mean: Double?
  public var std: Double?
  public var ci95: [Double]?
  /// `student_t`, or `bootstrap_median` for steps to a target.
  public var method: String
  /// For steps to a target: the median (nil when fewer than half the seeds reached it).
  public var median: Double?
  /// For steps to a target: seeds that reached it.
  public var reached: Int?

  enum CodingKeys: String, CodingKey {
    case n, seeds, mean, std, ci95, method, median, reached
  }

  public static let confidence = 0.95

  /// Unknown values are written as null, not left out: every summary has the same keys.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(n, forKey: .n)
    try c.encode(seeds, forKey: .seeds)
    try c.encode(mean, forKey: .mean)
    try c.encode(std, forKey: .std)
    try c.encode(ci95, forKey: .ci95)
    try c.encode(method, forKey: .method)
    if method == "bootstrap_median" {
      try c.encode(median, forKey: .median)
      try c.encode(reached, forKey: .reached)
    }
  }

  /// Student t summary of `values` (non-finite values are left out). The interval is cut to
  /// `range`, the values the metric can take: a symmetric t interval around an accuracy near 1
  /// would otherwise reach past 100 %.
  public static func of(_ values: [Double], range: ClosedRange<Double>? = nil) -> MetricSummary {
    let summary = try? Summary(values, confidence: confidence)
    let interval = summary?.confidenceInterval.flatMap { ci -> [Double]? in
      guard ci.lower.isFinite, ci.upper.isFinite else { return nil }
      guard let range else { return [ci.lower, ci.upper] }
      return [min(max(ci.lower, range.lowerBound), range.upperBound), min(max(ci.upper, range.lowerBound), range.upperBound)]
    }
    return MetricSummary(
      n: summary?.count ?? 0, seeds: values.count, mean: summary?.mean.finiteOrNil,
      std: summary?.standardDeviation?.finiteOrNil,
      ci95: interval,
      method: "student_t", median: nil, reached: nil)
  }

  /// Steps (or epochs) to a target over seeds, +∞ where not reached: median, bootstrap interval
  /// of the median (seeded, so reports stay byte-identical), and how many reached it.
  public static func ofSteps(_ values: [Double], seed: UInt64) -> MetricSummary {
    let reachedValues = values.filter(\.isFinite)
    let sorted = values.map { $0.isNaN ? Double.infinity : $0 }.sorted()
    var median: Double?
    if !sorted.isEmpty {
      let middle = sorted.count / 2
      let value = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
      median = value.finiteOrNil
    }
    var interval: [Double]?
    if reachedValues.count == values.count, values.count >= 2 {
      var rng = SplitMix64(seed: seed)
      if let boot = try? Bootstrap.interval(values, confidence: confidence, resamples: 2000, method: .percentile, using: &rng, statistic: { Percentile.median($0) ?? .nan }),
        let bounds = boot.interval, bounds.lower.isFinite, bounds.upper.isFinite
      {
        interval = [bounds.lower, bounds.upper]
      }
    }
    let plain = of(reachedValues)
    return MetricSummary(
      n: reachedValues.count, seeds: values.count, mean: plain.mean, std: plain.std, ci95: interval,
      method: "bootstrap_median", median: median, reached: reachedValues.count)
  }
}

/// Every summarised metric of one variant (or one trial of its search).
public struct VariantSummary: Sendable, Hashable, Codable {
  public var variant: String
  public var trial: Int?
  public var metrics: [String: MetricSummary]

  /// The metrics a report states for every variant, plus those the experiment's clauses name
  /// (steps to a target and the like).
  public static let standardMetrics: [ExpectMetric] = [.trainLoss, .testLoss, .trainAccuracy, .testAccuracy, .devLoss, .devAccuracy]

  /// Summaries of every variant and trial of `result`, in plan order.
  public static func compute(_ result: ExperimentResult) -> [VariantSummary] {
    var extra: [ExpectMetric] = []
    for text in result.expectClauses ?? [] {
      guard let clause = try? ExpectationClause(parsing: text) else { continue }
      for (_, metric) in clause.references where !standardMetrics.contains(metric) && !metric.isBestOfSweep && !extra.contains(metric) {
        extra.append(metric)
      }
    }
    var order: [String] = []
    var groups: [String: [RunRecord]] = [:]
    for run in result.runs {
      let key = "\(run.variant)#\(run.trial ?? -1)"
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(run)
    }
    return order.compactMap { key in
      guard let runs = groups[key], let first = runs.first else { return nil }
      var metrics: [String: MetricSummary] = [:]
      for metric in standardMetrics + extra {
        let values = runs.map { metric.value(in: $0) ?? .nan }
        // Metrics no run has (no development set, a regression's accuracy) are left out.
        guard values.contains(where: { !$0.isNaN }) else { continue }
        switch metric {
        case .stepsTo, .epochsTo:
          metrics[metric.description] = MetricSummary.ofSteps(values, seed: first.seed)
        default:
          metrics[metric.description] = MetricSummary.of(values, range: metric.range)
        }
      }
      return VariantSummary(variant: first.variant, trial: first.trial, metrics: metrics)
    }
  }
}

extension ExperimentResult {
  /// The stored summaries, or computed ones for a result built in memory.
  public var variantSummaries: [VariantSummary] {
    summaries.isEmpty ? VariantSummary.compute(self) : summaries
  }

  /// The summary of one variant (and trial).
  public func summary(of variant: String, trial: Int?) -> VariantSummary? {
    variantSummaries.first { $0.variant == variant && $0.trial == trial }
  }
}
