import NormlabCairo
import NormlabPlot
import Testing

@Suite struct RenderedChartTests {
  static func lossFigure() -> Figure {
    let x = (0...50).map(Double.init)
    let a = x.map { 2 * (-$0 / 15).exp() + 0.1 }
    let b = x.map { 2 * (-$0 / 30).exp() + 0.2 }
    return Figure(
      title: "Loss",
      panels: [
        Axes(
          xLabel: "step", yLabel: "loss",
          series: [
            .line(LineSeries(label: "with BN", x: x, y: a, color: Palette.color(0))),
            .line(LineSeries(label: "without BN", x: x, y: b, color: Palette.color(1))),
          ])
      ])
  }

  @Test func pngHasRequestedSizeAndIsNotBlank() throws {
    let bytes = try CairoRenderer.render(Self.lossFigure(), format: .png, dpi: 150)
    let image = try PNGDecoder.decode(bytes)
    // 460.8 x 288 points at 150 dpi.
    #expect(image.width == 960)
    #expect(image.height == 600)
    var colored = 0
    var dark = 0
    var palette0 = 0
    for y in stride(from: 0, to: image.height, by: 2) {
      for x in stride(from: 0, to: image.width, by: 2) {
        let (r, g, b, _) = image.rgba(x: x, y: y)
        if r < 80 && g < 80 && b < 80 { dark += 1 }
        if r != g || g != b { colored += 1 }
        // Tol's blue 0x4477AA, the first series.
        if abs(Int(r) - 0x44) < 12 && abs(Int(g) - 0x77) < 12 && abs(Int(b) - 0xAA) < 12 { palette0 += 1 }
      }
    }
    #expect(dark > 500, "axes and text should be drawn")
    #expect(colored > 300, "curves should be drawn in colour")
    #expect(palette0 > 100, "the first series should use the palette's first colour")
    // The corner is background.
    let corner = image.rgba(x: 2, y: 2)
    #expect(corner.0 == 255 && corner.1 == 255 && corner.2 == 255)
  }

  @Test func twoRendersAreByteIdentical() throws {
    let figure = Self.lossFigure()
    #expect(try CairoRenderer.render(figure, format: .png) == CairoRenderer.render(figure, format: .png))
    #expect(try CairoRenderer.render(figure, format: .svg) == CairoRenderer.render(figure, format: .svg))
    #expect(try CairoRenderer.render(figure, format: .pdf) == CairoRenderer.render(figure, format: .pdf))
  }
}

extension Double {
  fileprivate func exp() -> Double {
    var result = 1.0
    var term = 1.0
    for n in 1..<40 {
      term *= self / Double(n)
      result += term
    }
    return result
  }
}
