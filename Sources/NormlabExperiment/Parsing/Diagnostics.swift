/// A position in a source file (1-based line and column).
public struct SourcePosition: Sendable, Hashable {
  public var line: Int
  public var column: Int
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
}

/// One problem found in an input, printed as `FILE:LINE:COLUMN: error: MESSAGE` (or `warning:`
/// for something that does not stop the run), then the offending line with a caret, then the
/// hint.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
  public enum Severity: String, Sendable, Hashable {
    case error, warning
  }

  public var file: String
  public var position: SourcePosition?
  public var message: String
  public var hint: String?
  /// The text of the offending line, for the caret display.
  public var sourceLine: String?
  public var severity: Severity

  public init(
    file: String, position: SourcePosition?, message: String, hint: String? = nil,
    sourceLine: String? = nil, severity: Severity = .error
  ) {
    self.severity = severity
    self.file = file
    self.position = position
    self.message = message
    self.hint = hint
    self.sourceLine = sourceLine
  }

  public var description: String {
    var text: String
    if let position {
      text = "\(file):\(position.line):\(position.column): \(severity.rawValue): \(message)"
    } else {
      text = "\(file): \(severity.rawValue): \(message)"
    }
    if let sourceLine, let position {
      let shown = sourceLine.count > 200 ? String(sourceLine.prefix(200)) + "…" : sourceLine
      text += "\n    " + shown
      let caretColumn = min(max(position.column - 1, 0), 200)
      let indent = String(shown.prefix(caretColumn).map { $0 == "\t" ? "\t" : " " })
      text += "\n    " + indent + "^"
    }
    if let hint { text += "\n    hint: \(hint)" }
    return text
  }
}

/// Everything wrong with an experiment file, reported at once.
public struct ExperimentError: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Edit distance, for "did you mean" hints.
func levenshtein(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}

/// The closest candidate within a small edit distance, if any.
func suggestion(for word: String, among candidates: [String]) -> String? {
  let scored = candidates.map { ($0, levenshtein(word.lowercased(), $0.lowercased())) }
  guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else {
    return nil
  }
  let limit = max(2, word.count / 3)
  return best.1 <= limit ? best.0 : nil
}
