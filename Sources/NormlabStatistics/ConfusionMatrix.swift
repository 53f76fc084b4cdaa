/// Counts of (true class, predicted class) pairs for a k-class classifier, rows = true class,
/// columns = predicted class, as `sklearn.metrics.confusion_matrix(y_true, y_pred,
/// labels=range(k))`.
public struct ConfusionMatrix: Sendable, Hashable {
  /// The largest number of classes accepted (the matrix holds k² counts).
  public static let maximumClassCount = 1024

  public let classCount: Int
  /// Row-major counts: `counts[t * classCount + p]`.
  public let counts: [Int]

  /// Tallies `truth[i]` against `predicted[i]`. Throws `.lengthMismatch`, `.labelOutOfRange` for
  /// a label outside 0..<classCount, or `.invalidArgument` for a class count outside
  /// 1…`maximumClassCount`.
  public init(truth: [Int], predicted: [Int], classCount: Int) throws(StatisticsError) {
    guard classCount >= 1, classCount <= ConfusionMatrix.maximumClassCount else {
      throw .invalidArgument(
        "class count must be in 1...\(ConfusionMatrix.maximumClassCount), got \(classCount)")
    }
    guard truth.count == predicted.count else {
      throw .lengthMismatch(
        what: "true and predicted labels", left: truth.count, right: predicted.count)
    }
    var counts = [Int](repeating: 0, count: classCount * classCount)
    for i in truth.indices {
      let t = truth[i]
      let p = predicted[i]
      guard t >= 0, t < classCount else {
        throw .labelOutOfRange(index: i, label: t, classCount: classCount)
      }
      guard p >= 0, p < classCount else {
        throw .labelOutOfRange(index: i, label: p, classCount: classCount)
      }
      counts[t * classCount + p] += 1
    }
    self.classCount = classCount
    self.counts = counts
  }

  /// The number of items of true class `truth` predicted as `predicted`; 0 outside the matrix.
  public subscript(truth: Int, predicted: Int) -> Int {
    guard truth >= 0, truth < classCount, predicted >= 0, predicted < classCount else { return 0 }
    return counts[truth * classCount + predicted]
  }

  /// Number of items.
  public var total: Int { counts.reduce(0, +) }

  /// Share of items on the diagonal; nil for no items.
  public var accuracy: Double? {
    let n = total
    guard n > 0 else { return nil }
    let correct = (0..<classCount).reduce(0) { $0 + counts[$1 * classCount + $1] }
    return Double(correct) / Double(n)
  }

  /// Per-class and averaged precision, recall and F1.
  public var report: ClassificationReport { ClassificationReport(self) }
}

/// Precision, recall, F1 and support of one class (one-vs-rest).
public struct ClassMetrics: Sendable, Hashable {
  /// TP / (TP + FP): of the items predicted as this class, the share that are.
  public let precision: Double
  /// TP / (TP + FN): of the items of this class, the share found.
  public let recall: Double
  /// Harmonic mean of precision and recall, 2TP / (2TP + FP + FN).
  public let f1: Double
  /// Number of items whose true class is this one (the total, for an average).
  public let support: Int

  public init(precision: Double, recall: Double, f1: Double, support: Int) {
    self.precision = precision
    self.recall = recall
    self.f1 = f1
    self.support = support
  }
}

/// Per-class metrics with macro and weighted averages, as scikit-learn's
/// `precision_recall_fscore_support(y_true, y_pred, labels=range(k), zero_division=0)`.
///
/// A ratio with a zero denominator is defined as 0 (scikit-learn's `zero_division=0`): a class
/// never predicted has precision 0, a class absent from the truth has recall 0, and F1 is 0 when
/// TP = FP = FN = 0. Classes absent from both still count in the macro average (as 0), which is
/// what `labels=range(k)` asks for; the weighted average ignores them (support 0).
public struct ClassificationReport: Sendable, Hashable {
  public let perClass: [ClassMetrics]
  /// Unweighted mean over classes.
  public let macroAverage: ClassMetrics
  /// Mean over classes weighted by support (0 when there are no items).
  public let weightedAverage: ClassMetrics
  /// Share of correct predictions; nil for no items.
  public let accuracy: Double?

  public init(_ matrix: ConfusionMatrix) {
    let k = matrix.classCount
    var perClass: [ClassMetrics] = []
    perClass.reserveCapacity(k)
    for c in 0..<k {
      var predictedAs = 0
      var support = 0
      for j in 0..<k {
        predictedAs += matrix[j, c]
        support += matrix[c, j]
      }
      let tp = matrix[c, c]
      let fp = predictedAs - tp
      let fn = support - tp
      perClass.append(
        ClassMetrics(
          precision: ClassificationReport.ratio(tp, tp + fp),
          recall: ClassificationReport.ratio(tp, tp + fn),
          f1: ClassificationReport.ratio(2 * tp, 2 * tp + fp + fn), support: support))
    }
    let total = perClass.reduce(0) { $0 + $1.support }
    func average(_ weight: (ClassMetrics) -> Double, _ sumOfWeights: Double) -> ClassMetrics {
      guard sumOfWeights > 0 else {
        return ClassMetrics(precision: 0, recall: 0, f1: 0, support: total)
      }
      var p = 0.0
      var r = 0.0
      var f = 0.0
      for m in perClass {
        let w = weight(m)
        p += w * m.precision
        r += w * m.recall
        f += w * m.f1
      }
      return ClassMetrics(
        precision: p / sumOfWeights, recall: r / sumOfWeights, f1: f / sumOfWeights, support: total)
    }
    self.perClass = perClass
    macroAverage = average({ _ in 1 }, Double(k))
    weightedAverage = average({ Double($0.support) }, Double(total))
    accuracy = matrix.accuracy
  }

  static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
    denominator == 0 ? 0 : Double(numerator) / Double(denominator)
  }
}
