/// TeX's styles: display, text, script, scriptscript, each plain or cramped (superscripts in
/// a cramped style sit lower). The TeXbook, chapter 17 and Appendix G.
struct MathStyle: Equatable {
  enum Level: Int { case display, text, script, scriptScript }
  var level: Level
  var cramped: Bool

  var isDisplay: Bool { level == .display }
  var isScript: Bool { level == .script || level == .scriptScript }
  var superscriptStyle: MathStyle {
    MathStyle(level: level.rawValue <= 1 ? .script : .scriptScript, cramped: cramped)
  }
  var subscriptStyle: MathStyle { MathStyle(level: superscriptStyle.level, cramped: true) }
  var numerator: MathStyle {
    let next: Level = level == .display ? .text : level == .text ? .script : .scriptScript
    return MathStyle(level: next, cramped: cramped)
  }
  var denominator: MathStyle { MathStyle(level: numerator.level, cramped: true) }
  var crampedStyle: MathStyle { MathStyle(level: level, cramped: true) }
}

/// A box under construction: extents, items relative to its baseline-left corner, and what
/// scripts need to know about it.
struct MathBox {
  var width = 0.0
  var ascent = 0.0
  var descent = 0.0
  var items: [MathLayoutItem] = []
  /// Added after the box in a row, and before a superscript (TeX's italic correction).
  var italicCorrection = 0.0
  /// One character (TeX's "character box"): scripts ignore its height and depth.
  var isGlyph = false
  var isItalic = false

  /// Adds `other` with its baseline-left corner at (x, y) and grows the extents to cover it.
  mutating func place(_ other: MathBox, x: Double, y: Double) {
    items += other.items.map { $0.translated(x, y) }
    ascent = max(ascent, other.ascent - y)
    descent = max(descent, other.descent + y)
  }
}
