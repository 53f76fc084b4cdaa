import Foundation

/// A computed number in report prose: `{{ bn.test_accuracy | percent }}`,
/// `{{ no-bn.train_loss | fixed: 3 }}`, `{{ no-bn.steps_to(test_accuracy >= 0.9) / bn.steps_to(test_accuracy >= 0.9) | digits: 2 }}`.
/// The expression uses the names and metrics of `expect:` clauses and takes the values the
/// report's tables show (mean over seeds; median for steps to a target; a search's best trial
/// for `best_` metrics); filters format it.
public struct InlineValue: Sendable, Hashable {
  public enum Filter: Sendable, Hashable {
    /// × 100 with one decimal and `%`.
    case percent
    /// This many decimals.
    case fixed(Int)
    /// This many significant digits (4 without a filter).
    case digits(Int)
    /// ` ± standard deviation` over seeds (a single metric only).
    case std
    /// ` [lower, upper]`: the 95% confidence interval of the mean (a single metric only).
    case ci
  }

  /// The text between the braces, trimmed.
  public var source: String
  public var expression: ExpectExpression
  public var filters: [Filter]

  /// Reads the inside of `{{ ... }}`; the error's offset counts from the start of `source`.
  public init(parsing source: String) throws(ExpectationParser.ParseError) {
    self.source = source
    let parts = source.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    guard let first = parts.first, !first.isEmpty else {
      throw ExpectationParser.ParseError(message: "`{{ }}` needs a value such as `bn.test_accuracy`", offset: 0)
    }
    expression = try ExpectationParser.parseExpression(first)
    var filters: [Filter] = []
    var offset = first.count + 1
    for part in parts.dropFirst() {
      let pieces = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      let name = pieces.first ?? ""
      let argument = pieces.count > 1 ? Int(pieces[1]) : nil
      switch name {
      case "percent": filters.append(.percent)
      case "std": filters.append(.std)
      case "ci": filters.append(.ci)
      case "fixed", "digits":
        guard let argument, (0...12).contains(argument) else {
          throw ExpectationParser.ParseError(message: "`\(name)` needs a count from 0 to 12, e.g. `\(name): 3`", offset: offset)
        }
        filters.append(name == "fixed" ? .fixed(argument) : .digits(argument))
      default:
        let guess = suggestion(for: name, among: ["percent", "fixed", "digits", "std", "ci"])
        throw ExpectationParser.ParseError(
          message: "unknown filter `\(name)`\(guess.map { " (did you mean `\($0)`?)" } ?? ""); filters are percent, fixed: N, digits: N, std, ci",
          offset: offset)
      }
      offset += part.count + 1
    }
    if filters.contains(where: { $0 == .std || $0 == .ci }) {
      guard case .metric = expression else {
        throw ExpectationParser.ParseError(message: "`std` and `ci` describe one metric over seeds, not an expression", offset: 0)
      }
    }
    self.filters = filters
  }

  /// Every `{{ ... }}` in `text`: its range in characters and its source.
  public static func occurrences(in text: String) -> [(range: Range<Int>, source: String)] {
    let characters = Array(text)
    var found: [(Range<Int>, String)] = []
    var index = 0
    while index + 1 < characters.count {
      guard characters[index] == "{", characters[index + 1] == "{" else {
        index += 1
        continue
      }
      var end = index + 2
      while end + 1 < characters.count, !(characters[end] == "}" && characters[end + 1] == "}") { end += 1 }
      guard end + 1 < characters.count else { break }
      found.append((index..<(end + 2), String(characters[(index + 2)..<end]).trimmingCharacters(in: .whitespaces)))
      index = end + 2
    }
    return found
  }

  /// The value as text, from `result`'s runs.
  public func render(in result: ExperimentResult) -> String {
    let value = evaluate(in: result)
    guard !value.isNaN else { return "n/a" }
    guard value.isFinite else { return "not reached" }
    var text = format(value)
    if case .metric(let variant, let metric) = expression {
      let summary = result.summary(of: variant, trial: nil)?.metrics[metric.description]
      for filter in filters {
        switch filter {
        case .std:
          if let std = summary?.std { text += " ± " + format(std, spread: true) }
        case .ci:
          if let ci = summary?.ci95 { text += " [\(format(ci[0])), \(format(ci[1]))]" }
        default: break
        }
      }
    }
    return text
  }

  /// The number: the same aggregate the tables and `expect:` clauses use.
  public func evaluate(in result: ExperimentResult) -> Double {
    expression.evaluate { variant, metric in
      let group = result.runs.filter { $0.variant == variant }
      if metric.isBestOfSweep { return ExpectationEvaluator.best(metric, of: group).value }
      return metric.aggregate(group.map { metric.value(in: $0) ?? .nan })
    }
  }

  func format(_ value: Double, spread: Bool = false) -> String {
    var percent = false
    var decimals: Int?
    var digits = spread ? 2 : 4
    for filter in filters {
      switch filter {
      case .percent: percent = true
      case .fixed(let n): decimals = n
      case .digits(let n): digits = max(n, 1)
      default: break
      }
    }
    let scaled = percent ? value * 100 : value
    var text: String
    if let decimals {
      text = String(format: "%.\(decimals)f", scaled)
    } else if percent {
      text = String(format: "%.1f", scaled)
    } else {
      text = Self.significant(scaled, digits: digits)
    }
    if percent && !spread { text += "%" } else if percent { text += " pp" }
    return text
  }

  /// `value` with `digits` significant digits, without trailing zeros or exponent for everyday
  /// magnitudes.
  static func significant(_ value: Double, digits: Int) -> String {
    guard value != 0 else { return "0" }
    let magnitude = Int(log10(abs(value)).rounded(.down))
    let decimals = max(digits - 1 - magnitude, 0)
    if abs(value) >= 1e15 || abs(value) < 1e-6 { return String(format: "%.\(max(digits - 1, 0))e", value) }
    var text = String(format: "%.\(decimals)f", value)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }
}
