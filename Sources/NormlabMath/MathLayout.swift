/// A point of a formula's layout: x to the right of its left edge, y *down* from its baseline
/// (the convention of `GraphicsBackend`, so a superscript has negative y).
public struct MathPoint: Sendable, Equatable {
  public var x: Double
  public var y: Double

  public init(_ x: Double, _ y: Double) {
    self.x = x
    self.y = y
  }
}

/// A rectangle in layout coordinates; `y` is its top edge.
public struct MathRect: Sendable, Equatable {
  public var x: Double
  public var y: Double
  public var width: Double
  public var height: Double

  public init(x: Double, y: Double, width: Double, height: Double) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }
}

/// One thing to draw.
public enum MathLayoutItem: Sendable, Equatable {
  /// A glyph run with its baseline-left `origin`; `text` holds plain characters (`x`, not `𝑥`),
  /// the style says how to set them (see `MathAlphabet`).
  case glyphs(String, origin: MathPoint, size: Double, style: MathFontStyle)
  /// A filled rectangle: fraction bars, radical overbars, `\bar`.
  case rule(MathRect)
  /// A polyline stroked with round joins, or filled when `filled`.
  case path([MathPoint], lineWidth: Double, filled: Bool)

  func translated(_ dx: Double, _ dy: Double) -> MathLayoutItem {
    switch self {
    case .glyphs(let text, let origin, let size, let style):
      return .glyphs(text, origin: MathPoint(origin.x + dx, origin.y + dy), size: size, style: style)
    case .rule(let r):
      return .rule(MathRect(x: r.x + dx, y: r.y + dy, width: r.width, height: r.height))
    case .path(let points, let width, let filled):
      return .path(points.map { MathPoint($0.x + dx, $0.y + dy) }, lineWidth: width, filled: filled)
    }
  }
}

/// A typeset formula: a box (width, ascent above the baseline, descent below) and the
/// positioned items inside it, relative to its baseline-left corner.
public struct MathLayout: Sendable, Equatable {
  public var width: Double
  public var ascent: Double
  public var descent: Double
  public var items: [MathLayoutItem]

  public init(width: Double, ascent: Double, descent: Double, items: [MathLayoutItem]) {
    self.width = width
    self.ascent = ascent
    self.descent = descent
    self.items = items
  }

  public var height: Double { ascent + descent }
}

extension MathLayout {
  /// The same formula `factor` times as large, about its baseline-left corner: how a display
  /// formula wider than its column is fitted (TeX would break it; the subset does not).
  public func scaled(by factor: Double) -> MathLayout {
    func point(_ p: MathPoint) -> MathPoint { MathPoint(p.x * factor, p.y * factor) }
    return MathLayout(
      width: width * factor, ascent: ascent * factor, descent: descent * factor,
      items: items.map { item in
        switch item {
        case .glyphs(let text, let origin, let size, let style):
          return .glyphs(text, origin: point(origin), size: size * factor, style: style)
        case .rule(let r):
          return .rule(
            MathRect(x: r.x * factor, y: r.y * factor, width: r.width * factor, height: r.height * factor))
        case .path(let points, let lineWidth, let filled):
          return .path(points.map(point), lineWidth: lineWidth * factor, filled: filled)
        }
      })
  }
}
