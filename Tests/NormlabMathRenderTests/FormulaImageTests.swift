import Foundation
import NormlabCairo
import NormlabMath
import NormlabPlot
import Testing

/// The course notes' formulas drawn through Cairo, compared with golden images
/// (`Golden/<name>.png`, 144 dpi).
///
/// `NORMLAB_RECORD_GOLDEN=1 swift test --filter NormlabMathRenderTests` rewrites them.
@Suite struct FormulaImageTests {
  static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let environment = ProcessInfo.processInfo.environment

  static let canonical: [String] = [
    #"\hat{x}^{(i)} = \frac{z^{(i)} - \mu}{\sqrt{\sigma^2 + \epsilon}}"#,
    #"\mu = \frac{1}{m}\sum_{i=1}^{m} z^{(i)}"#,
    #"\sigma^2 = \frac{1}{m}\sum_{i=1}^{m} (z^{(i)} - \mu)^2"#,
    #"\tilde{z}^{(i)} = \gamma \hat{z}^{(i)} + \beta"#,
    #"v_{dW} = \beta_1 v_{dW} + (1 - \beta_1) dW"#,
    #"s_{dW} = \beta_2 s_{dW} + (1 - \beta_2) dW^2"#,
    #"v^{corrected}_{dW} = \frac{v_{dW}}{1 - \beta_1^t}"#,
    #"W := W - \alpha \frac{v^{corrected}_{dW}}{\sqrt{s^{corrected}_{dW}} + \varepsilon}"#,
    #"a \odot b"#,
    #"v_t = \beta v_{t-1} + (1 - \beta)\theta_t"#,
    #"\frac{1}{1-\beta}"#,
  ]

  static let prose = #"""
    Batch normalization standardizes each unit's input $z^{(i)}$ with the batch mean $\mu$ and \#
    variance $\sigma^2$, then rescales it: $\tilde{z}^{(i)} = \gamma \hat{z}^{(i)} + \beta$, where \#
    $\gamma$ and $\beta$ are learned. Adam keeps $v_{dW}$ and $s_{dW}$ and divides by \#
    $\sqrt{s^{corrected}_{dW}} + \varepsilon$; an average over about $\frac{1}{1-\beta}$ steps \#
    costs \$0 extra.
    $$\hat{x}^{(i)} = \frac{z^{(i)} - \mu}{\sqrt{\sigma^2 + \epsilon}}$$
    The update is $W := W - \alpha \frac{v^{corrected}_{dW}}{\sqrt{s^{corrected}_{dW}} + \varepsilon}$ \#
    for every layer, with $\beta_1 = 0.9$ and $\beta_2 = 0.999$.
    """#

  /// One page: every canonical formula in display (left) and inline style (right), then prose
  /// with inline formulas and a display formula.
  static func sheet(formulas sources: [String] = canonical, dpi: Double = 144) throws -> [UInt8] {
    let size = Size(520, 510)
    let formulas = try sources.map { try MathParser.parse($0) }
    let prose = try MathProse(parsing: prose)
    return try CairoRenderer.png(size: size, dpi: dpi) { backend in
      backend.fill(Path.rectangle(Rect(x: 0, y: 0, width: size.width, height: size.height)), color: .white)
      var y = 16.0
      for formula in formulas {
        let display = backend.typeset(formula, display: true, size: 12)
        let inline = backend.typeset(formula, display: false, size: 12)
        backend.draw(display, at: Point(16, y + display.ascent + 6))
        backend.draw(inline, at: Point(290, y + display.ascent + 6))
        y += max(display.height, inline.height) + 12
      }
      backend.draw(prose, at: Point(16, y + 6), width: 488, style: TextStyle(size: 10.5))
    }
  }

  /// Share of pixels whose largest channel difference exceeds `threshold`, as in the chart
  /// gallery's golden tests (anti-aliasing differs slightly between machines).
  static func differingFraction(_ a: DecodedImage, _ b: DecodedImage, threshold: Int = 48) -> Double {
    guard a.width == b.width, a.height == b.height else { return 1 }
    var differing = 0
    for (p, q) in zip(a.pixels, b.pixels) where p != q {
      var largest = 0
      for shift in stride(from: 0, through: 24, by: 8) {
        largest = max(largest, abs(Int((p >> UInt32(shift)) & 0xFF) - Int((q >> UInt32(shift)) & 0xFF)))
      }
      if largest > threshold { differing += 1 }
    }
    return Double(differing) / Double(max(a.pixels.count, 1))
  }

  @Test func sheetMatchesItsGoldenImage() throws {
    let bytes = try Self.sheet()
    let url = Self.testsFolder.appendingPathComponent("Golden/canonical-formulas.png")
    if Self.environment["NORMLAB_RECORD_GOLDEN"] == "1" {
      try Data(bytes).write(to: url)
      return
    }
    let expected = try PNGDecoder.decode([UInt8](try Data(contentsOf: url)))
    let actual = try PNGDecoder.decode(bytes)
    #expect(actual.width == expected.width && actual.height == expected.height)
    let fraction = Self.differingFraction(actual, expected)
    #expect(fraction < 0.002, "\(fraction * 100)% of pixels differ from the golden image")
  }

  @Test func goldenComparisonNoticesAChangedFormula() throws {
    var changed = Self.canonical
    // A misplaced superscript: the kind of regression the golden image must catch.
    changed[0] = #"\hat{x}_{(i)} = \frac{z^{(i)} - \mu}{\sqrt{\sigma^2 + \epsilon}}"#
    let a = try PNGDecoder.decode(Self.sheet(formulas: changed))
    let b = try PNGDecoder.decode(Self.sheet())
    #expect(Self.differingFraction(a, b) >= 0.0002)
  }

  /// The same formulas as MathML in an HTML page, to look at in a browser:
  /// `chromium --headless --screenshot=out.png --window-size=900,700 page.html`.
  @Test func writeMathMLPageWhenAsked() throws {
    guard let path = Self.environment["NORMLAB_MATH_HTML"] else { return }
    var html = """
      <!doctype html><html><head><meta charset="utf-8"><style>
      body { font-family: 'DejaVu Sans'; font-size: 16px; margin: 16px }
      math { font-family: 'DejaVu Math TeX Gyre', math } td { padding: 4px 12px }
      </style></head><body><table>
      """
    for source in Self.canonical {
      let node = try MathParser.parse(source)
      html += "<tr><td>\(MathML.render(node, display: true))</td>"
      html += "<td>\(MathML.render(node, display: false))</td></tr>\n"
    }
    html += "</table>\n"
    for block in try MathProse(parsing: Self.prose).blocks {
      switch block {
      case .paragraph(let text, let formulas):
        var pieces = text.split(separator: MathProse.placeholder, omittingEmptySubsequences: false)
          .map { Markup.escape(String($0)) }.makeIterator()
        var paragraph = pieces.next() ?? ""
        for formula in formulas {
          paragraph += MathML.render(formula, display: false) + (pieces.next() ?? "")
        }
        html += "<p>\(paragraph)</p>\n"
      case .display(let formula):
        html += MathML.render(formula, display: true) + "\n"
      }
    }
    html += "</body></html>\n"
    try html.write(toFile: path, atomically: true, encoding: .utf8)
  }

  @Test func writeSheetWhenAsked() throws {
    guard let path = Self.environment["NORMLAB_MATH_SHEET"] else { return }
    let dpi = Self.environment["NORMLAB_MATH_SHEET_DPI"].flatMap(Double.init) ?? 144
    try Data(Self.sheet(dpi: dpi)).write(to: URL(fileURLWithPath: path))
  }
}
