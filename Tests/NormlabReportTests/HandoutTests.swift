import Foundation
import NormlabExperiment
import NormlabPlot
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@testable import NormlabReport

/// The handout's document model (numbers, references, values) and its PDF (contents with page
/// numbers, numbered captions, bookmarks, page numbers), from hand-made results.
@Suite struct HandoutTests {
  static let text = """
    title: 'Normalization: $\\hat{x}$'
    author: The course
    language: LANGUAGE
    sections:
      - heading: Losses
        text: |
          BN ends at {{ bn.train_loss | fixed: 3 }}; the other experiment's
          {{ other: bn.test_accuracy | percent }} (@fig:other/accuracy, @tab:fixture/summary).
        experiment: fixture.yaml
        charts: [loss, { chart: percentiles, caption: 'Drift, unlike @fig:fixture/loss.' }]
        tables: [summary]
      - heading: Accuracy
        text: See @fig:other/accuracy and @tab:other/expectations.
        experiment: other.yaml
        charts: [accuracy]
        tables: [expectations]
    """

  static func document(_ language: ReportLanguage) throws -> HandoutDocument {
    let handout = try HandoutParser.parse(
      bytes: Array(text.replacingOccurrences(of: "LANGUAGE", with: language.rawValue).utf8), file: "h.yaml", defaultName: "h")
    var other = Fixture.result()
    other.experiment = "other"
    other.title = "Other experiment"
    return HandoutDocument(
      handout, results: ["fixture.yaml": Fixture.result(), "other.yaml": other], date: "2020-01-02T03:04:05Z",
      normlabVersion: "0.2.0")
  }

  static func texts(_ section: HandoutDocument.Section) -> [String] {
    section.blocks.compactMap { block in
      if case .text(let text) = block { return text }
      return nil
    }
  }

  @Test func figuresAndTablesAreNumberedInReadingOrderAndReferencesResolved() throws {
    let document = try Self.document(.en)
    #expect(document.figures.map(\.number) == [1, 2, 3])
    #expect(document.figures.map(\.label) == ["fixture/loss", "fixture/percentiles", "other/accuracy"])
    #expect(document.figures.map(\.chart.name) == ["fixture-loss", "fixture-percentiles", "other-accuracy"])
    #expect(document.figures[1].caption == "Drift, unlike Figure 1.")
    #expect(document.figures[0].caption.hasPrefix("Training (solid) and test (dashed) loss per variant"))
    let bn = try #require(Fixture.result().runs.filter { $0.variant == "bn" }.map { $0.final.trainLoss ?? 0 } as [Double]?)
    let loss = String(format: "%.3f", bn.reduce(0, +) / Double(bn.count))
    let accuracy = Fixture.result().runs.filter { $0.variant == "bn" }.map { $0.final.testAccuracy ?? 0 }
    let percent = String(format: "%.1f%%", 100 * accuracy.reduce(0, +) / Double(accuracy.count))
    #expect(Self.texts(document.sections[0]) == ["BN ends at \(loss); the other experiment's\n\(percent) (Figure 3, Table 1).\n"])
    #expect(Self.texts(document.sections[1]) == ["See Figure 3 and Table 2."])
    #expect(document.sections.map(\.number) == [1, 2])
    #expect(document.experiments.map(\.name) == ["fixture", "other"])
    // Figures speak the handout's language.
    #expect(document.figures[0].chart.figure.title == "Loss — Fixture experiment")
  }

  @Test func chineseReferencesAndCaptions() throws {
    let document = try Self.document(.zh)
    #expect(Self.texts(document.sections[1]) == ["See 图 3 and 表 2."])
    #expect(document.figures[0].chart.figure.title == "损失 — Fixture experiment")
    #expect(document.figures[2].caption.hasPrefix("每个变体的训练（实线）与测试（虚线）准确率"))
    guard case .table(let table) = document.sections[0].blocks.last else {
      Issue.record("expected the summary table")
      return
    }
    #expect(table.header == ["变体", "训练损失", "测试损失", "训练准确率", "测试准确率", "运行次数"])
    #expect(table.caption == "“Fixture experiment”的最终指标：各种子的均值 ± 标准差。")
  }

  @Test func aReferenceToAFigureWithoutDataReadsAsAQuestionMark() throws {
    let handout = try HandoutParser.parse(
      bytes: Array(Self.text.replacingOccurrences(of: "LANGUAGE", with: "en").utf8), file: "h.yaml", defaultName: "h")
    var other = Fixture.result()
    other.experiment = "other"
    // No runs log an accuracy: the chart cannot be drawn, so it gets no number.
    for index in other.runs.indices {
      other.runs[index].history.trainAccuracy = other.runs[index].history.trainAccuracy.map { _ in nil }
      other.runs[index].history.testAccuracy = other.runs[index].history.testAccuracy.map { _ in nil }
    }
    let document = HandoutDocument(
      handout, results: ["fixture.yaml": Fixture.result(), "other.yaml": other], date: nil, normlabVersion: "0.2.0")
    #expect(document.skippedFigures == ["other/accuracy"])
    #expect(Self.texts(document.sections[1]) == ["See Figure ? and Table 2."])
  }

  @Test func thePDFHasContentsWithPagesNumberedCaptionsBookmarksAndPageNumbers() throws {
    let files = try HandoutComposer.compose(try Self.document(.en))
    #expect(files.map(\.path) == [
      "handout.pdf", "handout.html", "charts/fixture-loss.png", "charts/fixture-loss.svg", "charts/fixture-percentiles.png",
      "charts/fixture-percentiles.svg", "charts/other-accuracy.png", "charts/other-accuracy.svg",
    ])
    let pdf = try #require(files.first).bytes
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("normlab-handout-\(UUID().uuidString).pdf")
    try Data(pdf).write(to: path)
    defer { try? FileManager.default.removeItem(at: path) }
    let info = try poppler("pdfinfo", [path.path])
    let pages = try #require(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") })
    #expect(pages >= 4)
    // Each page's own text: the contents list each section with the page it starts on.
    var pageTexts: [String] = []
    for page in 1...pages {
      pageTexts.append(try poppler("pdftotext", ["-layout", "-f", "\(page)", "-l", "\(page)", path.path, "-"]))
    }
    #expect(pageTexts[0].contains("Normalization") && pageTexts[0].contains("The course"))
    #expect(pageTexts[1].contains("Contents"))
    for (number, heading) in [(1, "Losses"), (2, "Accuracy")] {
      let line = try #require(pageTexts[1].split(separator: "\n").first { $0.contains(heading) })
      let listed = try #require(Int(line.split(separator: " ").last ?? ""))
      #expect(pageTexts[listed - 1].contains("\(number)  \(heading)") || pageTexts[listed - 1].contains("\(number) \(heading)"),
        "section \(number) is not on page \(listed)")
    }
    let all = pageTexts.joined()
    for caption in ["Figure 1: Training (solid)", "Figure 2: Drift, unlike Figure 1.", "Figure 3: Training (solid)", "Table 1: Final metrics of", "Table 2: The claims of"] {
      #expect(all.contains(caption), "missing \(caption)")
    }
    // A page number at the foot of every page.
    for (index, text) in pageTexts.enumerated() {
      // pdftotext ends a page with a form feed.
      let blank = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{0C}"))
      let last = text.split(separator: "\n").last { !$0.trimmingCharacters(in: blank).isEmpty }
      #expect(last?.trimmingCharacters(in: blank).hasSuffix("\(index + 1)") == true, "page \(index + 1)")
    }
    // Bookmarks: an outline with the contents, both sections and a figure under a section.
    let raw = String(decoding: pdf, as: UTF8.self)
    #expect(raw.contains("/Outlines"))
    for title in ["(Contents)", "(1 Losses)", "(2 Accuracy)"] { #expect(raw.contains("/Title \(title)"), "no bookmark \(title)") }
    #expect(raw.contains("/Title (Figure 2: Distribution of a hidden unit's input over training)"))
  }

  @Test func renderingTwiceGivesTheSameBytes() throws {
    let a = try HandoutComposer.compose(try Self.document(.zh))
    let b = try HandoutComposer.compose(try Self.document(.zh))
    #expect(a.map(\.bytes) == b.map(\.bytes))
  }

  @Test func theHTMLPageHasContentsNumberedFiguresAndTablesAndLinkedReferences() throws {
    let document = try Self.document(.en)
    let files = try HandoutComposer.compose(document)
    let page = try #require(files.first { $0.path == "handout.html" })
    let html = String(decoding: page.bytes, as: UTF8.self)
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    // Contents: one link per section.
    #expect(html.contains("<li><a href=\"#section-1\">Losses</a></li><li><a href=\"#section-2\">Accuracy</a></li>"))
    // Figures carry their numbers; references link to them (figure 3 is other/accuracy).
    #expect(html.contains("id=\"chart-other-accuracy\""))
    #expect(html.contains("<a class=\"ref\" href=\"#chart-other-accuracy\">Figure 3</a>"))
    #expect(html.contains("<a class=\"ref\" href=\"#table-2\">Table 2</a>"))
    #expect(html.contains("<figcaption><p><a class=\"ref\" href=\"#chart-fixture-loss\">Figure 1</a>: Training (solid)"))
    #expect(html.contains("id=\"table-1\""))
    // The title's formula is MathML; nothing is loaded from anywhere.
    #expect(html.contains("<h1>Normalization: <math"))
    for url in ["http://", "https://", "src=", "@import"] { #expect(!html.contains(url), "\(url) in the page") }
    // Every figure is on the page, with its tooltip data.
    #expect(html.components(separatedBy: "<figure class=\"chart\"").count - 1 == document.figures.count)
    #expect(html.contains("class=\"chart-data\""))
    // It parses as XML, so every tag is closed.
    let parsed = try XMLDocument(data: Data(page.bytes), options: [])
    #expect(parsed.rootElement()?.name == "html")
  }

  @Test func referencesAreLinkedOnlyAsWholeNumbers() {
    let links = [(text: "Figure 1", id: "a"), (text: "Figure 12", id: "b")].sorted { $0.text.count > $1.text.count }
    let html = HandoutHTML.link("<p>Figure 12, Figure 1, Figure 1b/c and <a href=\"#x\">Figure 1</a></p>", links)
    #expect(html == "<p><a class=\"ref\" href=\"#b\">Figure 12</a>, <a class=\"ref\" href=\"#a\">Figure 1</a>, Figure 1b/c and <a href=\"#x\">Figure 1</a></p>")
  }

  @Test func theChineseHTMLPageSpeaksChineseAndJoinsLinesWithoutSpaces() throws {
    let document = try Self.document(.zh)
    let html = HandoutHTML.page(document, charts: [:])
    #expect(html.contains("<html lang=\"zh\">"))
    #expect(html.contains("<h2>目录</h2>"))
    #expect(html.contains("<a class=\"ref\" href=\"#table-2\">表 2</a>"))
    #expect(html.contains("离线可用"))
    #expect(HTMLProse.blocks("第一行。\n第二行\n继续") == "<p>第一行。第二行继续</p>\n")
  }
}
