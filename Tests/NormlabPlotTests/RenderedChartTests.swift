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

@Suite struct BackendOutputTests {
  @Test func everyChartKindRendersByteIdenticallyTwice() throws {
    for (name, figure) in GalleryCharts.all {
      let png = try CairoRenderer.render(figure, format: .png, dpi: 72)
      #expect(try CairoRenderer.render(figure, format: .png, dpi: 72) == png, "\(name).png")
      let svg = try CairoRenderer.render(figure, format: .svg)
      #expect(try CairoRenderer.render(figure, format: .svg) == svg, "\(name).svg")
      let pdf = try CairoRenderer.render(figure, format: .pdf)
      #expect(try CairoRenderer.render(figure, format: .pdf) == pdf, "\(name).pdf")
    }
  }

  @Test func pngSizeFollowsTheDpi() throws {
    let figure = GalleryCharts.line()
    let image = try PNGDecoder.decode(CairoRenderer.render(figure, format: .png, dpi: 300))
    #expect(image.width == 1920 && image.height == 1200)
  }

  @Test func pdfCarriesTheCallersDateAndEmbedsItsFonts() throws {
    let info = DocumentInfo(title: "t", date: "2024-03-05T06:07:08Z")
    let bytes = try CairoRenderer.render(GalleryCharts.line(), format: .pdf, info: info)
    let text = String(decoding: bytes, as: UTF8.self)
    // Cairo writes the date as (20240305060708Z); pdfinfo reads it back as that instant.
    #expect(text.contains("/CreationDate (20240305060708Z)"))
    #expect(text.contains("/FontFile2") || text.contains("/FontFile3"), "fonts are embedded")
    let other = try CairoRenderer.render(
      GalleryCharts.line(), format: .pdf, info: DocumentInfo(title: "t", date: "2030-01-01T00:00:00Z"))
    #expect(other != bytes)
  }

  @Test func heatmapsAreEmbeddedAsCrispImages() throws {
    let svg = String(decoding: try CairoRenderer.render(GalleryCharts.heatmap(), format: .svg), as: UTF8.self)
    #expect(svg.contains("<image"))
    let pdf = String(decoding: try CairoRenderer.render(GalleryCharts.heatmap(), format: .pdf), as: UTF8.self)
    #expect(pdf.contains("/Interpolate false"))
  }

  /// Dark pixels in a rendering of `text` alone.
  static func ink(_ text: String) throws -> Int {
    let bytes = try CairoRenderer.png(size: Size(200, 40), dpi: 72) { backend in
      backend.fill(Path.rectangle(Rect(x: 0, y: 0, width: 200, height: 40)), color: .white)
      backend.text(text, at: Point(4, 4), style: TextStyle(size: 24, color: .black))
    }
    let image = try PNGDecoder.decode(bytes)
    return image.pixels.filter { ($0 & 0xFF) < 128 }.count
  }

  @Test func chineseTitleRendersWithRealGlyphsNotBoxes() throws {
    // Pango falls back to WenQuanYi Micro Hei for CJK (fonts-wqy-microhei, installed by CI).
    #expect(try CairoRenderer.missingGlyphCount("训练损失曲线") == 0)
    // The counter does see missing glyphs: private-use code points have none in any font.
    #expect(try CairoRenderer.missingGlyphCount("\u{E000}\u{E001}") == 2)
    // Real glyphs put ink inside their cell; four hex boxes draw mostly outlines and tiny digits.
    let glyphs = try Self.ink("训练损失")
    #expect(glyphs > 400)
    let figure = Figure(title: "批量归一化：训练损失", panels: [Axes(series: [.line(LineSeries(x: [0, 1], y: [0, 1], color: .black))])])
    let image = try PNGDecoder.decode(CairoRenderer.render(figure, format: .png, dpi: 72))
    var titleInk = 0
    for y in 0..<24 {
      for x in 0..<image.width where image.rgba(x: x, y: y).0 < 128 { titleInk += 1 }
    }
    #expect(titleInk > 150, "the CJK title is drawn")
  }
}
