import Foundation
import NormlabExperiment
import NormlabPlot
import Testing

@testable import NormlabReport

/// Runs a poppler tool (CI installs poppler-utils) and returns its stdout.
func poppler(_ tool: String, _ arguments: [String]) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [tool] + arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  #expect(process.terminationStatus == 0, "\(tool) failed")
  return String(decoding: data, as: UTF8.self)
}

@Suite struct ComposerTests {
  @Test func pdfHasTitleConfigurationSectionsChartsAndMetrics() throws {
    let files = try ReportComposer.compose(Fixture.result(), settings: Fixture.settings(formats: ["pdf"]))
    let pdf = try #require(files.first { $0.path == "report.pdf" })
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("normlab-report-\(UUID().uuidString).pdf")
    try Data(pdf.bytes).write(to: path)
    if let keep = ProcessInfo.processInfo.environment["NORMLAB_KEEP_PDF"] { try Data(pdf.bytes).write(to: URL(fileURLWithPath: keep)) }
    defer { try? FileManager.default.removeItem(at: path) }
    let info = try poppler("pdfinfo", [path.path])
    // Title; configuration; the section with loss and percentiles; the other 7 charts two per
    // page (accuracy, learning_rate | final_metrics, decision_boundary | contours,
    // gradient_norms | saturation); metrics.
    #expect(info.contains("Pages:           8"), "\(info)")
    #expect(info.contains("Title:           Fixture experiment"))
    let text = try poppler("pdftotext", ["-layout", path.path, "-"])
    for expected in [
      "Fixture experiment", "commit abc1234", "2020-01-02T03:04:05Z", "Configuration", "model.batch_norm",
      "Why normalize", "z~ = gamma * z_norm + beta", "steadier", "More charts", "Metrics", "diverged", "95% confidence interval",
      "bn.test_accuracy > 0.99", "FAIL", "Loss surface before and after input normalization",
    ] {
      #expect(text.contains(expected), "missing \(expected)")
    }
    // Wall-clock figures stay out of the PDF so reruns are byte-identical.
    #expect(!text.contains("126.7"))
  }

  @Test func summaryMatchesTheGoldenFile() throws {
    let files = try ReportComposer.compose(Fixture.result(), settings: Fixture.settings(formats: ["md"]))
    let summary = try #require(files.first { $0.path == "summary.md" })
    let golden = Fixture.folder.appendingPathComponent("summary.md")
    if ProcessInfo.processInfo.environment["NORMLAB_UPDATE_GOLDEN"] == "1" {
      try Data(summary.bytes).write(to: golden)
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(String(decoding: summary.bytes, as: UTF8.self) == expected)
  }

  @Test func composingTwiceGivesIdenticalBytes() throws {
    let settings = try Fixture.settings(formats: ["pdf", "png", "md"])
    let a = try ReportComposer.compose(Fixture.result(), settings: settings)
    let b = try ReportComposer.compose(Fixture.result(), settings: settings)
    #expect(a.map(\.path) == b.map(\.path))
    #expect(a.map(\.bytes) == b.map(\.bytes))
  }

  @Test func chartListComesFromTheExperimentThenTheTemplateMinusExclusions() throws {
    var result = Fixture.result()
    let layout = try Fixture.settings().layout
    result.report.sections = []
    #expect(ReportComposer.chartNames(result, layout: layout) == layout.charts)
    result.report.charts = ["ema", "loss"]
    result.report.exclude = ["loss"]
    #expect(ReportComposer.chartNames(result, layout: layout) == ["ema"])
  }
}
