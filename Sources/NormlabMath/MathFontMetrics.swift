/// The face a run of glyphs is set in. The drawing side maps each to a font (the intended one
/// is DejaVu Math TeX Gyre, with `MathAlphabet` code points for italic and bold letters).
public enum MathFontStyle: Sendable, Equatable, Hashable, CaseIterable {
  /// Variables: Latin letters and lowercase Greek.
  case italic
  /// Digits, operators, function names, capital Greek, `\text`, `\mathrm`.
  case upright
  /// `\mathbf`.
  case bold
}

/// Advance width and ink extents of a run of glyphs, in points; `ascent` is above the
/// baseline, `descent` below (either may be negative for marks that float, such as `-`).
public struct MathGlyphBox: Sendable, Equatable {
  public var width: Double
  public var ascent: Double
  public var descent: Double
  /// How far the ink reaches right of the advance width (a slanted letter's overhang), which
  /// TeX calls the italic correction; superscripts start after it.
  public var italicCorrection: Double

  public init(width: Double, ascent: Double, descent: Double, italicCorrection: Double = 0) {
    self.width = width
    self.ascent = ascent
    self.descent = descent
    self.italicCorrection = italicCorrection
  }
}

/// Measures glyph runs for the typesetter; the PDF side answers through its graphics backend,
/// tests through a fixed table.
public protocol MathFontMetrics {
  func measure(_ text: String, size: Double, style: MathFontStyle) -> MathGlyphBox
}

/// Font-wide constants of the typesetter, in em (multiples of the current font size).
///
/// Defaults are the OpenType MATH constants of DejaVu Math TeX Gyre, except the script scales,
/// which follow TeX (7/10 and 5/10) as the report's design asks.
public struct MathFontParameters: Sendable, Equatable {
  public var scriptScale = 0.7
  public var scriptScriptScale = 0.5
  /// Height of the math axis (the centre of `+` and of fraction bars) above the baseline.
  public var axisHeight = 0.275
  public var xHeight = 0.539
  public var superscriptShiftUp = 0.381
  public var superscriptShiftUpCramped = 0.312
  public var superscriptBottomMin = 0.220
  public var superscriptBaselineDropMax = 0.277
  // TeX's sub1 (0.15 em) scaled by the x-heights (0.539 / 0.431): the font's own 0.277 suits its
  // 80% scripts, and looks low with TeX's 70%.
  public var subscriptShiftDown = 0.19
  public var subscriptTopMax = 0.330
  public var subscriptBaselineDropMin = 0.138
  public var subSuperscriptGapMin = 0.120
  public var superscriptBottomMaxWithSubscript = 0.335
  public var spaceAfterScript = 0.040
  public var upperLimitGapMin = 0.096
  public var upperLimitBaselineRiseMin = 0.096
  public var lowerLimitGapMin = 0.096
  public var lowerLimitBaselineDropMin = 0.511
  /// Extra space TeX puts above and below a display operator's limits (big_op_spacing5).
  public var limitExtraSpace = 0.1
  public var displayOperatorMinHeight = 1.333
  public var fractionNumeratorShiftUp = 0.403
  public var fractionNumeratorDisplayShiftUp = 0.635
  public var fractionDenominatorShiftDown = 0.268
  public var fractionDenominatorDisplayShiftDown = 0.637
  public var fractionNumeratorGapMin = 0.096
  public var fractionNumeratorDisplayGapMin = 0.120
  public var fractionDenominatorGapMin = 0.096
  public var fractionDenominatorDisplayGapMin = 0.120
  public var fractionRuleThickness = 0.064
  /// Space on each side of a fraction (TeX's \nulldelimiterspace, 1.2pt at 10pt).
  public var fractionSideSpace = 0.12
  public var radicalVerticalGap = 0.096
  public var radicalDisplayVerticalGap = 0.130
  public var radicalRuleThickness = 0.052
  public var radicalExtraAscender = 0.096
  /// Stroke width of drawn accents.
  public var accentThickness = 0.05
  /// Gap between the base's top (at least x-height) and an accent.
  public var accentGap = 0.06
  /// Slant of italic letters (tan of the angle), to centre accents over their upper part.
  public var italicSlant = 0.2

  public init() {}

  public static let dejaVuMath = MathFontParameters()
}

/// Unicode's Mathematical Alphanumeric Symbols: what a math font draws for italic and bold
/// letters (U+1D400 onward). Characters without a styled form are returned unchanged.
public enum MathAlphabet {
  public static func characters(_ text: String, style: MathFontStyle) -> String {
    switch style {
    case .upright: return text
    case .italic: return String(String.UnicodeScalarView(text.unicodeScalars.map(italic)))
    case .bold: return String(String.UnicodeScalarView(text.unicodeScalars.map(bold)))
    }
  }

  static func italic(_ s: Unicode.Scalar) -> Unicode.Scalar {
    let v = s.value
    let mapped: UInt32?
    switch v {
    case 0x68: mapped = 0x210E  // italic h sits in Letterlike Symbols
    case 0x41...0x5A: mapped = 0x1D434 + v - 0x41
    case 0x61...0x7A: mapped = 0x1D44E + v - 0x61
    case 0x391...0x3A9: mapped = 0x1D6E2 + v - 0x391
    case 0x3B1...0x3C9: mapped = 0x1D6FC + v - 0x3B1
    case 0x2207: mapped = 0x1D6FB
    case 0x2202: mapped = 0x1D715
    case 0x3F5: mapped = 0x1D716
    case 0x3D1: mapped = 0x1D717
    case 0x3F0: mapped = 0x1D718
    case 0x3D5: mapped = 0x1D719
    case 0x3F1: mapped = 0x1D71A
    case 0x3D6: mapped = 0x1D71B
    default: mapped = nil
    }
    return mapped.flatMap(Unicode.Scalar.init) ?? s
  }

  static func bold(_ s: Unicode.Scalar) -> Unicode.Scalar {
    let v = s.value
    let mapped: UInt32?
    switch v {
    case 0x30...0x39: mapped = 0x1D7CE + v - 0x30
    case 0x41...0x5A: mapped = 0x1D400 + v - 0x41
    case 0x61...0x7A: mapped = 0x1D41A + v - 0x61
    case 0x391...0x3A9: mapped = 0x1D6A8 + v - 0x391
    case 0x3B1...0x3C9: mapped = 0x1D6C2 + v - 0x3B1
    case 0x2207: mapped = 0x1D6C1
    case 0x2202: mapped = 0x1D6DB
    case 0x3F5: mapped = 0x1D6DC
    case 0x3D1: mapped = 0x1D6DD
    case 0x3F0: mapped = 0x1D6DE
    case 0x3D5: mapped = 0x1D6DF
    case 0x3F1: mapped = 0x1D6E0
    case 0x3D6: mapped = 0x1D6E1
    default: mapped = nil
    }
    return mapped.flatMap(Unicode.Scalar.init) ?? s
  }
}
