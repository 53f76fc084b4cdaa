import NormlabEngine
import RealModule

/// A data file problem, with the file and, where known, the row and column.
public struct DataError: Error, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int?
  public var column: Int?
  public var message: String
  public var hint: String?
  /// The experiment key that names the file (`data.path`, `data.images`, ...), when known;
  /// problems without a row in the file are reported at that key of the experiment.
  public var key: String?
  /// The offending line of a text file, for the caret display.
  public var sourceLine: String?

  public init(
    file: String, line: Int? = nil, column: Int? = nil, message: String, hint: String? = nil,
    key: String? = nil, sourceLine: String? = nil
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
    self.hint = hint
    self.key = key
    self.sourceLine = sourceLine
  }

  public var description: String {
    if line != nil { return diagnostic.description }
    var text = "\(file): error: \(message)"
    if let hint { text += "\n    hint: \(hint)" }
    return text
  }

  /// The problem as a diagnostic inside the data file (row and column from 1).
  public var diagnostic: Diagnostic {
    Diagnostic(
      file: file, position: line.map { SourcePosition(line: $0, column: column ?? 1) },
      message: message, hint: hint, sourceLine: sourceLine)
  }
}
