import NormlabStatistics

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

  /// The relation a confidence test checks.
  var relation: Relation {
    switch self {
    case .less: return .less
    case .lessOrEqual: return .lessOrEqual
    case .greater: return .greater
    case .greaterOrEqual: return .greaterOrEqual
    }
  }

  func holds(_ a: Double, _ b: Double) -> Bool {
    switch self {
    case .less: return a < b
    case .lessOrEqual: return a <= b
    case .greater: return a > b
    case .greaterOrEqual: return a >= b
    }
  }
}

/// `bn.test_accuracy > no-bn.test_accuracy`, `adam.train_loss < 0.5 * sgd.train_loss`, and the
/// noise-aware form `bn.test_accuracy > no-bn.test_accuracy (confidence 0.95)`, which holds
/// only when a t-test over seeds supports it.
public struct ExpectationClause: Sendable, Hashable {
  public var text: String
  public var left: ExpectExpression
  public var comparison: ExpectComparison
  public var right: ExpectExpression
  /// The confidence of a noise-aware clause; nil compares the means over seeds.
  public var confidence: Double?
  public var position: SourcePosition?

  public init(
    text: String, left: ExpectExpression, comparison: ExpectComparison, right: ExpectExpression,
    confidence: Double? = nil, position: SourcePosition? = nil
  ) {
    self.text = text
    self.left = left
    self.comparison = comparison
    self.right = right
    self.confidence = confidence
    self.position = position
  }

  /// Parses `text` (positions are set by the caller).
  public init(parsing text: String) throws(ExpectationParser.ParseError) {
    let parsed = try ExpectationParser.parse(text)
    self.init(text: text, left: parsed.left, comparison: parsed.comparison, right: parsed.right, confidence: parsed.confidence)
  }

  public var references: [(variant: String, metric: ExpectMetric)] {
    (left.references + right.references).map { (variant: $0.0, metric: $0.1) }
  }
}

/// The outcome of one clause after training.
public struct ExpectationResult: Sendable, Hashable, Codable {
  public var clause: String
  public var passed: Bool
  /// Every `variant.metric` the clause reads, over seeds (mean; median for steps to a target;
  /// null when not finite).
  public var values: [String: Double?]
  /// Why it failed, when it did for a reason other than the comparison (e.g. divergence).
  public var message: String?
  /// The t-test of a noise-aware clause: which test, p-value, effect size, interval.
  public var test: ClaimTestRecord? = nil

  public init(clause: String, passed: Bool, values: [String: Double?], message: String?, test: ClaimTestRecord? = nil) {
    self.clause = clause
    self.passed = passed
    self.values = values
    self.message = message
    self.test = test
  }
}
