import NormlabEngine
import NormlabStatistics

/// Precision, recall and F1 of one class (or an average over classes).
public struct ClassScoreRecord: Sendable, Codable, Hashable {
  public var precision: Double
  public var recall: Double
  public var f1: Double
  public var support: Int

  init(_ metrics: ClassMetrics) {
    precision = metrics.precision
    recall = metrics.recall
    f1 = metrics.f1
    support = metrics.support
  }
}

/// The ROC curve of a binary classifier on the test set (at most `maxPoints` points) and its
/// area under the curve.
public struct ROCRecord: Sendable, Codable, Hashable {
  public static let maxPoints = 201
  public var falsePositiveRate: [Double]
  public var truePositiveRate: [Double]
  public var auc: Double

  enum CodingKeys: String, CodingKey {
    case falsePositiveRate = "fpr", truePositiveRate = "tpr", auc
  }
}

/// How a finished classifier does on each class of the test set: the confusion matrix
/// (`[true class][predicted class]` counts), per-class precision, recall and F1 with their
/// macro and weighted averages, and for two classes the ROC curve with its AUC.
public struct ClassificationRecord: Sendable, Codable, Hashable {
  public var confusion: [[Int]]
  public var perClass: [ClassScoreRecord]
  public var macroAverage: ClassScoreRecord
  public var weightedAverage: ClassScoreRecord
  public var roc: ROCRecord?

  enum CodingKeys: String, CodingKey {
    case confusion, perClass = "per_class", macroAverage = "macro_average"
    case weightedAverage = "weighted_average", roc
  }
}

extension ExperimentRunner {
  /// Rows per forward pass, as the engine's evaluation uses.
  static let classificationChunk = 1024

  /// The classification record of `network` on `test`; nil for a regression, an empty test set
  /// or a network whose outputs are not finite (diverged).
  static func classify(_ network: inout Network<Float>, test: Dataset<Float>, classCount: Int) -> ClassificationRecord? {
    guard network.spec.loss != .meanSquaredError, test.count > 0 else { return nil }
    var predicted: [Int] = []
    var scores: [Double] = []
    var rng = SplitMix64(seed: 0)
    var start = 0
    let width = test.featureCount
    while start < test.count {
      let rows = min(classificationChunk, test.count - start)
      let finite = test.features[(start * width)..<((start + rows) * width)].withUnsafeBufferPointer { x -> Bool in
        guard let base = x.baseAddress else { return false }
        network.forward(input: base, rows: rows, mode: .inference, rng: &rng)
        return network.output.allSatisfy(\.isFinite)
      }
      guard finite else { return nil }
      predicted += network.predictedClasses()
      if network.outputUnits == 1 {
        scores += network.output.prefix(rows).map(Double.init)
      } else if network.outputUnits == 2 {
        // Softmax over two classes: the second unit's probability scores class 1.
        scores += (0..<rows).map { Double(network.output[network.output.startIndex + 2 * $0 + 1]) }  // safe: two units per row
      }
      start += rows
    }
    let truth = test.labels.map(Int.init)
    let classes = max(classCount, 2)
    guard let matrix = try? ConfusionMatrix(truth: truth, predicted: predicted.map { min($0, classes - 1) }, classCount: classes) else {
      return nil
    }
    let report = matrix.report
    var roc: ROCRecord?
    if classes == 2, scores.count == truth.count, let curve = (try? ROCCurve.analyze(labels: truth, scores: scores, positiveClass: 1))?.curve {
      // Long curves keep every k-th point and both ends: the chart cannot show more.
      let count = curve.falsePositiveRate.count
      let step = max(1, (count + ROCRecord.maxPoints - 2) / (ROCRecord.maxPoints - 1))
      var indices = Array(stride(from: 0, to: count, by: step))
      if indices.last != count - 1 { indices.append(count - 1) }
      roc = ROCRecord(
        falsePositiveRate: indices.map { SignificantDigits.round(curve.falsePositiveRate[$0]) },
        truePositiveRate: indices.map { SignificantDigits.round(curve.truePositiveRate[$0]) },
        auc: SignificantDigits.round(curve.auc))
    }
    return ClassificationRecord(
      confusion: (0..<classes).map { t in (0..<classes).map { p in matrix[t, p] } },
      perClass: report.perClass.map(ClassScoreRecord.init),
      macroAverage: ClassScoreRecord(report.macroAverage),
      weightedAverage: ClassScoreRecord(report.weightedAverage),
      roc: roc)
  }
}
