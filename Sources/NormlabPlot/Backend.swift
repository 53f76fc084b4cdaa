/// The drawing surface every chart is built on: a handful of primitives, as in plotters'
/// `DrawingBackend`. Coordinates are points with the origin at the top left, y downwards.
public protocol GraphicsBackend {
  /// Fills `path` (non-zero winding).
  mutating func fill(_ path: Path, color: Color)
  mutating func stroke(_ path: Path, style: StrokeStyle)
  /// Draws one line of text with its `anchor` at `position`, rotated by `rotation` radians
  /// (counter-clockwise as seen on the page) about that point.
  mutating func text(
    _ string: String, at position: Point, style: TextStyle, anchor: TextAnchor, rotation: Double)
  /// Size of one line of text as `text` would draw it.
  func measure(_ string: String, style: TextStyle) -> Size
  /// Draws `string` word-wrapped to `width`, top-left at `origin`; returns the height used.
  @discardableResult
  mutating func paragraph(_ string: String, at origin: Point, width: Double, style: TextStyle)
    -> Double
  /// Height `paragraph` would use.
  func measureParagraph(_ string: String, width: Double, style: TextStyle) -> Double
  /// Advance width, ink extents and baseline of one line of text, for setting glyphs on a
  /// baseline (formulas). The default approximates them from `measure`.
  func measureInk(_ string: String, style: TextStyle) -> TextInk
  /// `paragraph`, keeping room for `boxes[i]` at the i-th U+FFFC of `string` (inline formulas)
  /// while wrapping and applying markup as usual; returns where each box's baseline-left
  /// corner went, so the caller can draw into it. The default approximates (see InlineFlow).
  @discardableResult
  mutating func paragraph(
    _ string: String, at origin: Point, width: Double, style: TextStyle, boxes: [InlineBox]
  ) -> FlowedParagraph
  /// What `paragraph(_:at:width:style:boxes:)` would return at the origin (0, 0).
  func measureParagraph(_ string: String, width: Double, style: TextStyle, boxes: [InlineBox])
    -> FlowedParagraph
  /// Draws `image` scaled to fill `rect`, each pixel a crisp rectangle (no smoothing).
  mutating func image(_ image: RasterImage, in rect: Rect)
  /// Restricts drawing to `rect` until `resetClip`.
  mutating func clip(to rect: Rect)
  mutating func resetClip()
  /// Marks the start of a part of the figure (a panel, a series, a legend entry) that a
  /// backend may address as a whole, e.g. an SVG group a script shows or hides. Groups nest
  /// and every `beginGroup` is closed by one `endGroup`. The default ignores them.
  mutating func beginGroup(_ group: DrawingGroup)
  mutating func endGroup()
}

/// A small raster of colours, row 0 at the top, for heatmaps and colorbars.
public struct RasterImage: Sendable, Equatable {
  public var width: Int
  public var height: Int
  /// Row-major, `pixels[row * width + column]`.
  public var pixels: [Color]

  public init(width: Int, height: Int, pixels: [Color]) {
    self.width = max(width, 0)
    self.height = max(height, 0)
    let needed = self.width * self.height
    self.pixels =
      Array(pixels.prefix(needed))
      + Array(repeating: Color(hex: 0xFFFFFF, alpha: 0), count: max(0, needed - pixels.count))
  }
}

extension GraphicsBackend {
  public mutating func beginGroup(_ group: DrawingGroup) {}
  public mutating func endGroup() {}

  /// Fallback for backends without images: one filled rectangle per pixel.
  public mutating func image(_ image: RasterImage, in rect: Rect) {
    guard image.width > 0, image.height > 0 else { return }
    let w = rect.width / Double(image.width)
    let h = rect.height / Double(image.height)
    for row in 0..<image.height {
      for column in 0..<image.width {
        let color = image.pixels[row * image.width + column]
        guard color.alpha > 0 else { continue }
        fill(
          Path.rectangle(
            Rect(x: rect.x + Double(column) * w, y: rect.y + Double(row) * h, width: w, height: h)),
          color: color)
      }
    }
  }

  public mutating func text(
    _ string: String, at position: Point, style: TextStyle, anchor: TextAnchor = .topLeft
  ) {
    text(string, at: position, style: style, anchor: anchor, rotation: 0)
  }
}

/// A backend that records calls, so chart logic can be tested without pixels. Text is measured
/// with a fixed advance per character.
public struct RecordingBackend: GraphicsBackend, Sendable {
  public enum Call: Sendable, Equatable {
    case fill(Path, Color)
    case stroke(Path, StrokeStyle)
    case text(String, Point, TextStyle, TextAnchor, Double)
    case paragraph(String, Point, Double)
    case image(Rect, width: Int, height: Int)
    case clip(Rect)
    case resetClip
  }

  public private(set) var calls: [Call] = []
  public init() {}

  public mutating func fill(_ path: Path, color: Color) { calls.append(.fill(path, color)) }
  public mutating func stroke(_ path: Path, style: StrokeStyle) {
    calls.append(.stroke(path, style))
  }
  public mutating func text(
    _ string: String, at position: Point, style: TextStyle, anchor: TextAnchor, rotation: Double
  ) {
    calls.append(.text(string, position, style, anchor, rotation))
  }
  public func measure(_ string: String, style: TextStyle) -> Size {
    Size(Double(string.count) * style.size * 0.55, style.size * 1.2)
  }
  public mutating func paragraph(
    _ string: String, at origin: Point, width: Double, style: TextStyle
  ) -> Double {
    calls.append(.paragraph(string, origin, width))
    return measureParagraph(string, width: width, style: style)
  }
  public func measureParagraph(_ string: String, width: Double, style: TextStyle) -> Double {
    let perLine = max(1, Int(width / (style.size * 0.55)))
    let lines = max(1, (string.count + perLine - 1) / perLine)
    return Double(lines) * style.size * 1.3
  }
  public mutating func image(_ image: RasterImage, in rect: Rect) {
    calls.append(.image(rect, width: image.width, height: image.height))
  }
  public mutating func clip(to rect: Rect) { calls.append(.clip(rect)) }
  public mutating func resetClip() { calls.append(.resetClip) }

  /// Every text string drawn, in order (labels, ticks, legend entries).
  public var texts: [String] {
    calls.compactMap {
      if case .text(let s, _, _, _, _) = $0 { return s }
      return nil
    }
  }
}
