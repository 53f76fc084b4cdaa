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

  /// The same blocks with each paragraph's text transformed, e.g. Markdown to Pango markup.
  /// Convert after splitting: Markdown would read `x_i` in a formula as emphasis.
  public func mappingText(_ transform: (String) throws -> String) rethrows -> MathProse {
    var copy = self
    copy.blocks = try blocks.map { block in
      if case .paragraph(let text, let formulas) = block {
        return .paragraph(text: try transform(text), formulas: formulas)
      }
      return block
    }
    return copy
  }

  static func trimmed(_ text: String) -> String {
    let characters = Array(text)
    guard let first = characters.firstIndex(where: { !$0.isWhitespace }),
      let last = characters.lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    return String(characters[first...last])
  }
}
