import Foundation
import NormlabStatistics

/// What the t-test of a noise-aware clause found, as metrics.json and the reports show it for
/// every such clause, passed or failed.
public struct ClaimTestRecord: Sendable, Hashable, Codable {
  /// `paired` (both sides ran the same seeds: a t-test on the per-seed differences) or `welch`.
  public var test: String
  public var confidence: Double
  /// `supported`, `not_supported` or `underpowered`.
  public var outcome: String
  /// Why the seeds cannot decide, for an underpowered clause.
  public var reason: String?
  public var leftCount: Int
  public var rightCount: Int
  /// Mean of left − right over seeds (paired) or difference of the means (Welch).
  public var difference: Double?
  /// Two-sided confidence interval of that difference at `confidence`.
  public var interval: [Double]?
  /// One-sided p-value in the clause's direction.
  public var pValue: Double?
  public var statistic: Double?
  public var degreesOfFreedom: Double?
  /// `cohens_dz` (paired) or `hedges_g` (Welch).
  public var effectSizeMeasure: String?
  public var effectSize: Double?

  enum CodingKeys: String, CodingKey {
    case test, confidence, outcome, reason, leftCount = "n_left", rightCount = "n_right", difference
    case interval, pValue = "p_value", statistic, degreesOfFreedom = "df"
    case effectSizeMeasure = "effect_size_measure", effectSize = "effect_size"
  }

  init(_ decision: ClaimDecision, confidence: Double) {
    test = decision.claim.design == .paired ? "paired" : "welch"
    self.confidence = confidence
    switch decision.outcome {
    case .supported: outcome = "supported"
    case .notSupported: outcome = "not_supported"
    case .underpowered(let why):
      outcome = "underpowered"
      reason = why.description
    }
    leftCount = decision.leftCount
    rightCount = decision.rightCount
    if let t = decision.test {
      difference = t.meanDifference.finite
      interval = [t.twoSidedInterval.lower, t.twoSidedInterval.upper].allSatisfy(\.isFinite)
        ? [t.twoSidedInterval.lower, t.twoSidedInterval.upper] : nil
      pValue = t.pValue.finite
      statistic = t.statistic.finite
      degreesOfFreedom = t.degreesOfFreedom.finite
      effectSizeMeasure = t.effectSize.measure.rawValue
      effectSize = t.effectSize.value?.finite
    }
  }

  public var isUnderpowered: Bool { outcome == "underpowered" }

  /// `paired t-test over 5 seeds: difference 0.031 [0.012, 0.050], p = 0.004, d_z = 2.1`.
  public var summary: String {
    var parts = reason.map { ["underpowered: \($0)"] } ?? []
    parts.append("\(test == "paired" ? "paired t-test" : "Welch's t-test") over \(test == "paired" ? "\(leftCount) seeds" : "\(leftCount) and \(rightCount) seeds")")
    if let difference {
      var text = "difference \(ClaimTestRecord.short(difference))"
      if let interval { text += " [\(ClaimTestRecord.short(interval[0])), \(ClaimTestRecord.short(interval[1]))] (\(Int((confidence * 100).rounded()))% CI)" }
      parts.append(text)
    }
    if let pValue { parts.append("p = \(ClaimTestRecord.short(pValue))") }
    if let effectSize, let measure = effectSizeMeasure {
      parts.append("\(measure == "cohens_dz" ? "d_z" : measure == "hedges_g" ? "g" : measure) = \(ClaimTestRecord.short(effectSize))")
    }
    return parts.joined(separator: ", ")
  }

  public static func short(_ value: Double) -> String {
    guard value.isFinite else { return value > 0 ? "∞" : value < 0 ? "−∞" : "nan" }
    if value != 0, abs(value) < 0.001 { return String(format: "%.1e", value) }
    let rounded = (value * 1000).rounded() / 1000
    return rounded == rounded.rounded() ? String(Int(rounded)) : "\(rounded)"
  }
}

extension Double {
  var finite: Double? { isFinite ? self : nil }
}
