/// Line breaking for titles, notes and annotations, done here rather than by the backend so
/// every backend breaks the same way and no line is left holding a single word.
public enum TextWrap {
  /// Greedy lines no wider than `width`; a last line of one word takes a word from the line
  /// before it (a word wider than `width` stands alone). A newline forces a break.
  public static func lines(_ text: String, width: Double, measure: (String) -> Double) -> [String] {
    let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
    if paragraphs.count > 1 {
      return paragraphs.flatMap { TextWrap.lines(String($0), width: width, measure: measure) }
    }
    let words = pieces(text)
    guard !words.isEmpty else { return [] }
    var lines: [[Piece]] = [[]]
    for word in words {
      let candidate = joined(lines[lines.count - 1] + [word])
      if lines[lines.count - 1].isEmpty || measure(candidate) <= width {
        lines[lines.count - 1].append(word)
      } else {
        lines.append([word])
      }
    }
    // No orphan: move words down while the last line has one and the one above can spare it.
    while lines.count >= 2, lines[lines.count - 1].count == 1, lines[lines.count - 2].count >= 3 {
      let moved = lines[lines.count - 2].removeLast()
      let candidate = joined([moved] + lines[lines.count - 1])
      lines[lines.count - 1].insert(moved, at: 0)
      if measure(candidate) > width {
        // It does not fit: undo, an orphan is better than an overflow.
        lines[lines.count - 2].append(lines[lines.count - 1].removeFirst())
        break
      }
    }
    return lines.map(joined)
  }

  /// A unit a line may break after: a word, or one Chinese or Japanese character (those
  /// scripts break between characters, and write no spaces).
  struct Piece {
    var text: String
    /// Written after a space, which is kept when the piece does not start a line.
    var spaceBefore: Bool
  }

  static func pieces(_ text: String) -> [Piece] {
    var out: [Piece] = []
    var current = ""
    var space = false
    for c in text {
      if c == " " {
        if !current.isEmpty { out.append(Piece(text: current, spaceBefore: space)) }
        current = ""
        space = true
        continue
      }
      if let last = current.last, breaks(between: last, and: c) {
        out.append(Piece(text: current, spaceBefore: space))
        current = ""
        space = false
      }
      current.append(c)
    }
    if !current.isEmpty { out.append(Piece(text: current, spaceBefore: space)) }
    return out
  }

  static func joined(_ pieces: [Piece]) -> String {
    var out = ""
    for (index, piece) in pieces.enumerated() {
      if index > 0 && piece.spaceBefore { out += " " }
      out += piece.text
    }
    return out
  }

  /// A line may break between two characters next to a wide (CJK) one, except before closing
  /// punctuation (，。）) and after opening punctuation (（「).
  static func breaks(between a: Character, and b: Character) -> Bool {
    guard isWide(a) || isWide(b) else { return false }
    return !"，。、；：？！）」』】》〉…,.;:?!)".contains(b) && !"（「『【《〈(".contains(a)
  }

  static func isWide(_ c: Character) -> Bool {
    guard let scalar = c.unicodeScalars.first else { return false }
    switch scalar.value {
    case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x2FA1F: return true
    default: return false
    }
  }

  /// As few lines as `lines` gives, made as even as possible (the narrowest width that still
  /// needs no more lines), as titles are set.
  public static func balancedLines(_ text: String, width: Double, measure: (String) -> Double)
    -> [String]
  {
    let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
    if paragraphs.count > 1 {
      return paragraphs.flatMap { balancedLines(String($0), width: width, measure: measure) }
    }
    let greedy = lines(text, width: width, measure: measure)
    guard greedy.count >= 2 else { return greedy }
    var low = 0.0
    var high = width
    for _ in 0..<24 {
      let middle = (low + high) / 2
      if lines(text, width: middle, measure: measure).count <= greedy.count { high = middle } else { low = middle }
    }
    return lines(text, width: high, measure: measure)
  }
}
