/// Presentation MathML for a parsed formula, for HTML reports (Chromium renders MathML Core).
///
/// Output is deterministic: the same tree always gives the same string, so HTML reports stay
/// byte-identical from run to run.
public enum MathML {
  /// A `<math>` element; `display` gives `display="block"` and limits under big operators.
  public static func render(_ node: MathNode, display: Bool) -> String {
    var out = "<math display=\"\(display ? "block" : "inline")\"><mrow>"
    emitList(node.items, displayStyle: display, into: &out)
    out += "</mrow></math>"
    return out
  }

  // MARK: Lists

  static func emitList(_ list: [MathNode], displayStyle: Bool, into out: inout String) {
    var i = 0
    while i < list.count {
      let node = list[i]
      // `:=` is one operator in MathML's dictionary; two would each get relation spacing.
      if node == .symbol(":", .relation), i + 1 < list.count, list[i + 1] == .symbol("=", .relation) {
        out += "<mo>:=</mo>"
        i += 2
        continue
      }
      emit(node, displayStyle: displayStyle, into: &out)
      if isFunction(node) {
        out += "<mo>&#x2061;</mo>"
        // TeX puts a thin space between `\log` and an ordinary operand, none before `(`.
        if i + 1 < list.count, let next = list[i + 1].atomKind,
          next == .ordinary || next == .largeOperator || next == .inner
        {
          out += "<mspace width=\"0.1667em\"/>"
        }
      }
      i += 1
    }
  }

  static func isFunction(_ node: MathNode) -> Bool {
    switch node {
    case .function: return true
    case .scripts(let base, _, _): return isFunction(base)
    default: return false
    }
  }

  /// One child element: a multi-item row becomes `<mrow>`.
  static func emitChild(_ node: MathNode, displayStyle: Bool, into out: inout String) {
    let list = node.items
    if list.count == 1, let only = list.first {
      emit(only, displayStyle: displayStyle, into: &out)
    } else {
      out += "<mrow>"
      emitList(list, displayStyle: displayStyle, into: &out)
      out += "</mrow>"
    }
  }

  // MARK: Nodes

  static func emit(_ node: MathNode, displayStyle: Bool, into out: inout String) {
    switch node {
    case .identifier(let name, let variant):
      switch variant {
      case .italic:
        // A one-letter <mi> is italic by default; longer runs need the italic code points.
        let text = name.count == 1 ? name : MathAlphabet.characters(name, style: .italic)
        out += "<mi>\(Markup.escape(text))</mi>"
      case .upright:
        // A one-letter <mi> would be italic; longer names are upright by default.
        let attribute = name.count == 1 ? " mathvariant=\"normal\"" : ""
        out += "<mi\(attribute)>\(Markup.escape(name))</mi>"
      case .bold:
        // Chromium honours only mathvariant="normal"; bold letters are their own code points.
        out += "<mi>\(Markup.escape(MathAlphabet.characters(name, style: .bold)))</mi>"
      }
    case .number(let digits):
      out += "<mn>\(Markup.escape(digits))</mn>"
    case .symbol(let text, let kind):
      out += symbol(text, kind)
    case .function(let name, _):
      out += "<mi>\(Markup.escape(name))</mi>"
    case .largeOperator(let symbol, _):
      out += "<mo>\(Markup.escape(symbol))</mo>"
    case .row(let list):
      out += "<mrow>"
      emitList(list, displayStyle: displayStyle, into: &out)
      out += "</mrow>"
    case .scripts(let base, let sub, let sup)
    where sup.map({ $0.items.allSatisfy { $0 == .symbol("′", .ordinary) } }) == true:
      // Primes follow their base at full size: the glyph is drawn raised already, and inside
      // <msup> Chromium would shrink and lift it again.
      emit(.scripts(base: base, sub: sub, sup: nil), displayStyle: displayStyle, into: &out)
      for _ in sup?.items ?? [] { out += "<mo lspace=\"0\" rspace=\"0\">′</mo>" }
    case .scripts(let base, let sub, let sup):
      if sub == nil && sup == nil {
        emit(base, displayStyle: displayStyle, into: &out)
        return
      }
      let limits = displayStyle && base.hasLimits
      let tag: String
      switch (sub, sup) {
      case (.some, .some): tag = limits ? "munderover" : "msubsup"
      case (.some, .none): tag = limits ? "munder" : "msub"
      case (.none, _): tag = limits ? "mover" : "msup"
      }
      out += "<\(tag)>"
      emitChild(base, displayStyle: displayStyle, into: &out)
      if let sub { emitChild(sub, displayStyle: false, into: &out) }
      if let sup { emitChild(sup, displayStyle: false, into: &out) }
      out += "</\(tag)>"
    case .fraction(let numerator, let denominator):
      out += "<mfrac>"
      emitChild(numerator, displayStyle: false, into: &out)
      emitChild(denominator, displayStyle: false, into: &out)
      out += "</mfrac>"
    case .squareRoot(let radicand):
      out += "<msqrt>"
      emitList(radicand.items, displayStyle: false, into: &out)
      out += "</msqrt>"
    case .accent(.overline, let base):
      // No overline character stretches in Chromium's MathML; a border does, at any width.
      out += "<mrow style=\"border-top:0.065em solid;padding-top:0.1em\">"
      emitList(base.items, displayStyle: displayStyle, into: &out)
      out += "</mrow>"
    case .accent(let accent, let base):
      out += "<mover accent=\"true\">"
      emitChild(base, displayStyle: displayStyle, into: &out)
      out += accentOperator(accent)
      out += "</mover>"
    case .text(let text):
      // Spaces would collapse at the ends of <mtext>; no-break spaces keep them.
      out += "<mtext>\(Markup.escape(text).replacingSpaces())</mtext>"
    case .space(let space):
      out += "<mspace width=\"\(emString(space.em))\"/>"
    case .fenced(let open, let body, let close):
      out += "<mrow>"
      if !open.isEmpty { out += "<mo fence=\"true\" form=\"prefix\">\(Markup.escape(open))</mo>" }
      emitList(body.items, displayStyle: displayStyle, into: &out)
      if !close.isEmpty { out += "<mo fence=\"true\" form=\"postfix\">\(Markup.escape(close))</mo>" }
      out += "</mrow>"
    }
  }

  /// Letter-like symbols are identifiers; the rest are operators with TeX's spacing kept.
  static func symbol(_ text: String, _ kind: MathAtomKind) -> String {
    let e = Markup.escape(text)
    switch kind {
    case .ordinary:
      if text == "∂" { return "<mi>∂</mi>" }
      if ["∞", "∇", "ℓ", "∅"].contains(text) { return "<mi mathvariant=\"normal\">\(e)</mi>" }
      if text == "|" || text == "‖" {
        return "<mo stretchy=\"false\" lspace=\"0\" rspace=\"0\">\(e)</mo>"
      }
      return "<mo lspace=\"0\" rspace=\"0\">\(e)</mo>"
    case .opening, .closing:
      return "<mo stretchy=\"false\">\(e)</mo>"
    case .binary, .relation, .punctuation, .largeOperator, .inner:
      return "<mo>\(e)</mo>"
    }
  }

  /// Accent characters chosen by how Chromium draws them with DejaVu Math: the spacing-modifier
  /// hat and tilde sit like TeX's (ASCII `^` and `~` come out too big); the combining forms
  /// stretch over about three letters for the wide accents. `\overline` is drawn as a border.
  static func accentOperator(_ accent: MathAccent) -> String {
    switch accent {
    case .hat: return "<mo stretchy=\"false\">ˆ</mo>"
    case .wideHat: return "<mo stretchy=\"true\">&#x302;</mo>"
    case .tilde: return "<mo stretchy=\"false\">˜</mo>"
    case .wideTilde: return "<mo stretchy=\"true\">&#x303;</mo>"
    case .bar: return "<mo stretchy=\"false\">¯</mo>"
    case .overline: return "<mo stretchy=\"true\">‾</mo>"
    case .vector: return "<mo stretchy=\"false\">→</mo>"
    case .dot: return "<mo>˙</mo>"
    case .doubleDot: return "<mo>¨</mo>"
    }
  }

  /// `0.1667em`: four decimals, trailing zeros dropped, without Foundation's formatting.
  static func emString(_ value: Double) -> String {
    let scaled = Int((value * 10_000).rounded())
    let sign = scaled < 0 ? "-" : ""
    let magnitude = abs(scaled)
    var fraction = String(magnitude % 10_000)
    fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
    while fraction.hasSuffix("0") { fraction.removeLast() }
    return sign + String(magnitude / 10_000) + (fraction.isEmpty ? "" : "." + fraction) + "em"
  }
}

extension String {
  fileprivate func replacingSpaces() -> String {
    var out = ""
    for c in self { out += c == " " ? "&#160;" : String(c) }
    return out
  }
}
