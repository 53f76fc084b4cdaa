import NormlabMath

/// Writes a figure as SVG markup for inline use in an HTML page: paths, `<text>` (selectable,
/// searchable, in a font stack close to ours), images as PNG `data:` URIs, and groups for the
/// panels, series and legend entries the painters announce, so a page script can address them.
///
/// Text is measured by `metrics` (the Cairo backend gives Pango's measurements), so the layout
/// is the one the PNG and PDF get; horizontal anchors become `text-anchor`, so a browser with
/// other fonts still centres and right-aligns text where the layout put it. Every id starts
/// with `idPrefix`, so several charts can share one page. Output depends only on the calls.
public struct SVGBackend<Metrics: GraphicsBackend>: GraphicsBackend {
  /// A panel as drawn, for page scripts that map pointer positions to data.
  public struct Panel: Sendable, Equatable {
    public var axes: Axes
    public var plot: Rect
    public var transform: DataTransform
    /// Per series of `axes`, the indices into `keys` of the legend entries it answers to.
    public var seriesKeys: [[Int]]
  }

  private enum Open {
    case group
    case clip
  }

  public var metrics: Metrics
  public let idPrefix: String
  /// Element markup so far, without the enclosing `<svg>`.
  public private(set) var body = ""
  public private(set) var panels: [Panel] = []
  /// Legend labels that name series, in order of first appearance; `data-keys` and `data-key`
  /// attributes index this list.
  public private(set) var keys: [String] = []
  private var stack: [Open] = []
  private var clipCount = 0
  private var currentKeys: [[Int]] = []

  public init(metrics: Metrics, idPrefix: String) {
    self.metrics = metrics
    self.idPrefix = idPrefix
  }

  /// The whole `<svg>` element of `size` points; `title` becomes its accessible name.
  /// Groups left open are closed. `attributes` are added to the root element as they are.
  public func document(size: Size, title: String?, attributes: String = "") -> String {
    let width = SVGMarkup.number(size.width)
    let height = SVGMarkup.number(size.height)
    var text = "<svg viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\""
    text += " font-family=\"\(SVGMarkup.fonts.sans)\" role=\"img\""
    if !attributes.isEmpty { text += " " + attributes }
    text += ">"
    if let title, !title.isEmpty { text += "<title>\(Markup.escape(title))</title>" }
    text += body
    text += String(repeating: "</g>", count: stack.count)
    return text + "</svg>"
  }

  // MARK: Drawing

  public mutating func fill(_ path: Path, color: Color) {
    guard !path.elements.isEmpty, color.alpha > 0 else { return }
    body += "<path d=\"\(SVGMarkup.pathData(path))\" \(SVGMarkup.paint(color, attribute: "fill"))/>"
  }

  public mutating func stroke(_ path: Path, style: StrokeStyle) {
    guard !path.elements.isEmpty, style.color.alpha > 0, style.width > 0 else { return }
    var text = "<path d=\"\(SVGMarkup.pathData(path))\" fill=\"none\" "
    text += SVGMarkup.paint(style.color, attribute: "stroke")
    text += " stroke-width=\"\(SVGMarkup.number(style.width, decimals: 3))\" stroke-linejoin=\"round\""
    let pattern = style.dash.pattern(width: style.width)
    if pattern.isEmpty {
      text += " stroke-linecap=\"round\""
    } else {
      text += " stroke-dasharray=\"" + pattern.map { SVGMarkup.number($0, decimals: 3) }.joined(separator: " ") + "\""
    }
    body += text + "/>"
  }

  public mutating func text(
    _ string: String, at position: Point, style: TextStyle, anchor: TextAnchor, rotation: Double
  ) {
    guard !string.isEmpty else { return }
    let plain = style.markup ? Self.plainText(string) : string
    let size = metrics.measure(plain, style: style)
    let baseline = metrics.measureInk(plain, style: style).baseline
    let origin = anchor.origin(for: size)
    let (dx, textAnchor): (Double, String?)
    switch anchor {
    case .topLeft, .left, .bottomLeft: (dx, textAnchor) = (origin.x, nil)
    case .top, .center, .bottom: (dx, textAnchor) = (origin.x + size.width / 2, "middle")
    case .topRight, .right, .bottomRight: (dx, textAnchor) = (origin.x + size.width, "end")
    }
    let dy = origin.y + baseline
    var element = "<text"
    if rotation == 0 || !rotation.isFinite {
      element += " x=\"\(SVGMarkup.number(position.x + dx))\" y=\"\(SVGMarkup.number(position.y + dy))\""
    } else {
      let degrees = -rotation * 180 / Double.pi
      element += " transform=\"translate(\(SVGMarkup.number(position.x)) \(SVGMarkup.number(position.y)))"
      element += " rotate(\(SVGMarkup.number(degrees, decimals: 3)))\""
      element += " x=\"\(SVGMarkup.number(dx))\" y=\"\(SVGMarkup.number(dy))\""
    }
    if let textAnchor { element += " text-anchor=\"\(textAnchor)\"" }
    element += " font-size=\"\(SVGMarkup.number(style.size, decimals: 3))\""
    if style.monospace || style.family != .sans {
      element += " font-family=\"\(SVGMarkup.fonts.family(style))\""
    }
    if style.weight == .bold { element += " font-weight=\"bold\"" }
    if style.italic { element += " font-style=\"italic\"" }
    element += " " + SVGMarkup.paint(style.color, attribute: "fill") + ">"
    element += style.markup ? SVGMarkup.tspans(fromMarkup: string) : Markup.escape(string)
    body += element + "</text>"
  }

  public func measure(_ string: String, style: TextStyle) -> Size {
    metrics.measure(string, style: style)
  }

  public func measureInk(_ string: String, style: TextStyle) -> TextInk {
    metrics.measureInk(string, style: style)
  }

  /// Wrapped with `TextWrap` over the metrics' measurements, one `<text>` per line, lines as
  /// far apart as the metrics' paragraph height says.
  public mutating func paragraph(
    _ string: String, at origin: Point, width: Double, style: TextStyle
  ) -> Double {
    let lines = wrapped(string, width: width, style: style)
    let height = measureParagraph(string, width: width, style: style)
    let step = height / Double(max(lines.count, 1))
    for (k, line) in lines.enumerated() {
      text(line, at: Point(origin.x, origin.y + Double(k) * step), style: style, anchor: .topLeft)
    }
    return height
  }

  public func measureParagraph(_ string: String, width: Double, style: TextStyle) -> Double {
    let lines = wrapped(string, width: width, style: style).count
    let line = metrics.measure("Ag", style: style).height
    return max(metrics.measureParagraph(string, width: width, style: style), line * Double(max(lines, 1)))
  }

  private func wrapped(_ string: String, width: Double, style: TextStyle) -> [String] {
    TextWrap.lines(string, width: width) { metrics.measure(style.markup ? Self.plainText($0) : $0, style: style).width }
  }

  public mutating func image(_ image: RasterImage, in rect: Rect) {
    guard rect.width > 0, rect.height > 0, let uri = SVGRaster.dataURI(image) else { return }
    body += "<image x=\"\(SVGMarkup.number(rect.x))\" y=\"\(SVGMarkup.number(rect.y))\""
    body += " width=\"\(SVGMarkup.number(rect.width))\" height=\"\(SVGMarkup.number(rect.height))\""
    body += " preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"\(uri)\"/>"
  }

  public mutating func clip(to rect: Rect) {
    clipCount += 1
    let id = "\(idPrefix)-clip\(clipCount)"
    body += "<clipPath id=\"\(id)\"><rect x=\"\(SVGMarkup.number(rect.x))\" y=\"\(SVGMarkup.number(rect.y))\""
    body += " width=\"\(SVGMarkup.number(rect.width))\" height=\"\(SVGMarkup.number(rect.height))\"/></clipPath>"
    body += "<g clip-path=\"url(#\(id))\">"
    stack.append(.clip)
  }

  public mutating func resetClip() {
    guard stack.last == .clip else { return }
    stack.removeLast()
    body += "</g>"
  }

  // MARK: Groups

  public mutating func beginGroup(_ group: DrawingGroup) {
    switch group {
    case .panel(let axes, let plot, let transform):
      currentKeys = SVGLegendLinks.keys(of: axes).map { labels in labels.map { key(for: $0) } }
      panels.append(Panel(axes: axes, plot: plot, transform: transform, seriesKeys: currentKeys))
      body += "<g class=\"panel\" data-panel=\"\(panels.count - 1)\">"
    case .series(let index):
      let keys = index >= 0 && index < currentKeys.count ? currentKeys[index] : []
      body += "<g class=\"series\""
      if !keys.isEmpty { body += " data-keys=\"" + keys.map(String.init).joined(separator: " ") + "\"" }
      body += ">"
    case .legendEntry(let entry, let bounds):
      if let index = keys.firstIndex(of: entry.label) {
        body += "<g class=\"legend-entry\" data-key=\"\(index)\" tabindex=\"0\" role=\"button\" aria-pressed=\"true\">"
        body += "<title>\(Markup.escape(entry.label)): click to hide or show</title>"
        // Transparent, so the whole row takes clicks, not only the sample's and glyphs' ink.
        body += "<rect x=\"\(SVGMarkup.number(bounds.x))\" y=\"\(SVGMarkup.number(bounds.y))\""
        body += " width=\"\(SVGMarkup.number(bounds.width))\" height=\"\(SVGMarkup.number(bounds.height))\" fill=\"transparent\"/>"
      } else {
        body += "<g class=\"legend-entry\">"
      }
    }
    stack.append(.group)
  }

  public mutating func endGroup() {
    // A clip left open inside the group ends with it, so the markup stays well formed.
    while let last = stack.popLast() {
      body += "</g>"
      if last == .group { break }
    }
  }

  private mutating func key(for label: String) -> Int {
    if let index = keys.firstIndex(of: label) { return index }
    keys.append(label)
    return keys.count - 1
  }

  /// Pango markup without its tags, entities decoded, as the text is measured.
  static func plainText(_ markup: String) -> String {
    var out = ""
    var inTag = false
    var entity: String?
    for c in markup {
      if var name = entity {
        if c == ";" {
          switch name {
          case "amp": out += "&"
          case "lt": out += "<"
          case "gt": out += ">"
          case "quot": out += "\""
          case "apos", "#39": out += "'"
          default: out += "&\(name);"
          }
          entity = nil
        } else {
          name.append(c)
          entity = name.count > 8 ? nil : name
          if entity == nil { out += "&" + name }
        }
        continue
      }
      if inTag {
        if c == ">" { inTag = false }
      } else if c == "<" {
        inTag = true
      } else if c == "&" {
        entity = ""
      } else {
        out.append(c)
      }
    }
    if let name = entity { out += "&" + name }
    return out
  }
}

extension SVGBackend: Sendable where Metrics: Sendable {}
