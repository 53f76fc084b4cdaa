/// A formula as one line of Unicode text, for places that cannot typeset (a PDF's metadata,
/// a running page header, a chart title): `\hat{y}_i` → `ŷ_i`, `\frac{1}{m}` → `1/m`,
/// `\sqrt{\sigma^2 + \epsilon}` → `√(σ^2 + ε)`.
extension MathNode {
  public var plainText: String {
    switch self {
    case .identifier(let text, _), .number(let text), .text(let text): return text
    case .symbol(let text, let kind):
      return kind == .binary || kind == .relation ? " \(text) " : text
    case .function(let name, _), .largeOperator(let name, _): return name
    case .row(let nodes): return nodes.map(\.plainText).joined()
    case .scripts(let base, let sub, let sup):
      var text = base.plainText
      if let sub { text += Self.script(sub.plainText.trimmingSpaces, table: Self.subscripts) ?? "_" + sub.grouped }
      if let sup { text += Self.script(sup.plainText.trimmingSpaces, table: Self.superscripts) ?? "^" + sup.grouped }
      return text
    case .fraction(let numerator, let denominator):
      return numerator.grouped + "/" + denominator.grouped
    case .squareRoot(let body): return "√" + body.grouped
    case .accent(let accent, let base):
      let text = base.plainText
      // A combining mark reads right on one letter; on more it would sit on the last only.
      guard text.count == 1 else { return text }
      return text + accent.combiningMark
    case .space(let space): return space == .negativeThin || space == .thin ? "" : " "
    case .fenced(let open, let body, let close): return open + body.plainText + close
    }
  }

  /// The text, in parentheses unless it reads as one unit already.
  var grouped: String {
    let text = plainText.trimmingSpaces
    if text.count <= 1 || text.allSatisfy({ $0.isNumber || $0 == "." }) { return text }
    switch self {
    case .identifier, .squareRoot, .fenced, .accent: return text
    case .row(let nodes) where nodes.count == 1: return nodes[0].grouped
    default: return "(" + text + ")"
    }
  }

  /// `text` in Unicode sub- or superscript characters, when each one has such a form.
  static func script(_ text: String, table: [Character: Character]) -> String? {
    guard !text.isEmpty else { return nil }
    var out = ""
    for character in text {
      guard let mapped = table[character] else { return nil }
      out.append(mapped)
    }
    return out
  }

  static let superscripts: [Character: Character] = [
    "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
    "+": "⁺", "-": "⁻", "−": "⁻", "(": "⁽", ")": "⁾", "n": "ⁿ", "i": "ⁱ", "T": "ᵀ",
  ]
  static let subscripts: [Character: Character] = [
    "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
    "+": "₊", "-": "₋", "−": "₋", "(": "₍", ")": "₎", "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "m": "ₘ", "n": "ₙ", "t": "ₜ",
  ]
}

extension MathAccent {
  var combiningMark: String {
    switch self {
    case .hat, .wideHat: return "\u{0302}"
    case .tilde, .wideTilde: return "\u{0303}"
    case .bar, .overline: return "\u{0304}"
    case .vector: return "\u{20D7}"
    case .dot: return "\u{0307}"
    case .doubleDot: return "\u{0308}"
    }
  }
}

extension String {
  var trimmingSpaces: String {
    guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else { return "" }
    return String(self[first...last])
  }
}
