/// Lays out a `MathNode` the way TeX does (The TeXbook, Appendix G), with OpenType MATH
/// constants in place of TeX's font parameters: atoms spaced by class, scripts shifted and
/// shrunk, fractions and radicals built around the math axis, operators with limits.
public struct MathTypesetter<Metrics: MathFontMetrics> {
  public var metrics: Metrics
  /// Font size of the text style, in points.
  public var size: Double
  public var parameters: MathFontParameters

  public init(metrics: Metrics, size: Double, parameters: MathFontParameters = .dejaVuMath) {
    self.metrics = metrics
    self.size = size
    self.parameters = parameters
  }

  /// `display` chooses TeX's display style (`$$...$$`): bigger operators with limits above
  /// and below, larger fractions.
  public func layout(_ node: MathNode, display: Bool) -> MathLayout {
    let box = layout(node, MathStyle(level: display ? .display : .text, cramped: false))
    return MathLayout(
      width: box.width + box.italicCorrection, ascent: box.ascent, descent: box.descent,
      items: box.items)
  }

  // MARK: Dispatch

  func em(_ style: MathStyle) -> Double {
    switch style.level {
    case .display, .text: return size
    case .script: return size * parameters.scriptScale
    case .scriptScript: return size * parameters.scriptScriptScale
    }
  }

  func layout(_ node: MathNode, _ style: MathStyle) -> MathBox {
    let em = self.em(style)
    switch node {
    case .identifier(let name, let variant):
      let fontStyle: MathFontStyle =
        variant == .italic ? .italic : variant == .bold ? .bold : .upright
      return glyph(name, fontStyle, em)
    case .number(let digits):
      return glyph(digits, .upright, em)
    case .symbol(let text, _):
      return glyph(text, .upright, em)
    case .function(let name, _):
      var box = glyph(name, .upright, em)
      box.isGlyph = false
      return box
    case .largeOperator(let symbol, _):
      return largeOperator(symbol, style)
    case .row(let list):
      return row(list, style)
    case .scripts(let base, let sub, let sup):
      return scripts(base: base, sub: sub, sup: sup, style)
    case .fraction(let numerator, let denominator):
      return fraction(numerator, denominator, style)
    case .squareRoot(let radicand):
      return radical(radicand, style)
    case .accent(let accent, let base):
      return self.accent(accent, base, style)
    case .text(let text):
      var box = glyph(text, .upright, em)
      box.isGlyph = false
      return box
    case .space(let space):
      return MathBox(width: space.em * em)
    case .fenced(let open, let body, let close):
      return fenced(open, body, close, style)
    }
  }

  func glyph(_ text: String, _ style: MathFontStyle, _ em: Double) -> MathBox {
    let m = metrics.measure(text, size: em, style: style)
    return MathBox(
      width: m.width, ascent: max(0, m.ascent), descent: max(0, m.descent),
      items: [.glyphs(text, origin: MathPoint(0, 0), size: em, style: style)],
      italicCorrection: style == .italic ? max(0, m.italicCorrection) : 0,
      isGlyph: text.count == 1, isItalic: style == .italic)
  }

  // MARK: Rows and spacing

  func space(between left: MathAtomKind, _ right: MathAtomKind, _ style: MathStyle) -> Double {
    let (mu, textStylesOnly) = MathAtomKind.spacing(left, right)
    if textStylesOnly && style.isScript { return 0 }
    return Double(mu) / 18 * em(style)
  }

  func row(_ nodes: [MathNode], _ style: MathStyle) -> MathBox {
    var atoms = nodes.map { (kind: $0.atomKind, box: layout($0, style)) }
    // A binary operator with no left operand, or before a relation or closing, is ordinary:
    // the minus of `-x` and of `(1 - \beta)` differ (The TeXbook, Appendix G, rules 5 and 6).
    var previous: Int?
    for i in atoms.indices {
      guard let kind = atoms[i].kind else { continue }
      if kind == .binary {
        let left = previous.flatMap { atoms[$0].kind }
        if left == nil || [.binary, .largeOperator, .relation, .opening, .punctuation].contains(left) {
          atoms[i].kind = .ordinary
        }
      }
      if [.relation, .closing, .punctuation].contains(kind), let p = previous,
        atoms[p].kind == .binary
      {
        atoms[p].kind = .ordinary
      }
      previous = i
    }
    if let p = previous, atoms[p].kind == .binary { atoms[p].kind = .ordinary }

    var box = MathBox()
    var x = 0.0
    var leftKind: MathAtomKind?
    for atom in atoms {
      if let kind = atom.kind {
        if let leftKind { x += space(between: leftKind, kind, style) }
        leftKind = kind
      }
      box.place(atom.box, x: x, y: 0)
      // The italic correction only pushes scripts and box ends, as in OpenType math layout:
      // added between letters it would open gaps (`dW`), the ink overhang not being a design value.
      x += atom.box.width
      box.italicCorrection = atom.box.italicCorrection
    }
    box.width = x
    return box
  }

  // MARK: Scripts and limits

  /// Rules 18a-f of Appendix G: shifts from the font's constants, kept clear of each other.
  func scripts(base: MathNode, sub: MathNode?, sup: MathNode?, _ style: MathStyle) -> MathBox {
    if style.isDisplay, base.hasLimits {
      return limits(base: base, sub: sub, sup: sup, style)
    }
    let base = layout(base, style)
    // A Unicode prime is drawn already raised, at text size: set on the baseline, unshrunk.
    if let sup, sup.items.allSatisfy({ $0 == .symbol("′", .ordinary) }) {
      var box = scripts(base: base, sub: sub, supBox: nil, style)
      let primes = layout(sup, style)
      box.place(primes, x: base.width + base.italicCorrection, y: 0)
      box.width = max(box.width, base.width + base.italicCorrection + primes.width)
      return box
    }
    return scripts(base: base, sub: sub, supBox: sup.map { layout($0, style.superscriptStyle) }, style)
  }

  func scripts(base: MathBox, sub: MathNode?, supBox: MathBox?, _ style: MathStyle) -> MathBox {
    let p = parameters
    let em = self.em(style)
    let subBox = sub.map { layout($0, style.subscriptStyle) }
    let scriptEm = self.em(style.superscriptStyle)
    var u = base.isGlyph ? 0 : base.ascent - p.superscriptBaselineDropMax * scriptEm
    var v = base.isGlyph ? 0 : base.descent + p.subscriptBaselineDropMin * scriptEm

    var box = MathBox()
    box.place(base, x: 0, y: 0)
    var width = base.width + base.italicCorrection
    if let supBox {
      let shift = style.cramped ? p.superscriptShiftUpCramped : p.superscriptShiftUp
      u = max(u, shift * em, supBox.descent + p.superscriptBottomMin * em)
      if let subBox {
        v = max(v, p.subscriptShiftDown * em)
        let gap = (u - supBox.descent) - (subBox.ascent - v)
        if gap < p.subSuperscriptGapMin * em { v += p.subSuperscriptGapMin * em - gap }
        let lift = p.superscriptBottomMaxWithSubscript * em - (u - supBox.descent)
        if lift > 0 {
          u += lift
          v -= lift
        }
      }
      let x = base.width + base.italicCorrection
      box.place(supBox, x: x, y: -u)
      width = max(width, x + supBox.width + supBox.italicCorrection)
    }
    if let subBox {
      if supBox == nil {
        v = max(v, p.subscriptShiftDown * em, subBox.ascent - p.subscriptTopMax * em)
      }
      box.place(subBox, x: base.width, y: v)
      width = max(width, base.width + subBox.width + subBox.italicCorrection)
    }
    box.width = width + p.spaceAfterScript * em
    return box
  }

  /// Rule 13a: limits centred above and below a display operator.
  func limits(base: MathNode, sub: MathNode?, sup: MathNode?, _ style: MathStyle) -> MathBox {
    let p = parameters
    let em = self.em(style)
    let op = layout(base, style)
    let upper = sup.map { layout($0, style.superscriptStyle) }
    let lower = sub.map { layout($0, style.subscriptStyle) }
    let width = max(op.width, upper?.width ?? 0, lower?.width ?? 0)
    var box = MathBox()
    box.place(op, x: (width - op.width) / 2, y: 0)
    if let upper {
      let rise = max(p.upperLimitGapMin * em + upper.descent, p.upperLimitBaselineRiseMin * em)
      box.place(upper, x: (width - upper.width) / 2, y: -(op.ascent + rise))
      box.ascent += p.limitExtraSpace * em
    }
    if let lower {
      let drop = max(p.lowerLimitGapMin * em + lower.ascent, p.lowerLimitBaselineDropMin * em)
      box.place(lower, x: (width - lower.width) / 2, y: op.descent + drop)
      box.descent += p.limitExtraSpace * em
    }
    box.width = width
    return box
  }

  /// A big operator centred on the axis; in display style enlarged to the font's display height.
  func largeOperator(_ symbol: String, _ style: MathStyle) -> MathBox {
    let em = self.em(style)
    var glyphSize = em
    var m = metrics.measure(symbol, size: em, style: .upright)
    let height = m.ascent + m.descent
    let target = parameters.displayOperatorMinHeight * em
    if style.isDisplay, height > 0, height < target {
      glyphSize = em * target / height
      m = metrics.measure(symbol, size: glyphSize, style: .upright)
    }
    let shift = (m.ascent - m.descent) / 2 - parameters.axisHeight * em
    return MathBox(
      width: m.width, ascent: m.ascent - shift, descent: m.descent + shift,
      items: [.glyphs(symbol, origin: MathPoint(0, shift), size: glyphSize, style: .upright)])
  }

  // MARK: Fractions and radicals

  /// Rule 15: numerator and denominator centred, the bar on the math axis, gaps kept.
  func fraction(_ numerator: MathNode, _ denominator: MathNode, _ style: MathStyle) -> MathBox {
    let p = parameters
    let em = self.em(style)
    let num = layout(numerator, style.numerator)
    let den = layout(denominator, style.denominator)
    let thickness = p.fractionRuleThickness * em
    let axis = p.axisHeight * em
    var u = (style.isDisplay ? p.fractionNumeratorDisplayShiftUp : p.fractionNumeratorShiftUp) * em
    var v =
      (style.isDisplay ? p.fractionDenominatorDisplayShiftDown : p.fractionDenominatorShiftDown)
      * em
    let numeratorGap =
      (style.isDisplay ? p.fractionNumeratorDisplayGapMin : p.fractionNumeratorGapMin) * em
    let denominatorGap =
      (style.isDisplay ? p.fractionDenominatorDisplayGapMin : p.fractionDenominatorGapMin) * em
    let above = (u - num.descent) - (axis + thickness / 2)
    if above < numeratorGap { u += numeratorGap - above }
    let below = (axis - thickness / 2) - (den.ascent - v)
    if below < denominatorGap { v += denominatorGap - below }

    let numWidth = num.width + num.italicCorrection
    let denWidth = den.width + den.italicCorrection
    let wide = max(numWidth, denWidth)
    let side = p.fractionSideSpace * em
    var box = MathBox()
    box.place(num, x: side + (wide - numWidth) / 2, y: -u)
    box.place(den, x: side + (wide - denWidth) / 2, y: v)
    let bar = MathRect(x: side, y: -(axis + thickness / 2), width: wide, height: thickness)
    box.items.append(.rule(bar))
    box.ascent = max(box.ascent, axis + thickness / 2)
    box.width = wide + 2 * side
    return box
  }

  /// Rule 11: a radical sign tall enough for the radicand plus a gap, and an overbar.
  /// The sign is drawn (thin tick, heavy down-stroke, thin up-stroke), so it can grow freely.
  func radical(_ radicand: MathNode, _ style: MathStyle) -> MathBox {
    let p = parameters
    let em = self.em(style)
    let body = layout(radicand, style.crampedStyle)
    let thickness = p.radicalRuleThickness * em
    let gap = (style.isDisplay ? p.radicalDisplayVerticalGap : p.radicalVerticalGap) * em
    let top = body.ascent + gap + thickness
    // The sign reaches a little below the baseline, like a font's surd, or below the radicand.
    let bottom = max(body.descent + 0.5 * gap, 0.9 * em - top, 0.12 * em)
    let height = top + bottom
    let tick = min(height, 1.1 * em)
    let p0 = MathPoint(0.04 * em, bottom - 0.38 * tick)
    let p1 = MathPoint(0.15 * em, bottom - 0.46 * tick)
    let p2 = MathPoint(p1.x + 0.22 * tick, bottom)
    let p3 = MathPoint(p2.x + min(0.26 * height, 0.25 * em + 0.1 * height), -top + thickness / 2)
    let bodyX = p3.x + 0.06 * em
    let barEnd = bodyX + body.width + body.italicCorrection + 0.04 * em
    var box = MathBox()
    box.items.append(.path([p0, p1], lineWidth: thickness, filled: false))
    box.items.append(.path([p1, p2], lineWidth: 2.1 * thickness, filled: false))
    box.items.append(.path([p2, p3], lineWidth: thickness, filled: false))
    box.items.append(
      .rule(
        MathRect(
          x: p3.x - thickness / 4, y: -top, width: barEnd - p3.x + thickness / 4, height: thickness)))
    box.place(body, x: bodyX, y: 0)
    box.ascent = top + p.radicalExtraAscender * em
    box.descent = max(box.descent, bottom + thickness)
    box.width = barEnd
    return box
  }

  // MARK: Accents and fences

  /// An accent drawn centred over the base (shifted right over a slanted italic letter);
  /// scripts of the result attach as to the bare base, as TeX's rule 12 arranges.
  func accent(_ accent: MathAccent, _ baseNode: MathNode, _ style: MathStyle) -> MathBox {
    let p = parameters
    let em = self.em(style)
    let base = layout(baseNode, style.crampedStyle)
    let stroke = p.accentThickness * em
    let bottom = -(max(base.ascent, p.xHeight * em) + p.accentGap * em)
    let skew = base.isItalic ? p.italicSlant * base.ascent / 2 : 0
    let centre = base.width / 2 + skew
    var items: [MathLayoutItem] = []
    var top = bottom
    switch accent {
    case .hat, .wideHat:
      let width = accent == .hat ? 0.42 * em : max(0.42 * em, base.width * 0.95)
      let height = accent == .hat ? 0.15 * em : min(0.15 * em + 0.04 * width, 0.3 * em)
      items.append(
        .path(
          [
            MathPoint(centre - width / 2, bottom - stroke / 2), MathPoint(centre, bottom - height),
            MathPoint(centre + width / 2, bottom - stroke / 2),
          ], lineWidth: stroke, filled: false))
      top = bottom - height - stroke / 2
    case .tilde, .wideTilde:
      let width = accent == .tilde ? 0.44 * em : max(0.44 * em, base.width * 0.95)
      let height = 0.1 * em
      let middle = bottom - height / 2 - stroke / 2
      let samples = 16
      let points = (0...samples).map { i -> MathPoint in
        let t = Double(i) / Double(samples)
        // One period of a sine, rising first: the shape of `~`.
        return MathPoint(centre - width / 2 + t * width, middle - height / 2 * _sine(2 * Double.pi * t))
      }
      items.append(.path(points, lineWidth: stroke, filled: false))
      top = middle - height / 2 - stroke / 2
    case .bar, .overline:
      let width =
        accent == .overline
        ? base.width + base.italicCorrection : min(max(base.width * 0.8, 0.3 * em), 0.55 * em)
      let x = accent == .overline ? 0 : centre - width / 2
      items.append(.rule(MathRect(x: x, y: bottom - stroke, width: width, height: stroke)))
      top = bottom - stroke
    case .vector:
      let width = 0.5 * em
      let y = bottom - 0.08 * em
      let head = 0.11 * em
      items.append(
        .path(
          [MathPoint(centre - width / 2, y), MathPoint(centre + width / 2, y)], lineWidth: stroke,
          filled: false))
      items.append(
        .path(
          [
            MathPoint(centre + width / 2 - head, y - head * 0.75), MathPoint(centre + width / 2, y),
            MathPoint(centre + width / 2 - head, y + head * 0.75),
          ], lineWidth: stroke, filled: false))
      top = y - head * 0.75 - stroke / 2
    case .dot, .doubleDot:
      let radius = 0.055 * em
      let y = bottom - radius
      let xs = accent == .dot ? [centre] : [centre - 0.12 * em, centre + 0.12 * em]
      for x in xs {
        let points = (0..<12).map { i -> MathPoint in
          let angle = Double(i) / 12 * 2 * Double.pi
          return MathPoint(x + radius * _cosine(angle), y + radius * _sine(angle))
        }
        items.append(.path(points, lineWidth: 0, filled: true))
      }
      top = y - radius
    }
    var box = base
    box.items += items
    box.ascent = max(base.ascent, -top)
    return box
  }

  /// `\left( ... \right)`: delimiters at least as tall as TeX asks (rule 19: 90% of twice the
  /// body's larger extent from the axis, or that less 0.5 em), centred on the axis.
  func fenced(_ open: String, _ bodyNode: MathNode, _ close: String, _ style: MathStyle) -> MathBox {
    let em = self.em(style)
    let body = layout(bodyNode, style)
    let axis = parameters.axisHeight * em
    let extent = max(body.ascent - axis, body.descent + axis)
    let needed = max(2 * extent * 0.901, 2 * extent - 0.5 * em)
    var box = MathBox()
    var x = 0.0
    func delimiter(_ text: String) {
      guard !text.isEmpty else {
        x += parameters.fractionSideSpace * em
        return
      }
      var glyph = self.glyph(text, .upright, em)
      let natural = glyph.ascent + glyph.descent
      if natural > 0, natural < needed, let drawn = drawnDelimiter(text, height: needed, em: em) {
        glyph = drawn
      } else if natural > 0, natural < needed {
        // A larger size of the same glyph, centred on the axis.
        let scaled = em * needed / natural
        glyph = self.glyph(text, .upright, scaled)
        let shift = (glyph.ascent - glyph.descent) / 2 - axis
        glyph.items = glyph.items.map { $0.translated(0, shift) }
        glyph.ascent -= shift
        glyph.descent += shift
      }
      box.place(glyph, x: x, y: 0)
      x += glyph.width
    }
    delimiter(open)
    box.place(body, x: x, y: 0)
    x += body.width + body.italicCorrection
    delimiter(close)
    box.width = x
    return box
  }
}

extension MathTypesetter {
  /// A tall `(`, `)`, `[`, `]`, `|` or `‖` drawn as a path centred on the axis: a scaled glyph
  /// would grow as wide and heavy as it grows tall. Other delimiters return nil.
  func drawnDelimiter(_ text: String, height: Double, em: Double) -> MathBox? {
    let axis = parameters.axisHeight * em
    let top = -(axis + height / 2)
    let bottom = height / 2 - axis
    var items: [MathLayoutItem] = []
    let width: Double
    switch text {
    case "(", ")":
      width = 0.3 * em + 0.08 * height
      let thickness = 0.07 * em + 0.012 * height
      let endThickness = 0.03 * em
      let bulge = width - 0.22 * em
      let samples = 24
      var outer: [MathPoint] = []
      var inner: [MathPoint] = []
      for i in 0...samples {
        let s = Double(i) / Double(samples)
        let arc = _sine(Double.pi * s)
        let centre = width - 0.1 * em - endThickness / 2 - bulge * arc
        let half = (endThickness + (thickness - endThickness) * arc) / 2
        let y = top + s * height
        outer.append(MathPoint(centre - half, y))
        inner.append(MathPoint(centre + half, y))
      }
      var outline = outer + inner.reversed()
      if text == ")" { outline = outline.map { MathPoint(width - $0.x, $0.y) } }
      items.append(.path(outline, lineWidth: 0, filled: true))
    case "[", "]":
      width = 0.4 * em
      let stroke = 0.055 * em
      let stem = text == "[" ? 0.12 * em : width - 0.12 * em - stroke
      let arm = text == "[" ? stem : width - 0.12 * em - 0.22 * em
      items.append(.rule(MathRect(x: stem, y: top, width: stroke, height: height)))
      items.append(.rule(MathRect(x: arm, y: top, width: 0.22 * em + stroke, height: stroke)))
      items.append(.rule(MathRect(x: arm, y: bottom - stroke, width: 0.22 * em + stroke, height: stroke)))
    case "|", "‖":
      let stroke = 0.055 * em
      let bars = text == "|" ? [0.0] : [0.0, 0.16 * em]
      width = 0.22 * em + (bars.last ?? 0) + stroke
      for offset in bars {
        items.append(.rule(MathRect(x: 0.11 * em + offset, y: top, width: stroke, height: height)))
      }
    default:
      return nil
    }
    return MathBox(width: width, ascent: -top, descent: bottom, items: items)
  }
}

// Pure-Swift sine and cosine for drawn accents (no Foundation in this module).
@usableFromInline func _sine(_ x: Double) -> Double {
  // Reduce to [-pi, pi], then a Taylor series: ample for a few drawn points.
  var r = x.truncatingRemainder(dividingBy: 2 * Double.pi)
  if r > Double.pi { r -= 2 * Double.pi }
  if r < -Double.pi { r += 2 * Double.pi }
  var term = r
  var sum = r
  for n in 1...10 {
    term *= -r * r / Double((2 * n) * (2 * n + 1))
    sum += term
  }
  return sum
}

@usableFromInline func _cosine(_ x: Double) -> Double { _sine(x + Double.pi / 2) }
