/// Final metrics an `expect:` clause may compare.
public enum ExpectMetric: String, Sendable, CaseIterable {
  case trainLoss = "train_loss"
  case testLoss = "test_loss"
  case trainAccuracy = "train_accuracy"
  case testAccuracy = "test_accuracy"
  case steps
  case epochs
  /// Fraction of the variant's runs that diverged.
  case diverged
  /// The best sweep trial's test accuracy (mean over seeds); diverged trials count as failed
  /// trials of the search, not as a failed clause.
  case bestTestAccuracy = "best_test_accuracy"
  /// The best sweep trial's test loss (mean over seeds).
  case bestTestLoss = "best_test_loss"

  /// Whether the metric judges a search by its best trial.
  public var isBestOfSweep: Bool { self == .bestTestAccuracy || self == .bestTestLoss }
}

/// An arithmetic expression over variant metrics and numbers.
public indirect enum ExpectExpression: Sendable, Hashable {
  case number(Double)
  case metric(variant: String, metric: ExpectMetric)
  case binary(Character, ExpectExpression, ExpectExpression)

  var references: [(String, ExpectMetric)] {
    switch self {
    case .number: return []
    case .metric(let v, let m): return [(v, m)]
    case .binary(_, let l, let r): return l.references + r.references
    }
  }

  func evaluate(_ lookup: (String, ExpectMetric) -> Double) -> Double {
    switch self {
    case .number(let n): return n
    case .metric(let v, let m): return lookup(v, m)
    case .binary(let op, let l, let r):
      let a = l.evaluate(lookup)
      let b = r.evaluate(lookup)
      switch op {
      case "+": return a + b
      case "-": return a - b
      case "*": return a * b
      default: return a / b
      }
    }
  }
}

public enum ExpectComparison: String, Sendable, Hashable, CaseIterable {
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="

  func holds(_ a: Double, _ b: Double) -> Bool {
    switch self {
    case .less: return a < b
    case .lessOrEqual: return a <= b
    case .greater: return a > b
    case .greaterOrEqual: return a >= b
    }
  }
}

/// `bn.test_accuracy > no-bn.test_accuracy`, `adam.train_loss < 0.5 * sgd.train_loss`.
public struct ExpectationClause: Sendable, Hashable {
  public var text: String
  public var left: ExpectExpression
  public var comparison: ExpectComparison
  public var right: ExpectExpression
  public var position: SourcePosition?

  public var references: [(variant: String, metric: ExpectMetric)] {
    (left.references + right.references).map { (variant: $0.0, metric: $0.1) }
  }
}

/// The outcome of one clause after training.
public struct ExpectationResult: Sendable, Hashable, Codable {
  public var clause: String
  public var passed: Bool
  /// Every `variant.metric` the clause reads, averaged over seeds (null when not finite).
  public var values: [String: Double?]
  /// Why it failed, when it did for a reason other than the comparison (e.g. divergence).
  public var message: String?
}
