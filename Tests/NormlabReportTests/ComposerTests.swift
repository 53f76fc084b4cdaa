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
      "Why normalize", "z~ = gamma * z_norm + beta", "steadier", "More charts", "Metrics", "best epoch",
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

@Suite struct CompareTests {
  static func load(_ name: String) throws -> ExperimentResult {
    let bytes = try Data(contentsOf: Fixture.folder.appendingPathComponent(name))
    return try MetricsCodec.decode(Array(bytes), file: name)
  }

  @Test func compareTableFlagsChangesBeyondSeedNoise() throws {
    let old = try Self.load("old-metrics.json")
    let new = try Self.load("new-metrics.json")
    let table = Comparison.markdown(old: old, new: new, oldName: "old", newName: "new")
    let expected = try String(contentsOf: Fixture.folder.appendingPathComponent("compare.md"), encoding: .utf8)
    #expect(table == expected)
  }

  @Test func overlayChartsPairOldAndNewCurves() throws {
    let charts = Comparison.overlays(old: try Self.load("old-metrics.json"), new: try Self.load("new-metrics.json"))
    #expect(charts.map(\.name) == ["compare_loss", "compare_accuracy"])
    let labels = charts[0].figure.panels[0].series.compactMap { if case .line(let s) = $0 { return s.label } else { return nil } }
    #expect(labels == ["sgd (old)", "sgd (new)", "adam (new)"])
  }
}

@Suite struct TableTests {
  @Test func configurationSeparatesDifferingKeysFromSharedOnes() {
    let tables = ConfigurationTable.make(Fixture.result())
    #expect(tables.count == 2)
    #expect(tables[0].header == ["differs between variants", "without BN", "with BN"])
    #expect(tables[0].rows == [["model.batch_norm", "false", "true"]])
    #expect(tables[1].rows == [["data.dataset", "moons"], ["train.optimizer.lr", "0.1"]])
  }

  @Test func sweptKeysShowTheValuesTheTrialsUsed() {
    var result = Fixture.sweep(twoParameters: true)
    var variant = result.variants[0]
    variant.name = "base"
    variant.values = ["train.optimizer.lr": "0.1", "train.batch_size": "32", "data.dataset": "moons"]
    result.variants = [variant]
    let tables = ConfigurationTable.make(result)
    let rows = Dictionary(uniqueKeysWithValues: tables.flatMap(\.rows).map { ($0[0], $0[1]) })
    // Not the unswept default 0.1 / 32: the grid's values.
    #expect(rows["train.optimizer.lr"] == "swept: 0.001, 0.01, 0.1")
    #expect(rows["train.batch_size"] == "swept: 16, 64")
    #expect(rows["data.dataset"] == "moons")
  }

  @Test func metricsTableLeavesWallClockOutUnlessAsked() {
    let plain = MetricsTable.make(Fixture.result())
    #expect(plain.header == ["variant", "train loss", "test loss", "test acc.", "best epoch", "steps", "diverged"])
    // Test accuracy rises to the last point, so the best epoch is the last logged one.
    #expect(plain.rows[0][4] == "4.75")
    #expect(plain.rows[0][6] == "0 of 2")
    let timed = MetricsTable.make(Fixture.result(), timing: true)
    #expect(timed.header.contains("wall s") && timed.rows[0].contains("1.5") && timed.rows[0].contains("127"))
  }
}

/// Text longer than a page flows on to the next pages instead of running off the bottom.
@Suite struct PaginationTests {
  @Test func aParagraphLongerThanAPageContinuesOnTheNextPages() throws {
    let words = (0..<6000).map { "w\($0 % 97)" }.joined(separator: " ")
    let blocks: [PDFReport.Block] = [.heading("Notes"), .markdown(.paragraph("<b>" + words.prefix(20) + "</b> " + words))]
    let page = Size(595.28, 841.89)
    let backend = RecordingBackend()
    let pages = PDFReport.paginate(blocks, page: page, backend: backend)
    #expect(pages.count > 3)
    var text = ""
    for content in pages {
      for (block, y) in content {
        guard case .markdown(.paragraph(let piece)) = block else { continue }
        // Every piece ends above the bottom margin.
        let height = backend.measureParagraph(piece, width: PDFReport.contentWidth(page), style: PDFReport.markupStyle)
        #expect(y + height <= page.height - PDFReport.margin + 0.5)
        // Pieces split after a space and never inside the bold tag.
        #expect(piece.components(separatedBy: "<b>").count == piece.components(separatedBy: "</b>").count)
        text += piece
      }
    }
    #expect(text == "<b>" + words.prefix(20) + "</b> " + words)
  }

  @Test func theRunningHeaderIsCutToOneLine() {
    let backend = RecordingBackend()
    let long = String(repeating: "T", count: 300)
    let cut = PDFReport.fitting(long, width: 200, style: PDFReport.smallStyle, backend: backend)
    #expect(cut.hasSuffix("…") && backend.measure(cut, style: PDFReport.smallStyle).width <= 200)
    #expect(PDFReport.fitting("Short", width: 200, style: PDFReport.smallStyle, backend: backend) == "Short")
  }
}
