/// The small pieces of SVG text the SVG writer emits: numbers, colours, path data and font
/// stacks, each written the same way on every run and machine (text goes through `Markup.escape`).
public enum SVGMarkup {
  /// `value` with at most `decimals` decimals, trailing zeros dropped (`12.5`, `-3`, `0.25`).
  /// Digits come from integer arithmetic, so the text never depends on the platform's float
  /// printing; non-finite values print as 0 and magnitudes are clamped to ±1e12.
  public static func number(_ value: Double, decimals: Int = 2) -> String {
    let places = min(max(decimals, 0), 6)
    var scale: Int64 = 1
    for _ in 0..<places { scale *= 10 }
    guard value.isFinite else { return "0" }
    let clamped = min(max(value, -1e12), 1e12)
    let scaled = Int64((clamped * Double(scale)).rounded())
    if scaled == 0 { return "0" }
    let negative = scaled < 0
    let magnitude = negative ? -scaled : scaled
    var text = String(magnitude / scale)
    let fraction = magnitude % scale
    if places > 0 && fraction != 0 {
      var digits = String(fraction)
      digits = String(repeating: "0", count: places - digits.count) + digits
      while digits.hasSuffix("0") { digits.removeLast() }
      text += "." + digits
    }
    return negative ? "-" + text : text
  }

  /// `#rrggbb`, the colour without its alpha.
  public static func hex(_ color: Color) -> String {
    let digits = Array("0123456789abcdef")
    var text = "#"
    for component in [color.red, color.green, color.blue] {
      let byte = Int((min(max(component.isFinite ? component : 0, 0), 1) * 255).rounded())
      text.append(digits[byte / 16])
      text.append(digits[byte % 16])
    }
    return text
  }

  /// The colour as a `fill` or `stroke` attribute plus its opacity when not opaque.
  static func paint(_ color: Color, attribute: String) -> String {
    var text = "\(attribute)=\"\(hex(color))\""
    let alpha = min(max(color.alpha.isFinite ? color.alpha : 1, 0), 1)
    if alpha < 1 { text += " \(attribute)-opacity=\"\(number(alpha, decimals: 3))\"" }
    return text
  }

  /// Path data: `M` to an absolute point, then lines as relative steps (`l`, repeated pairs
  /// without the letter), numbers in hundredths without leading zeros. Each step is taken
  /// between rounded absolute points, so rounding never accumulates along a long curve; a
  /// chart's contour fills shrink to about half of absolute `L` commands.
  public static func pathData(_ path: Path) -> String {
    var text = ""
    var current: (Int64, Int64) = (0, 0)
    var start: (Int64, Int64) = (0, 0)
    var inLines = false
    func hundredths(_ value: Double) -> Int64 {
      Int64((min(max(value.isFinite ? value : 0, -1e12), 1e12) * 100).rounded())
    }
    func append(_ number: Int64) {
      let written = compact(number)
      if let last = text.last, last != "M", last != "l", !written.hasPrefix("-") { text += " " }
      text += written
    }
    for element in path.elements {
      switch element {
      case .move(let p):
        let point = (hundredths(p.x), hundredths(p.y))
        text += "M"
        append(point.0)
        append(point.1)
        current = point
        start = point
        inLines = false
      case .line(let p):
        let point = (hundredths(p.x), hundredths(p.y))
        if !inLines { text += "l" }
        append(point.0 - current.0)
        append(point.1 - current.1)
        current = point
        inLines = true
      case .close:
        text += "Z"
        current = start
        inLines = false
      }
    }
    return text
  }

  /// A count of hundredths as a decimal without a leading zero: 150 → `1.5`, -25 → `-.25`.
  static func compact(_ hundredths: Int64) -> String {
    let negative = hundredths < 0
    let magnitude = negative ? -hundredths : hundredths
    var text = magnitude >= 100 ? String(magnitude / 100) : ""
    let fraction = magnitude % 100
    if fraction != 0 {
      text += fraction < 10 ? ".0\(fraction)" : (fraction % 10 == 0 ? ".\(fraction / 10)" : ".\(fraction)")
    }
    if text.isEmpty { text = "0" }
    return negative ? "-" + text : text
  }


  /// Font stacks close to the Cairo backend's Pango families: DejaVu first (its metrics laid the
  /// chart out), then faces of similar width elsewhere, WenQuanYi for CJK.
  public static let fonts = FontStacks(
    sans: "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, 'WenQuanYi Micro Hei', sans-serif",
    serif: "'DejaVu Serif', 'Bitstream Vera Serif', Georgia, serif",
    mono: "'DejaVu Sans Mono', 'Bitstream Vera Sans Mono', Menlo, Consolas, monospace",
    math: "'DejaVu Math TeX Gyre', 'STIX Two Math', 'Cambria Math', 'DejaVu Serif', serif")

  /// Pango markup (`<b>`, `<i>`, `<tt>`, `<span …>`, entities) as SVG `<tspan>`s; other tags
  /// are dropped and their text kept. Entities pass through: Pango's are XML's.
  static func tspans(fromMarkup markup: String) -> String {
    var out = ""
    var index = markup.startIndex
    var open: [Bool] = []
    while index < markup.endIndex {
      let c = markup[index]
      guard c == "<", let end = markup[index...].firstIndex(of: ">") else {
        switch c {
        case "\"": out += "&quot;"
        case ">": out += "&gt;"
        default: out.append(c)
        }
        index = markup.index(after: index)
        continue
      }
      let tag = markup[markup.index(after: index)..<end]
      index = markup.index(after: end)
      if tag.hasPrefix("/") {
        if let wasSpan = open.popLast(), wasSpan { out += "</tspan>" }
        continue
      }
      let name = tag.prefix { $0 != " " && $0 != "/" }
      let attributes: String?
      switch name {
      case "b": attributes = "font-weight=\"bold\""
      case "i": attributes = "font-style=\"italic\""
      case "tt": attributes = "font-family=\"\(fonts.mono)\""
      default: attributes = nil
      }
      if tag.hasSuffix("/") { continue }
      open.append(attributes != nil)
      if let attributes { out += "<tspan \(attributes)>" }
    }
    for wasSpan in open.reversed() where wasSpan { out += "</tspan>" }
    return out
  }
}
