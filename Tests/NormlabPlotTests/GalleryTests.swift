import Foundation
import NormlabCairo
import NormlabPlot
import Testing

/// Golden images per chart kind (`Golden/<kind>/<kind>.png`, 72 dpi) and the docs gallery.
///
/// `NORMLAB_RECORD_GOLDEN=1 swift test --filter GalleryTests` rewrites the golden images;
/// `NORMLAB_WRITE_GALLERY=1 swift test --filter GalleryTests` renders `docs/gallery/*.png` (150 dpi).
@Suite struct GalleryTests {
  static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let repositoryRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
  static let environment = ProcessInfo.processInfo.environment

  static func goldenURL(_ name: String) -> URL {
    testsFolder.appendingPathComponent("Golden/\(name)/\(name).png")
  }

  /// Share of pixels whose largest channel difference exceeds `threshold` (anti-aliasing and
  /// font rasterisation differ slightly between machines; real regressions move many pixels).
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

  @Test(arguments: GalleryCharts.all.map(\.name))
  func chartMatchesItsGoldenImage(_ name: String) throws {
    let figure = try #require(GalleryCharts.all.first { $0.name == name }?.figure)
    let bytes = try CairoRenderer.render(figure, format: .png, dpi: 72)
    let url = Self.goldenURL(name)
    if Self.environment["NORMLAB_RECORD_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(bytes).write(to: url)
      return
    }
    let golden = try Data(contentsOf: url)
    let expected = try PNGDecoder.decode([UInt8](golden))
    let actual = try PNGDecoder.decode(bytes)
    #expect(actual.width == expected.width && actual.height == expected.height)
    let fraction = Self.differingFraction(actual, expected)
    #expect(fraction < 0.005, "\(name): \(fraction * 100)% of pixels differ from the golden image")
  }

  @Test func goldenComparisonNoticesAChangedChart() throws {
    // A different palette colour for one curve must fail the tolerance.
    var figure = GalleryCharts.line()
    if case .line(var line) = figure.panels[0].series[0] {
      line.color = Palette.color(2)
      line.width = 3
      figure.panels[0].series[0] = .line(line)
    }
    let changed = try PNGDecoder.decode(CairoRenderer.render(figure, format: .png, dpi: 72))
    let original = try PNGDecoder.decode(CairoRenderer.render(GalleryCharts.line(), format: .png, dpi: 72))
    #expect(Self.differingFraction(changed, original) >= 0.005)
  }

  @Test func writeGalleryWhenAsked() throws {
    guard Self.environment["NORMLAB_WRITE_GALLERY"] == "1" else { return }
    let folder = Self.repositoryRoot.appendingPathComponent("docs/gallery")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, figure) in GalleryCharts.all {
      let bytes = try CairoRenderer.render(figure, format: .png, dpi: 150)
      try Data(bytes).write(to: folder.appendingPathComponent("\(name).png"))
    }
  }
}
