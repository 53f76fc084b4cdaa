import NormlabMath

/// The Markdown subset report sections are written in, converted to Pango markup for the PDF:
/// paragraphs, `-`/`*`/`1.` list items, `**strong**`, `*emphasis*`/`_emphasis_`, `` `code` ``.
/// Everything else (formulas written as text, `<`, `&`) is shown literally, escaped.
public enum MarkdownBlock: Sendable, Equatable {
  /// Pango markup of one paragraph.
  case paragraph(String)
  /// Pango markup of one list item with its marker (`•` or `3.`).
  case item(marker: String, text: String)
}

public enum MarkdownConverter {
  /// Splits `text` into blocks; consecutive non-blank lines join into one paragraph.
  public static func blocks(_ text: String) -> [MarkdownBlock] {
    sourceBlocks(text).map { block in
      switch block {
      case .paragraph(let source): return .paragraph(inline(source))
      case .item(let marker, let source): return .item(marker: marker, text: inline(source))
      }
    }
  }

  /// Paragraphs (consecutive non-blank lines) and list items (with indented continuation
  /// lines), their spans still Markdown: the block rules the PDF and the HTML page share.
  static func sourceBlocks(_ text: String) -> [MarkdownBlock] {
    var blocks: [MarkdownBlock] = []
    var paragraph: [String] = []
    var item: (String, [String])?
    func flush() {
      if !paragraph.isEmpty {
        blocks.append(.paragraph(join(paragraph)))
        paragraph = []
      }
      if let (marker, lines) = item {
        blocks.append(.item(marker: marker, text: join(lines)))
        item = nil
      }
    }
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = raw.trimmed
      if line.isEmpty {
        flush()
        continue
      }
      if let (marker, rest) = listItem(line) {
        flush()
        item = (marker, [rest])
      } else if item != nil, raw.first == " " || raw.first == "\t" {
        // An indented line continues the list item.
        item?.1.append(line)
      } else {
        if item != nil { flush() }
        paragraph.append(line)
      }
    }
    flush()
    return blocks
  }

  /// The lines of a paragraph as one line. A line break becomes a space, except next to Chinese
  /// or Japanese punctuation or between two such characters, where the script uses no spaces
  /// (as pandoc's `east_asian_line_breaks`).
  static func join(_ lines: [String]) -> String {
    var out = ""
    for line in lines {
      if let last = out.last, let first = line.first,
        !(isWidePunctuation(last) || isWidePunctuation(first) || (isWide(last) && isWide(first)))
      {
        out += " "
      }
      out += line
    }
    return out
  }

  /// A character of the CJK scripts or their full-width punctuation.
  static func isWide(_ c: Character) -> Bool {
    guard let scalar = c.unicodeScalars.first else { return false }
    switch scalar.value {
    case 0x2E80...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x2FA1F: return true
    default: return false
    }
  }

  /// Full-width punctuation (。，、；：？！（）「」《》…): never a space beside it.
  static func isWidePunctuation(_ c: Character) -> Bool {
    guard let scalar = c.unicodeScalars.first else { return false }
    switch scalar.value {
    case 0x3000...0x303F, 0xFE30...0xFE4F, 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65: return true
    default: return false
    }
  }

  /// `- x`, `* x`, `+ x` → "•"; `12. x` → "12.".
  static func listItem(_ line: String) -> (String, String)? {
    for bullet in ["- ", "* ", "+ "] where line.hasPrefix(bullet) {
      return ("•", String(line.dropFirst(2)).trimmed)
    }
    let digits = line.prefix { $0.isNumber }
    if !digits.isEmpty, digits.count <= 3, line.dropFirst(digits.count).hasPrefix(". ") {
      return ("\(digits).", String(line.dropFirst(digits.count + 2)).trimmed)
    }
    return nil
  }

  /// Inline spans to Pango markup. Code spans are literal; an unmatched `*`, `_` or `` ` ``
  /// stays a plain character, so the output is always well-formed markup.
  public static func inline(_ text: String) -> String { MarkdownSpans.pango.convert(text) }
}

/// The inline Markdown rules the PDF and the HTML page share (`` `code` ``, `**strong**`,
/// `*emphasis*`/`_emphasis_`, backslash escapes), written out with each output's tags. Code
/// spans are literal; an unmatched `*`, `_` or `` ` `` stays a plain character, so the output
/// is always well formed.
struct MarkdownSpans: Sendable {
  var code: (open: String, close: String)
  var strong: (open: String, close: String)
  var emphasis: (open: String, close: String)

  static let pango = MarkdownSpans(code: ("<tt>", "</tt>"), strong: ("<b>", "</b>"), emphasis: ("<i>", "</i>"))
  static let html = MarkdownSpans(
    code: ("<code>", "</code>"), strong: ("<strong>", "</strong>"), emphasis: ("<em>", "</em>"))

  func convert(_ text: String) -> String {
    let chars = Array(text)
    var out = ""
    var i = 0
    func closing(_ marker: [Character], from start: Int) -> Int? {
      var j = start
      while j + marker.count <= chars.count {
        if Array(chars[j..<(j + marker.count)]) == marker, j > start { return j }
        j += 1
      }
      return nil
    }
    while i < chars.count {
      let c = chars[i]
      if c == "\\", i + 1 < chars.count, "*_`\\".contains(chars[i + 1]) {
        out += Markup.escape(String(chars[i + 1]))
        i += 2
        continue
      }
      if c == "`", let end = closing(["`"], from: i + 1) {
        out += code.open + Markup.escape(String(chars[(i + 1)..<end])) + code.close
        i = end + 1
        continue
      }
      if c == "*" || c == "_", i + 1 < chars.count, chars[i + 1] == c, let end = closing([c, c], from: i + 2) {
        out += strong.open + convert(String(chars[(i + 2)..<end])) + strong.close
        i = end + 2
        continue
      }
      // Emphasis opens before a non-space and, for `_`, not inside a word (snake_case).
      if c == "*" || c == "_", i + 1 < chars.count, chars[i + 1] != " ",
        c == "*" || i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber),
        let end = closing([c], from: i + 1), chars[end - 1] != " ",
        c == "*" || end + 1 >= chars.count || !(chars[end + 1].isLetter || chars[end + 1].isNumber)
      {
        out += emphasis.open + convert(String(chars[(i + 1)..<end])) + emphasis.close
        i = end + 1
        continue
      }
      out += Markup.escape(String(c))
      i += 1
    }
    return out
  }
}

extension StringProtocol {
  /// Without leading and trailing spaces and tabs.
  var trimmed: String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
    guard let start = firstIndex(where: { !isBlank($0) }), let end = lastIndex(where: { !isBlank($0) }) else { return "" }
    return String(self[start...end])
  }
}
