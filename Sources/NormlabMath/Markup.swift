/// Text for the XML family of markup normlab writes: HTML, SVG, MathML and Pango markup.
public enum Markup {
  /// `&`, `<`, `>`, `"` and `'` as entities. Control characters other than tab and newline, C1
  /// controls and the non-characters U+FFFE/U+FFFF are dropped: XML forbids most of them, and
  /// the rest would show as boxes.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n": out.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0xFFFE...0xFFFF).contains(scalar.value) {
          continue
        }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
