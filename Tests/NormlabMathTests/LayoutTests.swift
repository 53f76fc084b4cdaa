import Testing

@testable import NormlabMath

/// Fixed metrics so geometry can be checked by hand: every character 0.5 em wide; x-height
/// letters 0.5 em tall, capitals, digits, ascenders and brackets 0.7 em; descenders 0.2 em;
/// italic letters overhang 0.05 em; `∑` and `∏` 1 em wide, 0.8 em up and 0.3 em down.
struct FakeMetrics: MathFontMetrics {
  func measure(_ text: String, size: Double, style: MathFontStyle) -> MathGlyphBox {
    if text == "∑" || text == "∏" {
      return MathGlyphBox(width: size, ascent: 0.8 * size, descent: 0.3 * size)
    }
    var ascent = 0.0
    var descent = 0.0
    for c in text {
      let tall = c.isUppercase || c.isNumber || "bdfhklt()[]|βδθλ".contains(c)
      ascent = max(ascent, tall ? 0.7 : 0.5)
      if "gjpqy()[]|βμ".contains(c) { descent = max(descent, 0.2) }
    }
    return MathGlyphBox(
      width: 0.5 * size * Double(text.count), ascent: ascent * size, descent: descent * size,
      italicCorrection: style == .italic ? 0.05 * size : 0)
  }
}

struct Glyph {
  var text: String
  var origin: MathPoint
  var size: Double
  var style: MathFontStyle
}

extension MathLayout {
  var glyphs: [Glyph] {
    items.compactMap {
      if case .glyphs(let text, let origin, let size, let style) = $0 {
        return Glyph(text: text, origin: origin, size: size, style: style)
      }
      return nil
    }
  }

  func glyph(_ text: String, _ occurrence: Int = 0) -> Glyph? {
    let matches = glyphs.filter { $0.text == text }
    return matches.indices.contains(occurrence) ? matches[occurrence] : nil
  }

  var rules: [MathRect] {
    items.compactMap {
      if case .rule(let r) = $0 { return r }
      return nil
    }
  }

  var paths: [[MathPoint]] {
    items.compactMap {
      if case .path(let points, _, _) = $0 { return points }
      return nil
    }
  }
}

func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
  abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

@Suite struct LayoutTests {
  let p = MathFontParameters.dejaVuMath

  func layout(_ source: String, display: Bool = false, size: Double = 10) throws -> MathLayout {
    MathTypesetter(metrics: FakeMetrics(), size: size).layout(try MathParser.parse(source), display: display)
  }

  // MARK: Scripts

  @Test func superscriptSitsAboveTheBaselineAndSubscriptBelow() throws {
    let sup = try #require(try layout("x^2").glyph("2"))
    // u = max(superscript shift 0.381 em, depth 0 + bottom min 0.22 em) at 10 pt.
    #expect(close(sup.origin.y, -3.81))
    // After the base's width (5) and italic correction (0.5).
    #expect(close(sup.origin.x, 5.5))
    #expect(close(sup.size, 7))

    let sub = try #require(try layout("x_i").glyph("i"))
    // v = max(subscript shift 0.19 em, ascent 3.5 - top max 0.33 em) = 1.9 pt.
    #expect(close(sub.origin.y, 1.9))
    #expect(close(sub.origin.x, 5))
    #expect(close(sub.size, 7))
  }

  @Test func subAndSuperscriptTogetherKeepTheirGap() throws {
    let both = try layout("x_i^2")
    let sup = try #require(both.glyph("2"))
    let sub = try #require(both.glyph("i"))
    #expect(sup.origin.y < 0 && sub.origin.y > 0)
    // Bottom of the superscript (depth 0) to the top of the subscript (ascent 3.5).
    let gap = (-sup.origin.y) - (3.5 - sub.origin.y)
    #expect(gap >= p.subSuperscriptGapMin * 10 - 1e-9)
    // Width: base 5 + italic correction 0.5 + superscript 3.5 + script space 0.4.
    #expect(close(both.width, 9.4))
  }

  @Test func crampedSuperscriptsSitLower() throws {
    // A denominator is cramped: its superscript uses the cramped shift.
    let fraction = try layout(#"\frac{1}{x^2}"#, display: true)
    let free = try layout("x^2", display: true)
    let crampedShift = try #require(fraction.glyph("x")).origin.y - (try #require(fraction.glyph("2")).origin.y)
    let freeShift = try #require(free.glyph("x")).origin.y - (try #require(free.glyph("2")).origin.y)
    #expect(close(crampedShift, p.superscriptShiftUpCramped * 10))
    #expect(close(freeShift, p.superscriptShiftUp * 10))
  }

  @Test func scriptSizesShrinkTwiceThenStop() throws {
    let nested = try layout("x^{y^{z^{w}}}")
    #expect(close(try #require(nested.glyph("y")).size, 7))
    #expect(close(try #require(nested.glyph("z")).size, 5))
    #expect(close(try #require(nested.glyph("w")).size, 5))
  }

  // MARK: Fractions

  @Test func fractionBarIsAsWideAsTheWiderPartAndOnTheAxis() throws {
    let f = try layout(#"\frac{a+b}{c}"#)
    let bar = try #require(f.rules.first)
    // Numerator in script style (7 pt, no space around + there): 3 × 3.5 + italic correction 0.35.
    #expect(close(bar.width, 10.85))
    #expect(close(bar.height, p.fractionRuleThickness * 10))
    #expect(close(bar.y + bar.height / 2, -p.axisHeight * 10))
    #expect(close(bar.x, p.fractionSideSpace * 10))
    #expect(close(f.width, 10.85 + 2 * p.fractionSideSpace * 10))

    let a = try #require(f.glyph("a"))
    let c = try #require(f.glyph("c"))
    #expect(close(a.origin.x, bar.x))
    #expect(a.origin.y <= bar.y - p.fractionNumeratorGapMin * 10 + 1e-9)
    // The narrower denominator (3.85 with its italic correction) is centred under the bar.
    #expect(close(c.origin.x, bar.x + (10.85 - 3.85) / 2))
    #expect(c.origin.y - 3.5 >= bar.y + bar.height + p.fractionDenominatorGapMin * 10 - 1e-9)

    let wideBottom = try layout(#"\frac{1}{xyz}"#)
    #expect(close(try #require(wideBottom.rules.first).width, 3 * 3.5 + 0.35))
  }

  @Test func displayFractionsUseTextSizeAndLargerShifts() throws {
    let f = try layout(#"\frac{1}{m}"#, display: true)
    let one = try #require(f.glyph("1"))
    let m = try #require(f.glyph("m"))
    #expect(close(one.size, 10) && close(m.size, 10))
    #expect(close(one.origin.y, -p.fractionNumeratorDisplayShiftUp * 10))
    #expect(close(m.origin.y, p.fractionDenominatorDisplayShiftDown * 10))
    let inline = try layout(#"\frac{1}{m}"#)
    #expect(close(try #require(inline.glyph("1")).size, 7))
  }

  // MARK: Radicals

  @Test func radicalSignAndOverbarCoverTheRadicand() throws {
    let r = try layout(#"\sqrt{y^2}"#)
    let bar = try #require(r.rules.first)
    let y = try #require(r.glyph("y"))
    let two = try #require(r.glyph("2"))
    let radicandTop = -two.origin.y + 0.7 * 7
    // The bar clears the radicand's top by the gap and spans its width.
    #expect(bar.y + bar.height <= -radicandTop - p.radicalVerticalGap * 10 + 1e-9)
    #expect(bar.x <= y.origin.x)
    #expect(bar.x + bar.width >= two.origin.x + 3.5)
    // The sign ends where the bar begins and reaches below the radicand's depth (2 pt).
    let sign = r.paths.flatMap { $0 }
    let lowest = try #require(sign.map(\.y).max())
    let rightmost = try #require(sign.map(\.x).max())
    #expect(lowest >= 2)
    #expect(rightmost <= y.origin.x)
    #expect(abs(rightmost - bar.x) < 0.5)
    #expect(r.ascent >= -bar.y)
  }

  @Test func radicalSignGrowsWithItsRadicand() throws {
    func signHeight(_ source: String) throws -> Double {
      let points = try layout(source).paths.flatMap { $0 }
      return (points.map(\.y).max() ?? 0) - (points.map(\.y).min() ?? 0)
    }
    let small = try signHeight(#"\sqrt{x}"#)
    let tall = try signHeight(#"\sqrt{\frac{\frac{a}{b}}{c}}"#)
    #expect(tall > small * 1.5)
  }

  // MARK: Big operators

  @Test func displaySumHasLimitsCentredAboveAndBelow() throws {
    let s = try layout(#"\sum_{i=1}^{m}"#, display: true)
    let sigma = try #require(s.glyph("∑"))
    let m = try #require(s.glyph("m"))
    let i = try #require(s.glyph("i"))
    // Enlarged to the display operator height (1.333 em of 1.1 em tall at 10 pt).
    #expect(close(sigma.size, 10 * p.displayOperatorMinHeight / 1.1))
    let sigmaCentre = sigma.origin.x + sigma.size / 2
    #expect(close(m.origin.x + 3.5 / 2, sigmaCentre))
    // "i=1": three 3.5-wide glyphs, no spaces in script style.
    #expect(close(i.origin.x + 3 * 3.5 / 2, sigmaCentre))
    let sigmaTop = sigma.origin.y - 0.8 * sigma.size
    let sigmaBottom = sigma.origin.y + 0.3 * sigma.size
    #expect(m.origin.y <= sigmaTop - p.upperLimitGapMin * 10 + 1e-9)
    #expect(i.origin.y - 3.5 >= sigmaBottom + p.lowerLimitGapMin * 10 - 1e-9)
    // Centred on the axis.
    #expect(close((sigmaTop + sigmaBottom) / 2, -p.axisHeight * 10))
  }

  @Test func inlineSumHasScriptsBeside() throws {
    let s = try layout(#"\sum_{i=1}^{m}"#)
    let sigma = try #require(s.glyph("∑"))
    #expect(close(sigma.size, 10))
    #expect(try #require(s.glyph("m")).origin.x >= sigma.origin.x + 10)
    #expect(try #require(s.glyph("i")).origin.x >= sigma.origin.x + 10)
  }

  @Test func displayMaxPutsItsSubscriptBelow() throws {
    let s = try layout(#"\max_{x}"#, display: true)
    let max = try #require(s.glyph("max"))
    let x = try #require(s.glyph("x"))
    #expect(x.origin.y > 0.5 * 7)
    #expect(close(x.origin.x + 1.75, max.origin.x + 7.5))
  }

  // MARK: Accents

  @Test func accentsAreCentredOverTheirBase() throws {
    let upright = try layout(#"\hat{\Gamma}"#)
    let hat = try #require(upright.paths.first)
    #expect(hat.count == 3)
    #expect(close(hat[1].x, 2.5))
    #expect(try #require(hat.map(\.y).max()) < -7)
    // Over a slanted letter the accent moves right, towards the letter's top.
    let italic = try layout(#"\hat{x}"#)
    let italicHat = try #require(italic.paths.first)
    #expect(close(italicHat[1].x, 2.5 + p.italicSlant * 5 / 2))

    let bar = try #require(try layout(#"\bar{\Gamma}"#).rules.first)
    #expect(close(bar.x + bar.width / 2, 2.5))
    let tilde = try #require(try layout(#"\tilde{\Gamma}"#).paths.first)
    #expect(close(((tilde.first?.x ?? 0) + (tilde.last?.x ?? 0)) / 2, 2.5))
  }

  @Test func scriptsOfAnAccentedLetterSitAsOnTheLetter() throws {
    let plain = try #require(try layout("x^{(i)}").glyph("i"))
    let accented = try #require(try layout(#"\hat{x}^{(i)}"#).glyph("i"))
    #expect(close(plain.origin.y, accented.origin.y))
    #expect(close(plain.origin.x, accented.origin.x))
  }

  // MARK: Styles and spacing

  @Test func variablesAreItalicAndTheRestUpright() throws {
    let l = try layout(#"x 2 \log \Gamma \mathrm{d} \text{a b} \mathbf{W} +"#)
    #expect(l.glyph("x")?.style == .italic)
    #expect(l.glyph("2")?.style == .upright)
    #expect(l.glyph("log")?.style == .upright)
    #expect(l.glyph("Γ")?.style == .upright)
    #expect(l.glyph("d")?.style == .upright)
    #expect(l.glyph("a b")?.style == .upright)
    #expect(l.glyph("W")?.style == .bold)
    #expect(l.glyph("+")?.style == .upright)
  }

  /// At 18 pt one mu is one point, so spaces read as 3, 4 and 5.
  func xs(_ source: String) throws -> [Double] {
    try layout(source, size: 18).glyphs.map(\.origin.x)
  }

  @Test func binaryOperatorsGetMediumSpaceRelationsThick() throws {
    #expect(try xs("a+b") == [0, 13, 26])
    #expect(try xs("a=b") == [0, 14, 28])
    #expect(try xs("a,b") == [0, 9, 21])
    #expect(try xs(#"a \odot b"#) == [0, 13, 26])
  }

  @Test func aMinusWithoutLeftOperandIsUnary() throws {
    #expect(try xs("-b") == [0, 9])
    #expect(try xs("a=-b") == [0, 14, 28, 37])
    #expect(try xs("(1-b)") == [0, 9, 22, 35, 44])
  }

  @Test func functionNamesTakeAThinSpaceBeforeAnOperand() throws {
    #expect(try xs(#"\log x"#) == [0, 30])
    #expect(try xs(#"\log(x)"#) == [0, 27, 36, 45])
  }

  @Test func scriptsDropTheSpacesAroundOperators() throws {
    let l = try layout("x^{a+b}", size: 18)
    let a = try #require(l.glyph("a"))
    let plus = try #require(l.glyph("+"))
    #expect(close(plus.origin.x - a.origin.x, 0.5 * 18 * 0.7))
  }

  @Test func explicitSpaces() throws {
    #expect(try xs(#"a\,b"#) == [0, 12])
    #expect(try xs(#"a\;b"#) == [0, 14])
    #expect(try xs(#"a\quad b"#) == [0, 27])
  }

  // MARK: Delimiters and boxes

  @Test func leftRightDelimitersGrowToTheirBody() throws {
    let l = try layout(#"\left(\frac{a}{b}\right)"#, display: true)
    let parens = l.paths
    #expect(parens.count == 2)
    let ys = parens[0].map(\.y)
    let height = (ys.max() ?? 0) - (ys.min() ?? 0)
    let axis = p.axisHeight * 10
    let extent = max(l.ascent - axis, l.descent + axis)
    #expect(height >= 0.9 * 2 * extent - 1)
    // Plain brackets stay glyphs at the text size.
    #expect(try layout(#"(\frac{a}{b})"#, display: true).glyph("(")?.size == 10)
  }

  @Test func everyItemLiesInsideTheFormulasBox() throws {
    let formulas = [
      #"\hat{x}^{(i)} = \frac{z^{(i)} - \mu}{\sqrt{\sigma^2 + \epsilon}}"#,
      #"\sigma^2 = \frac{1}{m}\sum_{i=1}^{m} (z^{(i)} - \mu)^2"#,
      #"W := W - \alpha \frac{v^{corrected}_{dW}}{\sqrt{s^{corrected}_{dW}} + \varepsilon}"#,
      #"\left[\tilde{z}^{(i)}\right] = \vec{v}\bar{x}"#,
    ]
    let metrics = FakeMetrics()
    for source in formulas {
      for display in [false, true] {
        let l = try layout(source, display: display)
        for g in l.glyphs {
          let m = metrics.measure(g.text, size: g.size, style: g.style)
          #expect(g.origin.x >= -1e-9 && g.origin.x + m.width <= l.width + 1e-9, "\(source) \(g.text)")
          #expect(g.origin.y - m.ascent >= -l.ascent - 1e-9, "\(source) \(g.text)")
          #expect(g.origin.y + m.descent <= l.descent + 1e-9, "\(source) \(g.text)")
        }
        for r in l.rules {
          #expect(r.y >= -l.ascent - 1e-9 && r.y + r.height <= l.descent + 1e-9, "\(source)")
        }
      }
    }
  }
}

@Suite struct ScaledLayoutTests {
  @Test func scalingMultipliesEveryMeasure() throws {
    let layout = MathTypesetter(metrics: FakeMetrics(), size: 10)
      .layout(try MathParser.parse(#"\frac{x^2}{\sqrt{y}}"#), display: true)
    let half = layout.scaled(by: 0.5)
    #expect(close(half.width, layout.width / 2))
    #expect(close(half.ascent, layout.ascent / 2) && close(half.descent, layout.descent / 2))
    #expect(half.items.count == layout.items.count)
    for (a, b) in zip(layout.items, half.items) {
      switch (a, b) {
      case (.glyphs(let t, let o, let s, _), .glyphs(let u, let p, let r, _)):
        #expect(t == u && close(p.x, o.x / 2) && close(p.y, o.y / 2) && close(r, s / 2))
      case (.rule(let r), .rule(let q)):
        #expect(close(q.width, r.width / 2) && close(q.y, r.y / 2))
      case (.path(let ps, let w, _), .path(let qs, let v, _)):
        #expect(close(v, w / 2) && zip(ps, qs).allSatisfy { close($1.x, $0.x / 2) })
      default:
        Issue.record("items change kind when scaled")
      }
    }
  }
}

@Suite struct PrimeLayoutTests {
  @Test func primesSitOnTheBaselineAtTextSize() throws {
    let l = MathTypesetter(metrics: FakeMetrics(), size: 10).layout(try MathParser.parse("f'(x)"), display: false)
    let prime = try #require(l.glyph("′"))
    #expect(prime.size == 10)
    #expect(prime.origin.y == 0)
    // After f's width and italic correction.
    #expect(close(prime.origin.x, 5.5))
    #expect(try #require(l.glyph("(")).origin.x >= 10.5 - 1e-9)
  }
}
