/// Splits prose into text and formulas.
///
/// The rule, as in TeX: `$...$` is an inline formula, `$$...$$` a display formula, `\$` a
/// literal dollar sign (in prose and inside formulas). Every other `$` opens a formula, so a
/// dollar amount must be written `\$5`; an unclosed `$` is an error at its offset rather than
/// a silently swallowed sentence. Inside a Markdown code span (`` `echo $HOME` ``) dollars are
/// literal, since shell variables turn up in experiment notes.
public enum MathText {
  public enum Segment: Sendable, Equatable {
    case text(String)
    /// An inline formula's source and the offset (in characters) of its first character.
    case inline(String, offset: Int)
    case display(String, offset: Int)
  }

  public static func segments(of prose: String) throws(MathSyntaxError) -> [Segment] {
    let characters = Array(prose)
    var segments: [Segment] = []
    var text = ""
    var i = 0

    func flushText() {
      if !text.isEmpty { segments.append(.text(text)) }
      text = ""
    }

    while i < characters.count {
      let c = characters[i]
      if c == "\\", i + 1 < characters.count, characters[i + 1] == "$" {
        text.append("$")
        i += 2
        continue
      }
      if c == "`", let end = characters[(i + 1)...].firstIndex(of: "`") {
        text += String(characters[i...end])
        i = end + 1
        continue
      }
      guard c == "$" else {
        text.append(c)
        i += 1
        continue
      }
      let display = i + 1 < characters.count && characters[i + 1] == "$"
      let opener = display ? "$$" : "$"
      let start = i + opener.count
      guard let end = closingDollar(in: characters, from: start) else {
        throw MathSyntaxError(offset: i, reason: .unclosedDollar(opener))
      }
      if display {
        guard end + 1 < characters.count, characters[end + 1] == "$" else {
          throw MathSyntaxError(offset: i, reason: .unclosedDollar(opener))
        }
      }
      let source = String(characters[start..<end])
      guard source.contains(where: { !$0.isWhitespace }) else {
        throw MathSyntaxError(offset: i, reason: .emptyFormula)
      }
      flushText()
      segments.append(display ? .display(source, offset: start) : .inline(source, offset: start))
      i = end + opener.count
    }
    flushText()
    return segments
  }

  /// Index of the next `$` not preceded by a backslash.
  static func closingDollar(in characters: [Character], from start: Int) -> Int? {
    var j = start
    while j < characters.count {
      if characters[j] == "\\" {
        j += 2
        continue
      }
      if characters[j] == "$" { return j }
      j += 1
    }
    return nil
  }
}
