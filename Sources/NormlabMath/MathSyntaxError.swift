/// Why a formula, or the `$` structure of a piece of prose, could not be read.
///
/// `offset` counts characters (Swift `Character`s) from the start of the string that was
/// parsed, so a caller can point at the spot: `caption:1:17: error: unknown command \mathbb`.
public struct MathSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Reason: Sendable, Equatable {
    case unknownCommand(String)
    /// `command` needs `expected` arguments and found fewer.
    case missingArgument(command: String, expected: Int)
    case unbalancedOpenBrace
    case unexpectedCloseBrace
    case doubleSubscript
    case doubleSuperscript
    /// A character with no meaning in the subset, such as `&` or `#`.
    case unexpectedCharacter(Character)
    case leftWithoutRight
    case rightWithoutLeft
    /// `\left` or `\right` followed by something that is not a delimiter.
    case notADelimiter(command: String)
    /// A construct the subset leaves out on purpose, such as `\sqrt[3]{x}`.
    case unsupported(String)
    case tooDeep(limit: Int)
    case tooLong(limit: Int)
    case emptyFormula
    /// A `$` or `$$` that opens a formula and is never closed.
    case unclosedDollar(String)
  }

  public var offset: Int
  public var reason: Reason

  public init(offset: Int, reason: Reason) {
    self.offset = offset
    self.reason = reason
  }

  /// The same error with `offset` counted from `base` characters earlier (a formula inside prose).
  public func shifted(by base: Int) -> MathSyntaxError {
    MathSyntaxError(offset: offset + base, reason: reason)
  }

  public var message: String {
    switch reason {
    case .unknownCommand(let name):
      return "unknown command `\\\(name)`; the supported commands are listed in docs/math.md"
    case .missingArgument(let command, let expected):
      let words = [1: "an argument", 2: "two arguments"]
      let count = words[expected] ?? "\(expected) arguments"
      return "`\(command)` needs \(count)"
    case .unbalancedOpenBrace: return "unbalanced `{`: it is never closed"
    case .unexpectedCloseBrace: return "unbalanced `}`: nothing to close"
    case .doubleSubscript: return "double subscript: use braces, `x_{ij}`"
    case .doubleSuperscript: return "double superscript: use braces, `x^{ab}`"
    case .unexpectedCharacter(let character):
      return "unexpected `\(character)` in a formula"
    case .leftWithoutRight: return "`\\left` without a matching `\\right`"
    case .rightWithoutLeft: return "`\\right` without a matching `\\left`"
    case .notADelimiter(let command):
      return "`\(command)` must be followed by a delimiter such as `(`, `[`, `|`, `\\{` or `.`"
    case .unsupported(let what): return "\(what) is not supported"
    case .tooDeep(let limit): return "the formula nests deeper than \(limit) levels"
    case .tooLong(let limit): return "the formula is longer than \(limit) characters"
    case .emptyFormula: return "empty formula"
    case .unclosedDollar(let dollar):
      return "unclosed `\(dollar)`; write `\\$` for a literal dollar sign"
    }
  }

  public var description: String { "\(offset): \(message)" }
}
