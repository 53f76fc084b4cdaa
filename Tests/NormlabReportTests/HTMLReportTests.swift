import Foundation
import NormlabExperiment
import NormlabPlot
import Testing

@testable import NormlabReport

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct HTMLReportTests {
  static func page(_ result: ExperimentResult = Fixture.result()) throws -> String {
    let files = try ReportComposer.compose(result, settings: Fixture.settings(formats: ["html"]))
    #expect(files.map(\.path) == ["report.html"])
    let html = try #require(files.first)
    if let keep = ProcessInfo.processInfo.environment["NORMLAB_KEEP_HTML"] {
      try Data(html.bytes).write(to: URL(fileURLWithPath: keep))
    }
    return String(decoding: html.bytes, as: UTF8.self)
  }

  /// The page parses as XML (it is written as polyglot markup), so its structure can be read.
  static func document(_ html: String) throws -> XMLDocument {
    try XMLDocument(xmlString: html, options: [])
  }

  static func attribute(_ node: XMLNode, _ name: String) -> String? {
    (node as? XMLElement)?.attribute(forName: name)?.stringValue
  }

  @Test func pageIsWellFormedWithTheReportsParts() throws {
    let document = try Self.document(try Self.page())
    #expect(try document.nodes(forXPath: "/html/head/title").first?.stringValue == "Fixture experiment")
    #expect(try document.nodes(forXPath: "//h1").first?.stringValue == "Fixture experiment")
    let sections = try document.nodes(forXPath: "/html/body/main/section").compactMap { Self.attribute($0, "id") }
    #expect(sections == ["final-metrics", "expectations", "configuration", "section-1", "charts", "metrics"])
    // The table of contents links every part.
    let links = try document.nodes(forXPath: "//nav[@class='toc']//a").compactMap { Self.attribute($0, "href") }
    #expect(links == sections.map { "#" + $0 })
    let facts = try document.nodes(forXPath: "//dl[@class='facts']").first?.stringValue ?? ""
    for expected in ["fixture", "2020-01-02T03:04:05Z", "abc1234", "0.1.0", "1, 2"] {
      #expect(facts.contains(expected), "missing \(expected) in \(facts)")
    }
  }

  @Test func tablesShowThePDFsNumbers() throws {
    let result = Fixture.result()
    let document = try Self.document(try Self.page(result))
    let headline = try document.nodes(forXPath: "//section[@id='final-metrics']//tbody/tr")
    let rows = HeadlineRow.rows(result)
    #expect(headline.count == rows.count)
    for (node, row) in zip(headline, rows) {
      let cells = (node.children ?? []).compactMap(\.stringValue)
      #expect(cells == [row.label, row.trainLoss, row.testLoss, row.trainAccuracy, row.testAccuracy, row.runs])
    }
    let metrics = MetricsTable.make(result)
    let header = try document.nodes(forXPath: "//section[@id='metrics']//table[1]//th").compactMap(\.stringValue)
    #expect(header == metrics.header)
    let firstRow = try document.nodes(forXPath: "//section[@id='metrics']//table[1]//tbody/tr[1]/td").compactMap(\.stringValue)
    #expect(firstRow == metrics.rows.first)
    // Expectations with their verdicts, the failing one marked.
    let verdicts = try document.nodes(forXPath: "//section[@id='expectations']//td[contains(@class,'verdict')]")
    #expect(verdicts.compactMap { Self.attribute($0, "class") } == ["verdict pass", "verdict fail"])
    #expect(verdicts.last?.stringValue == "✘ FAIL: 0.97 > 0.99 is false")
    // The configuration: what differs in a table, the shared keys as a list.
    let config = try document.nodes(forXPath: "//section[@id='configuration']").first?.stringValue ?? ""
    #expect(config.contains("model.batch_norm"))
    #expect(try !document.nodes(forXPath: "//section[@id='configuration']//dl[@class='settings']/div").isEmpty)
  }

  @Test func everyChartAppearsAsInlineSVGWithItsCaption() throws {
    let result = Fixture.result()
    let settings = try Fixture.settings()
    let charts = ChartBuilder.charts(
      for: result, names: ReportComposer.chartNames(result, layout: settings.layout), captions: settings.layout.captions)
    let document = try Self.document(try Self.page(result))
    let figures = try document.nodes(forXPath: "//figure[@class='chart']").compactMap { Self.attribute($0, "data-chart") }
    #expect(figures.sorted() == charts.map(\.name).sorted())
    // Sections take their charts, in order; the others follow.
    let inSection = try document.nodes(forXPath: "//section[@id='section-1']//figure").compactMap { Self.attribute($0, "data-chart") }
    #expect(inSection == ["loss", "percentiles"])
    for chart in charts {
      let figure = try #require(try document.nodes(forXPath: "//figure[@data-chart='\(chart.name)']").first)
      let svgs = try figure.nodes(forXPath: ".//svg")
      #expect(svgs.count == (chart.name == "loss" ? 2 : 1), "\(chart.name)")
      #expect(try figure.nodes(forXPath: ".//svg/title").first?.stringValue == chart.figure.title)
      #expect(try !figure.nodes(forXPath: ".//svg//text").isEmpty)
      let caption = try figure.nodes(forXPath: ".//figcaption").first?.stringValue ?? ""
      #expect(caption.contains(String(chart.caption.prefix(30))), "\(chart.name): \(caption)")
    }
    // The loss chart comes on linear and log scales, one hidden until switched.
    let loss = try document.nodes(forXPath: "//figure[@data-chart='loss']//svg").compactMap { Self.attribute($0, "class") }
    #expect(loss == ["chart-svg", "chart-svg alt-view"])
  }

  @Test func pageNamesNoURLAndLoadsNothing() throws {
    let html = try Self.page()
    #expect(!html.contains("http://"))
    #expect(!html.contains("https://"))
    #expect(!html.contains("@import"))
    let document = try Self.document(html)
    #expect(try document.nodes(forXPath: "//*[@src]").isEmpty)
    #expect(try document.nodes(forXPath: "//link").isEmpty)
    for node in try document.nodes(forXPath: "//*[@href]") {
      let href = Self.attribute(node, "href") ?? ""
      #expect(href.hasPrefix("#") || href.hasPrefix("data:image/png;base64,"), "\(href.prefix(40))")
    }
    // Scripts are inline: the page's own and the charts' JSON.
    let scripts = try document.nodes(forXPath: "//script")
    #expect(scripts.allSatisfy { Self.attribute($0, "src") == nil })
  }

  @Test func tooltipDataHoldsMeansBandsAndEverySeed() throws {
    let result = Fixture.result()
    let document = try Self.document(try Self.page(result))
    let text = try #require(try document.nodes(forXPath: "//figure[@data-chart='loss']/script[@class='chart-data']").first?.stringValue)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let panels = try #require(json["panels"] as? [[String: Any]])
    #expect(panels.first?["x"] as? String == "step")
    let rows = try #require(panels.first?["rows"] as? [[String: Any]])
    #expect(rows.compactMap { $0["name"] as? String } == [
      "without BN · train", "without BN · test", "with BN · train", "with BN · test",
    ])
    let bnTest = try #require(rows.first { $0["name"] as? String == "with BN · test" })
    #expect(bnTest["dash"] as? String == "dashed")
    let seeds = try #require(bnTest["seeds"] as? [[String: Any]])
    #expect(seeds.compactMap { $0["seed"] as? Int } == [1, 2])
    // Per-seed values are the runs' own, rounded to six significant digits.
    let runs = result.runs.filter { $0.variant == "bn" }
    for (seed, run) in zip(seeds, runs) {
      let values = try #require(seed["y"] as? [Double])
      #expect(values.count == run.history.testLoss.count)
      for (value, expected) in zip(values, run.history.testLoss) {
        #expect(abs(value - (expected ?? .nan)) <= 1e-5 * abs(expected ?? 1))
      }
    }
    // The mean and the ± std band at step 50 (index 5) agree with the seeds.
    let mean = try #require((bnTest["y"] as? [Double])?[5])
    let lo = try #require((bnTest["lo"] as? [Double])?[5])
    let hi = try #require((bnTest["hi"] as? [Double])?[5])
    let a = try #require(runs[0].history.testLoss[5])
    let b = try #require(runs[1].history.testLoss[5])
    #expect(abs(mean - (a + b) / 2) < 1e-5)
    let sd = abs(a - b) / 2.0.squareRoot()
    #expect(abs((hi - lo) / 2 - sd) < 1e-5)
    #expect(json["band"] as? String == "± 1 sd")
    // One geometry per view: the plot and both axes' mappings.
    let views = try #require(json["views"] as? [[[String: Any]]])
    #expect(views.count == 2)
    #expect((views[0][0]["x"] as? [Any])?.first as? String == "linear")
    #expect((views[1][0]["y"] as? [Any])?.first as? String == "log")
  }

  @Test func legendEntriesAndSeriesCarryMatchingKeys() throws {
    let document = try Self.document(try Self.page())
    let svg = try #require(try document.nodes(forXPath: "//figure[@data-chart='loss']//svg[1]").first)
    let entryKeys = Set(try svg.nodes(forXPath: ".//g[@data-key]").compactMap { Self.attribute($0, "data-key") })
    let seriesKeys = Set(try svg.nodes(forXPath: ".//g[@data-keys]").flatMap {
      (Self.attribute($0, "data-keys") ?? "").split(separator: " ").map(String.init)
    })
    #expect(entryKeys.count == 4)
    #expect(entryKeys == seriesKeys)
  }

  @Test func renderingTwiceGivesIdenticalBytes() throws {
    let first = try Self.page()
    let second = try Self.page()
    #expect(first == second)
  }

  @Test func bannersSayQuickAndInterrupted() throws {
    var result = Fixture.result()
    #expect(!(try Self.page(result)).contains("class=\"banner"))
    result.quick = true
    result.interrupted = true
    let html = try Self.page(result)
    #expect(html.contains("<p class=\"banner quick\">"))
    #expect(html.contains("<p class=\"banner interrupted\">"))
  }

  @Test func sectionProseKeepsMarkdownAndEscapesMarkup() throws {
    var result = Fixture.result()
    result.report.sections[0].text = "Normalize $\\hat{z} = \\frac{z - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}}$ <script>x</script>\n\n$$\\tilde{z} = \\gamma \\hat{z} + \\beta$$"
    let document = try Self.document(try Self.page(result))
    let section = try #require(try document.nodes(forXPath: "//section[@id='section-1']").first)
    #expect(try section.nodes(forXPath: ".//p/math[@display='inline']//mfrac").count == 1)
    #expect(try section.nodes(forXPath: ".//div[@class='math-display']/math[@display='block']").count == 1)
    #expect(try section.nodes(forXPath: ".//script[not(@class='chart-data')]").isEmpty)
    #expect(section.stringValue?.contains("<script>x</script>") == true)
  }

  @Test func aChineseReportPageHasNoEnglishFixedText() throws {
    var result = Fixture.result()
    result.report.language = .zh
    let html = try Self.page(result)
    #expect(html.contains("<html lang=\"zh\">"))
    for expected in ["<h2>目录</h2>", ">配置</h2>", ">指标</h2>", "条断言中", "离线可用", "\"seed\":\"种子\""] {
      #expect(html.contains(expected), "missing \(expected)")
    }
    for english in [">Contents<", ">Configuration<", ">Metrics<", "clauses hold", "Written by normlab", "y scale"] {
      #expect(!html.contains(english), "English left: \(english)")
    }
  }
}

@Suite struct HTMLProseTests {
  @Test func paragraphsListsAndSpans() {
    let html = HTMLProse.blocks("A **bold** and *em* `code $x$`\nstill one paragraph.\n\n- one\n- two\n  continued\n\n3. three\n4. four")
    #expect(html == """
      <p>A <strong>bold</strong> and <em>em</em> <code>code $x$</code> still one paragraph.</p>
      <ul><li>one</li><li>two continued</li></ul>
      <ol start="3"><li>three</li><li>four</li></ol>

      """)
  }

  @Test func formulasBecomeMathMLInTheirPlaces() {
    let html = HTMLProse.blocks("Mean $\\mu$ and *variance* $\\sigma^2$:\n$$\\hat{x} = x$$\nthen $\\beta$.")
    let inline = html.components(separatedBy: "<math display=\"inline\">").count - 1
    let display = html.components(separatedBy: "<math display=\"block\">").count - 1
    #expect(inline == 3 && display == 1)
    #expect(html.hasPrefix("<p>Mean <math display=\"inline\"><mrow><mi>μ</mi></mrow></math> and <em>variance</em>"))
    #expect(html.contains("<mi>β</mi>"))
    // A subscript's underscore is not emphasis.
    #expect(HTMLProse.blocks("$x_i$ and $y_j$").contains("<msub>"))
  }

  @Test func invalidFormulasAndMarkupAreShownAsText() {
    #expect(HTMLProse.blocks("costs $5 <b>") == "<p>costs $5 &lt;b&gt;</p>\n")
    #expect(HTMLProse.inline("Loss of $\\mathbb{R}$ & more") == "Loss of $\\mathbb{R}$ &amp; more")
  }
}
