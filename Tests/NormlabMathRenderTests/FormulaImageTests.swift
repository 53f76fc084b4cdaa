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

  /// One page: every canonical formula in display and inline style, then the prose.
  static func sheet(dpi: Double = 144) throws -> [UInt8] {
    let size = Size(520, 600)
    let formulas = try canonical.map { try MathParser.parse($0) }
    let prose = try MathProse(parsing: prose)
    return try CairoRenderer.png(size: size, dpi: dpi) { backend in
      backend.fill(Path.rectangle(Rect(x: 0, y: 0, width: size.width, height: size.height)), color: .white)
      var y = 16.0
      for formula in formulas {
        let display = backend.typeset(formula, display: true, size: 12)
        let inline = backend.typeset(formula, display: false, size: 12)
        let rowHeight = max(display.height, inline.height) + 12
        backend.draw(display, at: Point(16, y + display.ascent + 6))
        backend.draw(inline, at: Point(290, y + display.ascent + 6))
        y += rowHeight
      }
      backend.draw(prose, at: Point(16, y + 6), width: 488, style: TextStyle(size: 10.5))
    }
  }

  @Test func writeSheetWhenAsked() throws {
    guard let path = Self.environment["NORMLAB_MATH_SHEET"] else { return }
    let dpi = Self.environment["NORMLAB_MATH_SHEET_DPI"].flatMap(Double.init) ?? 144
    try Data(Self.sheet(dpi: dpi)).write(to: URL(fileURLWithPath: path))
  }
}
