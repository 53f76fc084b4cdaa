/// Ink metrics of one line of text (see `GraphicsBackend.measureInk`).
public struct TextInk: Sendable, Equatable {
  /// Advance width, as `measure` reports it.
  public var width: Double
  /// Ink above the baseline (negative when the ink stays below it, as for `_`).
  public var ascent: Double
  /// Ink below the baseline (negative when the ink stays above it, as for `-`).
  public var descent: Double
  /// Right edge of the ink from the origin; past `width` for a slanted letter.
  public var inkRight: Double
  /// From the top of the line box (the `.topLeft` anchor of `text`) down to the baseline.
  public var baseline: Double

  public init(width: Double, ascent: Double, descent: Double, inkRight: Double, baseline: Double) {
    self.width = width
    self.ascent = ascent
    self.descent = descent
    self.inkRight = inkRight
    self.baseline = baseline
  }
}

extension GraphicsBackend {
  /// Approximates ink metrics from the line box: typical Latin proportions.
  public func measureInk(_ string: String, style: TextStyle) -> TextInk {
    let size = measure(string, style: style)
    return TextInk(
      width: size.width, ascent: 0.72 * style.size, descent: 0.2 * style.size,
      inkRight: size.width, baseline: 0.8 * size.height)
  }
}
