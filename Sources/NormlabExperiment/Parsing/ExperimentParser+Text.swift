import Yams

/// Bytes that cannot be YAML text, and libyaml's errors in words with positions.
extension ExperimentParser {
  /// The offset of the first NUL or invalid UTF-8 byte, and what is wrong with it.
  static func firstNonTextByte(_ bytes: [UInt8]) -> (Int, String)? {
    if let nul = bytes.firstIndex(of: 0) {
      // Only a NUL before any invalid sequence counts; find the earliest problem of both.
      if let invalid = firstInvalidUTF8(bytes[..<nul]) { return (invalid, "invalid UTF-8") }
      return (nul, "a NUL byte")
    }
    return firstInvalidUTF8(bytes[...]).map { ($0, "invalid UTF-8") }
  }

  static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = bytes.startIndex
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): offset += UTF8.width(scalar)
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }

  mutating func reportYAMLError(_ yamlError: YamlError, text: String) {
    switch yamlError {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var message = "invalid YAML: \(problem)"
      if let context { message += " (\(context.text))" }
      let lineText = mark.line >= 1 && mark.line <= lines.count ? lines[mark.line - 1] : ""
      let indentedWithTab = lineText.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t")
      let hint: String
      if indentedWithTab {
        hint = "this line is indented with tabs; YAML indentation must use spaces"
      } else if problem.contains("unknown escape") {
        // Formulas in double quotes: `"\\frac"` is an escape to YAML.
        hint = "in double quotes a backslash starts an escape; write formulas in single quotes ('$\\frac{1}{m}$'), a block scalar (|), or double each backslash"
      } else {
        hint = "check indentation and that every `key:` has a space after the colon"
      }
      error(message, at: mark, hint: hint)
    case .reader(let problem, let offset, _, _):
      let prefix = text.utf8.prefix(max(offset ?? 0, 0))
      let line = prefix.count(where: { $0 == 0x0A }) + 1
      error("cannot read the file as YAML text: \(problem)", position: SourcePosition(line: line, column: 1))
    case .duplicatedKeysInMapping(let duplicates, let context):
      let mark = context.mark
      error("duplicate key `\(duplicates.first ?? "")`", position: SourcePosition(line: max(mark.line, 1), column: max(mark.column, 1)),
        hint: "each key may appear once in a mapping")
    default:
      error("invalid YAML: \(yamlError)", position: SourcePosition(line: 1, column: 1))
    }
  }
}
