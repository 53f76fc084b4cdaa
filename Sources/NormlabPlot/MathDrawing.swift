import NormlabMath

/// Measures formula glyphs through a graphics backend in the math font, so the typesetter
/// sees the same metrics the backend will draw with.
public struct BackendMathMetrics<Backend: GraphicsBackend>: MathFontMetrics {
  public var backend: Backend

  public init(backend: Backend) { self.backend = backend }

  public func measure(_ text: String, size: Double, style: MathFontStyle) -> MathGlyphBox {
    let ink = backend.measureInk(
      MathAlphabet.characters(text, style: style), style: MathDrawing.textStyle(size: size))
    return MathGlyphBox(
      width: ink.width, ascent: ink.ascent, descent: ink.descent,
      italicCorrection: max(0, ink.inkRight - ink.width))
  }
}

/// How formulas meet a page: the math font's text style and the spacing around display math.
public enum MathDrawing {
  /// DejaVu Math TeX Gyre (the Cairo backend's `.math` family); italic and bold come from
  /// `MathAlphabet` code points, not from a synthesised slant.
  public static func textStyle(size: Double, color: Color = .text) -> TextStyle {
    TextStyle(size: size, color: color, family: .math)
  }

  /// Space above and below a display formula, in multiples of the body size.
  public static let displaySpacing = 0.5

  /// `layout` shrunk to `width` when wider (display formulas are not broken across lines).
  public static func fitted(_ layout: MathLayout, width: Double) -> MathLayout {
    guard width > 0, layout.width > width else { return layout }
    return layout.scaled(by: width / layout.width)
  }
}

extension GraphicsBackend {
  /// Typesets `node` at `size` points with this backend's metrics.
  public func typeset(_ node: MathNode, display: Bool, size: Double) -> MathLayout {
    MathTypesetter(metrics: BackendMathMetrics(backend: self), size: size)
      .layout(node, display: display)
  }

  /// Draws `layout` with its baseline-left corner at `origin`.
  public mutating func draw(_ layout: MathLayout, at origin: Point, color: Color = .text) {
    for item in layout.items {
      switch item {
      case .glyphs(let string, let at, let size, let fontStyle):
        let style = MathDrawing.textStyle(size: size, color: color)
        let characters = MathAlphabet.characters(string, style: fontStyle)
        let baseline = measureInk(characters, style: style).baseline
        text(
          characters, at: Point(origin.x + at.x, origin.y + at.y - baseline), style: style,
          anchor: .topLeft)
      case .rule(let r):
        fill(
          Path.rectangle(Rect(x: origin.x + r.x, y: origin.y + r.y, width: r.width, height: r.height)),
          color: color)
      case .path(let points, let lineWidth, let filled):
        let moved = points.map { Point(origin.x + $0.x, origin.y + $0.y) }
        if filled {
          fill(Path.polygon(moved), color: color)
        } else {
          stroke(Path.polyline(moved), style: StrokeStyle(color: color, width: lineWidth))
        }
      }
    }
  }

  /// Draws a display formula centred in the column from `left` to `left + width`, with
  /// `MathDrawing.displaySpacing` above and below, its space starting at `top`. Returns the
  /// height used. A formula wider than the column is shrunk to fit it.
  @discardableResult
  public mutating func drawDisplay(
    _ layout: MathLayout, top: Double, left: Double, width: Double, bodySize: Double,
    color: Color = .text
  ) -> Double {
    let layout = MathDrawing.fitted(layout, width: width)
    let gap = MathDrawing.displaySpacing * bodySize
    let x = left + max(0, (width - layout.width) / 2)
    draw(layout, at: Point(x, top + gap + layout.ascent), color: color)
    return gap + layout.height + gap
  }

  /// A paragraph with inline formulas: `text` carries one U+FFFC per layout in `math`.
  @discardableResult
  public mutating func paragraph(
    _ text: String, math: [MathLayout], at origin: Point, width: Double, style: TextStyle
  ) -> Double {
    let boxes = math.map { InlineBox(width: $0.width, ascent: $0.ascent, descent: $0.descent) }
    let flow = paragraph(text, at: origin, width: width, style: style, boxes: boxes)
    for (layout, at) in zip(math, flow.origins) { draw(layout, at: at, color: style.color) }
    return flow.height
  }

  /// Height `paragraph(_:math:at:width:style:)` would use.
  public func measureParagraph(_ text: String, math: [MathLayout], width: Double, style: TextStyle)
    -> Double
  {
    let boxes = math.map { InlineBox(width: $0.width, ascent: $0.ascent, descent: $0.descent) }
    return measureParagraph(text, width: width, style: style, boxes: boxes).height
  }

  /// Draws parsed prose: paragraphs with inline formulas and centred display formulas, math
  /// set at the body size. `text` of each paragraph is drawn with `style` (markup allowed when
  /// `style.markup`). Returns the height used.
  @discardableResult
  public mutating func draw(_ prose: MathProse, at origin: Point, width: Double, style: TextStyle)
    -> Double
  {
    var y = origin.y
    for block in prose.blocks {
      switch block {
      case .paragraph(let text, let formulas):
        let math = formulas.map { typeset($0, display: false, size: style.size) }
        y += paragraph(text, math: math, at: Point(origin.x, y), width: width, style: style)
      case .display(let node):
        let layout = typeset(node, display: true, size: style.size)
        y += drawDisplay(
          layout, top: y, left: origin.x, width: width, bodySize: style.size, color: style.color)
      }
    }
    return y - origin.y
  }

  /// Height `draw(_:at:width:style:)` would use for `prose`.
  public func measure(_ prose: MathProse, width: Double, style: TextStyle) -> Double {
    var height = 0.0
    for block in prose.blocks {
      switch block {
      case .paragraph(let text, let formulas):
        let math = formulas.map { typeset($0, display: false, size: style.size) }
        height += measureParagraph(text, math: math, width: width, style: style)
      case .display(let node):
        let layout = MathDrawing.fitted(typeset(node, display: true, size: style.size), width: width)
        height += 2 * MathDrawing.displaySpacing * style.size + layout.height
      }
    }
    return height
  }
}
