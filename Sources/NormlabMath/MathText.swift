/// Splits prose into text and formulas.
///
/// The rule, as in TeX: `$...$` is an inline formula, `$$...$$` a display formula, `\$` a
/// literal dollar sign (in prose and inside formulas). Every other `$` opens a formula, so a
/// dollar amount must be written `\$5`; an unclosed `$` is an error at its offset rather than
/// a silently swallowed sentence.
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

/// Prose with its formulas parsed, in the shape a page renderer wants: paragraphs whose inline
/// formulas are marked by U+FFFC, and display formulas on their own.
public struct MathProse: Sendable, Equatable {
  public enum Block: Sendable, Equatable {
    /// Text with one `MathProse.placeholder` per inline formula, and those formulas in order.
    case paragraph(text: String, formulas: [MathNode])
    case display(MathNode)
  }

  /// U+FFFC OBJECT REPLACEMENT CHARACTER; any already in the prose are removed.
  public static let placeholder: Character = "\u{FFFC}"

  public var blocks: [Block]

  /// Splits and parses `prose`; a formula's error offset counts from the start of `prose`.
  public init(parsing prose: String) throws(MathSyntaxError) {
    var blocks: [Block] = []
    var text = ""
    var formulas: [MathNode] = []

    func flushParagraph() {
      let trimmed = Self.trimmed(text)
      if !trimmed.isEmpty || !formulas.isEmpty {
        blocks.append(.paragraph(text: trimmed, formulas: formulas))
      }
      text = ""
      formulas = []
    }

    for segment in try MathText.segments(of: prose) {
      switch segment {
      case .text(let string):
        text += string.filter { $0 != Self.placeholder }
      case .inline(let source, let offset):
        do {
          formulas.append(try MathParser.parse(source))
        } catch {
          throw error.shifted(by: offset)
        }
        text.append(Self.placeholder)
      case .display(let source, let offset):
        let node: MathNode
        do {
          node = try MathParser.parse(source)
        } catch {
          throw error.shifted(by: offset)
        }
        flushParagraph()
        blocks.append(.display(node))
      }
    }
    flushParagraph()
    self.blocks = blocks
  }

  static func trimmed(_ text: String) -> String {
    let characters = Array(text)
    guard let first = characters.firstIndex(where: { !$0.isWhitespace }),
      let last = characters.lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    return String(characters[first...last])
  }
}
