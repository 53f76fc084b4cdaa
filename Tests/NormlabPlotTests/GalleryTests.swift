import Foundation
import NormlabCairo
import NormlabPlot
import Testing

/// Golden images per chart kind and the docs gallery.
///
/// `NORMLAB_RECORD_GOLDEN=1 swift test --filter GalleryTests` rewrites the golden images;
/// `NORMLAB_WRITE_GALLERY=1 swift test --filter GalleryTests` renders `docs/gallery/*.png`.
@Suite struct GalleryTests {
  static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let repositoryRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()

  @Test func writeGalleryWhenAsked() throws {
    guard let flag = ProcessInfo.processInfo.environment["NORMLAB_WRITE_GALLERY"], flag == "1" else { return }
    let folder = Self.repositoryRoot.appendingPathComponent("docs/gallery")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, figure) in GalleryCharts.all {
      let bytes = try CairoRenderer.render(figure, format: .png, dpi: 150)
      try Data(bytes).write(to: folder.appendingPathComponent("\(name).png"))
    }
  }
}
