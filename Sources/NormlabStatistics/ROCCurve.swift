/// The receiver operating characteristic of a binary scorer: for every threshold, the share of
/// negatives (false-positive rate) and of positives (true-positive rate) scoring at or above it.
///
/// Matches `sklearn.metrics.roc_curve(y_true, y_score, drop_intermediate=False)`: thresholds are
/// the distinct scores in decreasing order, preceded by +∞ (the point (0, 0)); tied scores move
/// the curve diagonally in one step. The area under the curve is the trapezoidal sum over these
/// points, which equals the Mann–Whitney probability P(score₊ > score₋) + ½ P(score₊ = score₋)
/// (Hanley & McNeil 1982) and `roc_auc_score`, ties included.
public struct ROCCurve: Sendable, Hashable {
  public let thresholds: [Double]
  public let falsePositiveRate: [Double]
  public let truePositiveRate: [Double]
  public let auc: Double
  public let positives: Int
  public let negatives: Int

  /// The curve of `scores` (e.g. the predicted probability of the positive class) against
  /// `labels`; an item is positive when its label equals `positiveClass` and negative otherwise
  /// (so a k-class problem gives its one-vs-rest curve). Returns `.undefined` when the labels
  /// hold only one kind. Throws `.lengthMismatch`, or `.nonFiniteValue` for a NaN or infinite
  /// score.
  public static func analyze(
    labels: [Int], scores: [Double], positiveClass: Int = 1
  ) throws(StatisticsError) -> ROCAnalysis {
    guard labels.count == scores.count else {
      throw .lengthMismatch(what: "labels and scores", left: labels.count, right: scores.count)
    }
    if let bad = scores.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteValue(what: "ROC scores", index: bad)
    }
    let positives = labels.reduce(0) { $0 + ($1 == positiveClass ? 1 : 0) }
    let negatives = labels.count - positives
    if labels.isEmpty { return .undefined(.empty) }
    if positives == 0 { return .undefined(.noPositives) }
    if negatives == 0 { return .undefined(.noNegatives) }

    let order = scores.indices.sorted { scores[$0] > scores[$1] }
    var thresholds: [Double] = [.infinity]
    var tps: [Int] = [0]
    var fps: [Int] = [0]
    var tp = 0
    var fp = 0
    for (rank, i) in order.enumerated() {
      if labels[i] == positiveClass { tp += 1 } else { fp += 1 }
      let isLastOfTie = rank == order.count - 1 || scores[order[rank + 1]] != scores[i]
      if isLastOfTie {
        thresholds.append(scores[i])
        tps.append(tp)
        fps.append(fp)
      }
    }
    let p = Double(positives)
    let n = Double(negatives)
    let tpr = tps.map { Double($0) / p }
    let fpr = fps.map { Double($0) / n }
    // Trapezoids in exact integer counts, divided once: Σ (fp_i − fp_{i−1})(tp_i + tp_{i−1}) / 2PN.
    var twiceArea = 0.0
    for i in 1..<tps.count {
      twiceArea += Double(fps[i] - fps[i - 1]) * Double(tps[i] + tps[i - 1])
    }
    return .curve(
      ROCCurve(
        thresholds: thresholds, falsePositiveRate: fpr, truePositiveRate: tpr,
        auc: twiceArea / (2 * p * n), positives: positives, negatives: negatives))
  }
}

/// An ROC curve, or why there is none.
public enum ROCAnalysis: Sendable, Hashable {
  case curve(ROCCurve)
  /// The labels hold a single kind, so one of the rates has a zero denominator.
  case undefined(ROCUndefinedReason)

  public var curve: ROCCurve? {
    if case .curve(let c) = self { return c }
    return nil
  }
}

public enum ROCUndefinedReason: String, Sendable, Hashable {
  case empty
  case noPositives = "no_positives"
  case noNegatives = "no_negatives"
}
