import Foundation

/// Parses clauses with a small recursive-descent parser. Variant names may contain `-`, so a
/// binary minus needs spaces around it. Clauses are bounded (length, tokens, nesting), so a
/// hostile clause is refused with a message instead of exhausting the stack.
public enum ExpectationParser {
  public static let maxLength = 1000
  public static let maxTokens = 200
  /// Parentheses and unary minus signs nested deeper than this are refused.
  public static let maxDepth = 32

  public struct ParseError: Error, Sendable {
    public var message: String
    /// 0-based character offset in the clause.
    public var offset: Int
  }

  enum Token: Equatable {
    case number(Double)
    case reference(String, String)
    case op(Character)
    case comparison(ExpectComparison)
    case open, close
  }

  /// A clause split into its two sides, the comparison, and the confidence of a noise-aware
  /// clause.
  public struct Parsed: Sendable {
    public var left: ExpectExpression
    public var comparison: ExpectComparison
    public var right: ExpectExpression
    public var confidence: Double?
  }

  public static func parse(_ text: String) throws(ParseError) -> Parsed {
    guard text.count <= maxLength else {
      throw ParseError(message: "the clause is \(text.count) characters long; at most \(maxLength) are allowed", offset: 0)
    }
    let (body, confidence) = try splitConfidence(text)
    let tokens = try tokenize(body)
    guard tokens.count <= maxTokens else {
      throw ParseError(message: "the clause has more than \(maxTokens) terms; split it into several clauses", offset: tokens[maxTokens].1)
    }
    var index = 0
    var depth = 0
    let left = try expression(tokens, &index, &depth)
    guard index < tokens.count, case .comparison(let comparison) = tokens[index].0 else {
      throw ParseError(
        message: "expected a comparison (<, <=, >, >=)",
        offset: index < tokens.count ? tokens[index].1 : body.count)
    }
    index += 1
    let right = try expression(tokens, &index, &depth)
    if index < tokens.count {
      throw ParseError(message: "unexpected text after the comparison", offset: tokens[index].1)
    }
    return Parsed(left: left, comparison: comparison, right: right, confidence: confidence)
  }

  /// An arithmetic expression alone (the inside of `{{ ... }}` in report prose).
  public static func parseExpression(_ text: String) throws(ParseError) -> ExpectExpression {
    guard text.count <= maxLength else {
      throw ParseError(message: "the value is \(text.count) characters long; at most \(maxLength) are allowed", offset: 0)
    }
    let tokens = try tokenize(text)
    guard tokens.count <= maxTokens else {
      throw ParseError(message: "the value has more than \(maxTokens) terms", offset: tokens[maxTokens].1)
    }
    var index = 0
    var depth = 0
    let expression = try expression(tokens, &index, &depth)
    if index < tokens.count {
      throw ParseError(message: "unexpected text in the value", offset: tokens[index].1)
    }
    return expression
  }

  /// Confidence levels a noise-aware clause may ask for.
  public static let confidenceRange = 0.5...0.9999

  /// `... (confidence 0.95)` or `(confidence 95%)` at the end of a clause: the clause without
  /// it, and the level.
  static func splitConfidence(_ text: String) throws(ParseError) -> (String, Double?) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasSuffix(")"), let open = trimmed.range(of: "(confidence", options: .backwards) else {
      return (text, nil)
    }
    let offset = trimmed.distance(from: trimmed.startIndex, to: open.lowerBound)
    let inner = trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)].trimmingCharacters(in: .whitespaces)
    let percent = inner.hasSuffix("%")
    guard let number = Double(percent ? String(inner.dropLast()) : inner), number.isFinite else {
      throw ParseError(message: "`(confidence X)` needs a number such as 0.95 or 95%", offset: offset)
    }
    let level = percent ? number / 100 : number
    guard confidenceRange.contains(level) else {
      throw ParseError(message: "a confidence must be between 0.5 and 0.9999, not \(inner)", offset: offset)
    }
    return (String(trimmed[..<open.lowerBound]), level)
  }

  static func tokenize(_ text: String) throws(ParseError) -> [(Token, Int)] {
    let chars = Array(text)
    var tokens: [(Token, Int)] = []
    var i = 0
    func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" }
    while i < chars.count {
      let c = chars[i]
      if c == " " || c == "\t" {
        i += 1
        continue
      }
      let start = i
      if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
        var j = i
        while j < chars.count,
          chars[j].isNumber || chars[j] == "." || chars[j] == "e" || chars[j] == "E"
            || ((chars[j] == "-" || chars[j] == "+") && j > i && (chars[j - 1] == "e" || chars[j - 1] == "E"))
        {
          j += 1
        }
        guard let value = Double(String(chars[i..<j])) else {
          throw ParseError(message: "malformed number", offset: start)
        }
        tokens.append((.number(value), start))
        i = j
      } else if c.isLetter || c == "_" {
        var j = i
        while j < chars.count, isNameChar(chars[j]) { j += 1 }
        // A trailing '-' belongs to a binary minus, not to the name.
        while j > i + 1, chars[j - 1] == "-" { j -= 1 }
        let variant = String(chars[i..<j])
        guard j < chars.count, chars[j] == "." else {
          throw ParseError(message: "expected `variant.metric`, found `\(variant)`", offset: start)
        }
        var k = j + 1
        while k < chars.count, chars[k].isLetter || chars[k] == "_" { k += 1 }
        var metric = String(chars[(j + 1)..<k])
        // `steps_to(test_accuracy >= 0.9)`: the target belongs to the metric's name.
        if k < chars.count, chars[k] == "(", metric == "steps_to" || metric == "epochs_to" {
          guard let close = chars[k...].firstIndex(of: ")") else {
            throw ParseError(message: "`\(metric)(` is missing its `)`", offset: k)
          }
          let inner = String(chars[(k + 1)..<close]).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
          metric += "(" + inner + ")"
          k = close + 1
        }
        tokens.append((.reference(variant, metric), start))
        i = k
      } else if "+-*/".contains(c) {
        tokens.append((.op(c), start))
        i += 1
      } else if c == "(" {
        tokens.append((.open, start))
        i += 1
      } else if c == ")" {
        tokens.append((.close, start))
        i += 1
      } else if c == "<" || c == ">" {
        let orEqual = i + 1 < chars.count && chars[i + 1] == "="
        let comparison: ExpectComparison =
          c == "<" ? (orEqual ? .lessOrEqual : .less) : (orEqual ? .greaterOrEqual : .greater)
        tokens.append((.comparison(comparison), start))
        i += orEqual ? 2 : 1
      } else {
        throw ParseError(message: "unexpected character `\(c)`", offset: start)
      }
    }
    return tokens
  }

  static func expression(_ tokens: [(Token, Int)], _ index: inout Int, _ depth: inout Int) throws(ParseError)
    -> ExpectExpression
  {
    var left = try term(tokens, &index, &depth)
    while index < tokens.count, case .op(let op) = tokens[index].0, op == "+" || op == "-" {
      index += 1
      left = .binary(op, left, try term(tokens, &index, &depth))
    }
    return left
  }

  static func term(_ tokens: [(Token, Int)], _ index: inout Int, _ depth: inout Int) throws(ParseError)
    -> ExpectExpression
  {
    var left = try factor(tokens, &index, &depth)
    while index < tokens.count, case .op(let op) = tokens[index].0, op == "*" || op == "/" {
      index += 1
      left = .binary(op, left, try factor(tokens, &index, &depth))
    }
    return left
  }

  static func factor(_ tokens: [(Token, Int)], _ index: inout Int, _ depth: inout Int) throws(ParseError)
    -> ExpectExpression
  {
    guard index < tokens.count else {
      throw ParseError(message: "expression ends too early", offset: Int.max)
    }
    let (token, offset) = tokens[index]
    index += 1
    if token == .open || token == .op("-") {
      depth += 1
      guard depth <= maxDepth else {
        throw ParseError(message: "parentheses and signs nest more than \(maxDepth) deep", offset: offset)
      }
    }
    defer { if token == .open || token == .op("-") { depth -= 1 } }
    switch token {
    case .number(let n): return .number(n)
    case .op("-"):
      return .binary("-", .number(0), try factor(tokens, &index, &depth))
    case .reference(let variant, let metricName):
      switch ExpectMetric.parse(metricName) {
      case .success(let metric): return .metric(variant: variant, metric: metric)
      case .failure(let problem):
        throw ParseError(message: problem.message + (problem.hint.map { "; \($0)" } ?? ""), offset: offset)
      }
    case .open:
      let inner = try expression(tokens, &index, &depth)
      guard index < tokens.count, tokens[index].0 == .close else {
        throw ParseError(message: "missing `)`", offset: offset)
      }
      index += 1
      return inner
    default:
      throw ParseError(message: "expected a number or `variant.metric`", offset: offset)
    }
  }
}
