import Foundation
import NormlabCairo
@testable import NormlabPlot
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Draws `figure` with the SVG writer, measuring text through Cairo and Pango as the report does.
func svgDocument(_ figure: Figure, prefix: String = "t") throws -> (String, SVGBackend<CairoBackend>) {
  var result: (String, SVGBackend<CairoBackend>)?
  _ = try CairoRenderer.png(size: Size(1, 1), dpi: 72) { metrics in
    var backend = SVGBackend(metrics: metrics, idPrefix: prefix)
    FigureRenderer.draw(
      figure, in: Rect(x: 0, y: 0, width: figure.size.width, height: figure.size.height), on: &backend)
    result = (backend.document(size: figure.size, title: figure.title), backend)
  }
  return try #require(result)
}

@Suite struct SVGBackendTests {
  /// Curves as the report's loss chart builds them: per variant a band, a labelled train line
  /// and an unlabelled dashed test line of the same colour; data-less `train`/`test` entries.
  static func curves() -> Figure {
    let x = (0..<30).map(Double.init)
    var series: [Series] = []
    for (k, name) in ["with BN", "without BN"].enumerated() {
      let color = Palette.color(k)
      let scale = Double(8 + 8 * k)
      let train: [Double] = x.map { (step: Double) -> Double in 1.5 * GalleryCharts.exp(-step / scale) + 0.1 }
      let test: [Double] = train.map { $0 + 0.05 }
      let lower: [Double] = train.map { $0 - 0.03 }
      let upper: [Double] = train.map { $0 + 0.03 }
      series.append(.band(BandSeries(x: x, lower: lower, upper: upper, color: color)))
      series.append(.line(LineSeries(label: name, x: x, y: train, color: color)))
      series.append(.band(BandSeries(x: x, lower: test.map { $0 - 0.03 }, upper: test.map { $0 + 0.03 }, color: color)))
      series.append(.line(LineSeries(x: x, y: test, color: color, dash: .dashed)))
    }
    series.append(.line(LineSeries(label: "train", x: [], y: [], color: .muted)))
    series.append(.line(LineSeries(label: "test", x: [], y: [], color: .muted, dash: .dashed)))
    return Figure(title: "Loss <&> \"quotes\"", panels: [Axes(xLabel: "step", yLabel: "loss", series: series)])
  }

  @Test func legendEntriesNameTheirVariantAndLineStyle() {
    guard case .some(let axes) = Self.curves().panels.first else { return }
    let keys = SVGLegendLinks.keys(of: axes)
    #expect(keys == [
      ["with BN", "train"], ["with BN", "train"], ["with BN", "test"], ["with BN", "test"],
      ["without BN", "train"], ["without BN", "train"], ["without BN", "test"], ["without BN", "test"],
      [], [],
    ])
  }

  @Test func documentIsWellFormedXMLWithGroupsForPanelsSeriesAndLegend() throws {
    let (svg, backend) = try svgDocument(Self.curves(), prefix: "loss")
    let document = try XMLDocument(xmlString: svg, options: [])
    let root = try #require(document.rootElement())
    #expect(root.name == "svg")
    #expect(root.attribute(forName: "viewBox")?.stringValue == "0 0 460.8 288")
    #expect(try document.nodes(forXPath: "/svg/title").first?.stringValue == "Loss <&> \"quotes\"")
    #expect(backend.keys == ["with BN", "train", "with BN", "test", "without BN", "train", "without BN", "test"].uniqued())
    let panels = try document.nodes(forXPath: "//g[@class='panel']")
    #expect(panels.count == 1)
    let series = try document.nodes(forXPath: "//g[@class='panel']//g[@class='series']")
    #expect(series.count == 10)
    let keyed = try document.nodes(forXPath: "//g[@class='series'][@data-keys]").compactMap {
      ($0 as? XMLElement)?.attribute(forName: "data-keys")?.stringValue
    }
    #expect(keyed == ["0 1", "0 1", "0 2", "0 2", "3 1", "3 1", "3 2", "3 2"])
    // Every legend entry that names series answers to a key: the variants and the dashes.
    let entries = try document.nodes(forXPath: "//g[@class='legend-entry'][@data-key]").compactMap {
      ($0 as? XMLElement)?.attribute(forName: "data-key")?.stringValue
    }
    #expect(entries == ["0", "3", "1", "2"])
    // Series are clipped to the plot; the clip's id carries the prefix.
    #expect(svg.contains("<clipPath id=\"loss-clip1\">"))
    #expect(svg.contains("clip-path=\"url(#loss-clip1)\""))
    // The recorded panel is the plot the painter used.
    let panel = try #require(backend.panels.first)
    #expect(panel.plot.width > 300 && panel.plot.height > 150)
    #expect(panel.transform.x(0) == panel.plot.minX)
  }

  @Test func textIsPlacedWithPangoMetricsAndAnchors() throws {
    var captured: (String, Size, TextInk)?
    let style = TextStyle(size: 10, weight: .bold, color: Color(hex: 0x336699))
    _ = try CairoRenderer.png(size: Size(1, 1), dpi: 72) { metrics in
      var backend = SVGBackend(metrics: metrics, idPrefix: "t")
      backend.text("Épreuve <1>", at: Point(100, 50), style: style, anchor: .right)
      backend.text("rotated", at: Point(20, 80), style: TextStyle(size: 9), anchor: .top, rotation: Double.pi / 2)
      captured = (backend.body, metrics.measure("Épreuve <1>", style: style), metrics.measureInk("Épreuve <1>", style: style))
    }
    let (body, size, ink) = try #require(captured)
    // Right anchor: `end` at the anchor's x; baseline at the vertical centre minus half the box
    // plus Pango's baseline.
    let y = SVGMarkup.number(50 - size.height / 2 + ink.baseline)
    #expect(body.contains("<text x=\"100\" y=\"\(y)\" text-anchor=\"end\" font-size=\"10\" font-weight=\"bold\" fill=\"#336699\">Épreuve &lt;1&gt;</text>"), "\(body)")
    #expect(body.contains("transform=\"translate(20 80) rotate(-90)\""))
    #expect(body.contains("text-anchor=\"middle\""))
  }

  @Test func numbersAreWrittenWithoutPlatformFloatPrinting() {
    #expect(SVGMarkup.number(12.5) == "12.5")
    #expect(SVGMarkup.number(-3) == "-3")
    #expect(SVGMarkup.number(1234.567) == "1234.57")
    #expect(SVGMarkup.number(-0.25) == "-0.25")
    #expect(SVGMarkup.number(0.004) == "0")
    #expect(SVGMarkup.number(0.1 + 0.2) == "0.3")
    #expect(SVGMarkup.number(.nan) == "0")
    #expect(SVGMarkup.number(1e20) == "1000000000000")
    #expect(SVGMarkup.number(2.0 / 3, decimals: 3) == "0.667")
    #expect(SVGMarkup.hex(Color(hex: 0x4477AA)) == "#4477aa")
  }

  @Test func rasterImagesArePNGsAnIndependentDecoderReads() throws {
    let pixels = [
      Color(hex: 0xFF0000), Color(hex: 0x00FF00), Color(hex: 0x0000FF, alpha: 0.5),
      Color(hex: 0xFFFFFF), Color(hex: 0x000000), Color(hex: 0x808080),
    ]
    let bytes = try #require(SVGRaster.png(RasterImage(width: 3, height: 2, pixels: pixels)))
    let image = try PNGDecoder.decode(bytes)
    #expect(image.width == 3 && image.height == 2)
    #expect(image.rgba(x: 0, y: 0) == (255, 0, 0, 255))
    #expect(image.rgba(x: 1, y: 0) == (0, 255, 0, 255))
    #expect(image.rgba(x: 2, y: 1) == (128, 128, 128, 255))
    #expect(image.rgba(x: 2, y: 0).3 == 128)
    // A raster larger than one stored deflate block still decodes.
    let large = RasterImage(width: 200, height: 120, pixels: (0..<24_000).map { Color(hex: UInt32($0 * 97 % 0xFFFFFF)) })
    let decoded = try PNGDecoder.decode(try #require(SVGRaster.png(large)))
    #expect(decoded.rgba(x: 199, y: 119).0 == UInt8((23_999 * 97 % 0xFFFFFF) >> 16))
    #expect(SVGRaster.png(RasterImage(width: 0, height: 5, pixels: [])) == nil)
  }

  @Test func base64MatchesFoundation() {
    for length in [0, 1, 2, 3, 4, 5, 61, 256] {
      let bytes = (0..<length).map { UInt8(($0 * 37 + 11) % 256) }
      #expect(SVGRaster.base64(bytes) == Data(bytes).base64EncodedString())
    }
  }

  @Test func everyGalleryChartGivesWellFormedDeterministicSVG() throws {
    for (name, figure) in GalleryCharts.all {
      let (first, _) = try svgDocument(figure, prefix: name)
      let (second, _) = try svgDocument(figure, prefix: name)
      #expect(first == second, "\(name) differs between renders")
      #expect(throws: Never.self, "\(name) is not well formed") { try XMLDocument(xmlString: first, options: []) }
      #expect(first.contains("<text"), "\(name) has no text")
      #expect(!first.contains("http"), "\(name) names a URL")
    }
  }

  @Test func markupBecomesTspans() {
    #expect(SVGMarkup.tspans(fromMarkup: "a <b>bold</b> &amp; <i>it</i> <tt>x</tt>")
      == "a <tspan font-weight=\"bold\">bold</tspan> &amp; <tspan font-style=\"italic\">it</tspan> <tspan font-family=\"\(SVGMarkup.fonts.mono)\">x</tspan>")
  }
}

extension Array where Element: Hashable {
  fileprivate func uniqued() -> [Element] {
    var seen = Set<Element>()
    return filter { seen.insert($0).inserted }
  }
}

@Suite struct SVGPathDataTests {
  @Test func linesAreRelativeStepsBetweenRoundedPoints() {
    var path = Path()
    path.move(to: Point(10, 20))
    path.line(to: Point(10.5, 19.75))
    path.line(to: Point(12.004, 19.75))
    path.line(to: Point(0.1, 0))
    path.close()
    path.move(to: Point(-1, 2.25))
    path.line(to: Point(-1.5, 2.25))
    #expect(SVGMarkup.pathData(path) == "M10 20l.5-.25 1.5 0-11.9-19.75ZM-1 2.25l-.5 0")
  }

  /// Walking the relative steps lands on every rounded absolute point: no drift along a long
  /// curve.
  @Test func stepsDoNotAccumulateRounding() {
    var path = Path()
    path.move(to: Point(0, 0))
    for k in 1...1000 { path.line(to: Point(Double(k) * 0.333, Double(k % 7) * 0.017)) }
    let data = SVGMarkup.pathData(path)
    var numbers: [Double] = []
    var token = ""
    for c in data.dropFirst() {
      if c == "l" || c == " " || (c == "-" && !token.isEmpty) {
        if let value = Double(token) { numbers.append(value) }
        token = c == "-" ? "-" : ""
      } else {
        token.append(c)
      }
    }
    if let value = Double(token) { numbers.append(value) }
    var x = 0.0
    for k in stride(from: 2, to: numbers.count, by: 2) { x += numbers[k] }
    #expect(abs(x - (1000 * 0.333 * 100).rounded() / 100) < 1e-6)
    #expect(numbers.count == 2002)
  }
}
