import NormlabCairo
import NormlabMath
import NormlabPlot
import Testing

/// Formulas and flowed paragraphs through the Cairo backend, checked against pixels and
/// against Pango's own line metrics.
@Suite struct CairoMathTests {
  struct NoBackend: Error {}

  /// Runs `body` with a Cairo backend (a throwaway 1-pixel PNG surface).
  static func withBackend<T>(_ body: (inout CairoBackend) -> T) throws -> T {
    var result: T?
    _ = try CairoRenderer.png(size: Size(1, 1), dpi: 72) { backend in result = body(&backend) }
    guard let result else { throw NoBackend() }
    return result
  }

  @Test func mathFontIsInstalledWithItsItalicLetters() throws {
    // fonts-dejavu-extra: without it the Mathematical Italic letters would be boxes.
    let style = MathDrawing.textStyle(size: 12)
    #expect(try CairoRenderer.missingGlyphCount("𝑥𝜇𝜎∑√⊙", style: style) == 0)
  }

  @Test func fractionBarIsDrawnWhereTheLayoutPutsIt() throws {
    let node = try MathParser.parse(#"\frac{1}{2}"#)
    let layout = try Self.withBackend { $0.typeset(node, display: true, size: 40) }
    let origin = Point(10, 10 + layout.ascent)
    let size = Size(layout.width + 20, layout.height + 20)
    let png = try CairoRenderer.png(size: size, dpi: 72) { backend in
      backend.fill(Path.rectangle(Rect(x: 0, y: 0, width: size.width, height: size.height)), color: .white)
      backend.draw(layout, at: origin, color: .black)
    }
    let image = try PNGDecoder.decode(png)
    let bar = try #require(
      layout.items.compactMap { item -> MathRect? in
        if case .rule(let r) = item { return r }
        return nil
      }.first)
    func dark(_ x: Double, _ y: Double) -> Bool {
      let (r, _, _, _) = image.rgba(x: Int(x), y: Int(y))
      return r < 100
    }
    // Middle of the bar, near both of its ends, and clear space just above and below it.
    let barY = origin.y + bar.y + bar.height / 2
    #expect(dark(origin.x + bar.x + bar.width / 2, barY))
    #expect(dark(origin.x + bar.x + 1, barY))
    #expect(dark(origin.x + bar.x + bar.width - 1, barY))
    #expect(!dark(origin.x + bar.x + 1, origin.y + bar.y - 4))
    #expect(!dark(origin.x + bar.x + 1, origin.y + bar.y + bar.height + 4))
    // Glyphs stay inside the box: nothing dark above the ascent or below the descent.
    for x in stride(from: 0, to: image.width, by: 1) {
      #expect(!dark(Double(x), origin.y - layout.ascent - 2))
      #expect(!dark(Double(x), origin.y + layout.descent + 2))
    }
  }

  @Test func inlineBoxesSitOnTheTextBaseline() throws {
    let style = TextStyle(size: 10)
    let (flow, ink, plain) = try Self.withBackend { backend in
      (
        backend.measureParagraph(
          "ab \u{FFFC} cd", width: 400, style: style, boxes: [InlineBox(width: 20, ascent: 5, descent: 1)]),
        backend.measureInk("ab", style: style),
        backend.measureParagraph("ab cd", width: 400, style: style)
      )
    }
    let origin = try #require(flow.origins.first)
    #expect(abs(origin.y - ink.baseline) < 0.01)
    #expect(abs(origin.x - (try Self.withBackend { $0.measure("ab ", style: style) }).width) < 0.5)
    // A small box leaves the line height as it was.
    #expect(abs(flow.height - plain) < 0.01)
  }

  @Test func tallInlineFormulasOpenTheirLine() throws {
    let style = TextStyle(size: 10)
    let (small, tall) = try Self.withBackend { backend in
      (
        backend.measureParagraph("a \u{FFFC} b", width: 400, style: style, boxes: [InlineBox(width: 10, ascent: 5, descent: 1)]),
        backend.measureParagraph("a \u{FFFC} b", width: 400, style: style, boxes: [InlineBox(width: 10, ascent: 20, descent: 8)])
      )
    }
    #expect(tall.height > small.height + 15)
    #expect(try #require(tall.origins.first).y >= 20)
  }

  @Test func inlineBoxesWrapWithTheWords() throws {
    let style = TextStyle(size: 10, markup: true)
    let text = (0..<12).map { _ in "<b>word</b> \u{FFFC}" }.joined(separator: " ")
    let boxes = Array(repeating: InlineBox(width: 30, ascent: 7, descent: 2), count: 12)
    let flow = try Self.withBackend { backend in
      backend.measureParagraph(text, width: 150, style: style, boxes: boxes)
    }
    #expect(flow.origins.count == 12)
    let lines = Set(flow.origins.map { ($0.y * 100).rounded() })
    #expect(lines.count >= 4)
    for origin in flow.origins { #expect(origin.x >= 0 && origin.x + 30 <= 150.5) }
    // Drawing reports the same places, shifted to where it drew.
    let drawn = try Self.withBackend { backend in
      backend.paragraph(text, at: Point(5, 7), width: 150, style: style, boxes: boxes)
    }
    #expect(drawn.origins == flow.origins.map { Point($0.x + 5, $0.y + 7) })
    #expect(drawn.height == flow.height)
  }

  @Test func plainParagraphsAreUnchangedByTheMathFontSwitch() throws {
    // Measuring math turns off Pango's glyph-position rounding; other text must get it back.
    let style = TextStyle(size: 10.5)
    let before = try Self.withBackend { $0.measure("Batch normalization", style: style) }
    let after = try Self.withBackend { backend -> Size in
      _ = backend.measureInk("𝑥", style: MathDrawing.textStyle(size: 10.5))
      return backend.measure("Batch normalization", style: style)
    }
    #expect(before == after)
  }

  @Test func recordingBackendApproximatesTheFlow() throws {
    var backend = RecordingBackend()
    let prose = try MathProse(parsing: #"The mean $\mu$ over $m$ examples, then $$\mu = \frac{1}{m}\sum_{i=1}^{m} x_i$$ done."#)
    let height = backend.draw(prose, at: Point(0, 0), width: 200, style: TextStyle(size: 10))
    #expect(height > 0)
    #expect(abs(height - backend.measure(prose, width: 200, style: TextStyle(size: 10))) < 1e-9)
    // The paragraph's words, then its formulas' glyphs in the math font.
    #expect(Array(backend.texts.prefix(6)) == ["The", "mean", "over", "examples,", "then", "𝜇"])
    #expect(backend.texts.contains("done."))
    #expect(backend.calls.contains { if case .fill = $0 { return true } else { return false } })
  }

  @Test func recordingFlowKeepsMarkupValidInEachRun() {
    var backend = RecordingBackend()
    let flow = backend.paragraph(
      "<b>bold words \u{FFFC} here</b> plain", at: Point(0, 0), width: 500,
      style: TextStyle(size: 10, markup: true), boxes: [InlineBox(width: 10, ascent: 5, descent: 1)])
    #expect(backend.texts == ["<b>bold</b>", "<b>words</b>", "<b>here</b>", "plain"])
    #expect(flow.origins.count == 1)
  }
}

@Suite struct DisplayFittingTests {
  @Test func aDisplayFormulaWiderThanItsColumnIsShrunkIntoIt() throws {
    var backend = RecordingBackend()
    let wide = String(repeating: "a + ", count: 30) + "b"
    let prose = try MathProse(parsing: "$$" + wide + "$$")
    let height = backend.draw(prose, at: Point(10, 0), width: 100, style: TextStyle(size: 10))
    #expect(abs(height - backend.measure(prose, width: 100, style: TextStyle(size: 10))) < 1e-9)
    for case .text(_, let at, let style, _, _) in backend.calls {
      #expect(at.x >= 10 - 1e-9 && at.x <= 110)
      #expect(style.size < 10)
    }
  }
}
