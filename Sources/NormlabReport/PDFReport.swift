import NormlabCairo
import NormlabExperiment
import NormlabPlot

/// The multi-page PDF: a title page with the headline table, the resolved configuration of
/// every variant, the narrative sections with their charts, the remaining charts with their
/// captions, and the detailed metrics table. Pages are laid out by `PageFlow`.
enum PDFReport {
  typealias Block = PageFlow.Block

  static func render(
    _ result: ExperimentResult, charts: [ReportChart], settings: ReportSettings,
    isCancelled: @Sendable () -> Bool = { false }
  ) throws -> [UInt8] {
    let page = Size(settings.layout.pageWidth, settings.layout.pageHeight)
    let blocks = flow(result, charts: charts)
    // Pages are planned with real text measurements from a throwaway surface.
    var planned: [[PageFlow.Placed]] = []
    _ = try CairoRenderer.png(size: Size(1, 1), dpi: 72) { backend in
      planned = PageFlow.paginate(blocks, page: page, backend: backend)
    }
    let header = ReportProse.plain(result.title)
    var pages: [(inout CairoBackend) -> Void] = []
    pages.append { backend in titlePage(result, settings: settings, page: page, on: &backend) }
    for (index, content) in planned.enumerated() {
      let number = index + 2
      pages.append { backend in
        PageFlow.drawFrame(header: header, number: number, page: page, on: &backend)
        PageFlow.draw(content, page: page, on: &backend)
      }
    }
    if isCancelled() { throw ReportError(message: "rendering was interrupted", cancelled: true) }
    return try CairoRenderer.pdf(
      pageSize: page,
      info: DocumentInfo(title: ReportProse.plain(result.title), creator: "normlab \(result.normlabVersion)", date: settings.date),
      pages: pages)
  }

  /// The report's body in reading order: configuration, sections with their charts, the other
  /// charts, the metrics.
  static func flow(_ result: ExperimentResult, charts: [ReportChart]) -> [Block] {
    let strings = result.strings
    var blocks: [Block] = [.heading(RichText(text: strings[.configuration], math: []))]
    blocks.append(.note(strings[.configurationNote]))
    if let flags = ConfigurationTable.commandLine(result) {
      blocks.append(.note(strings(.commandLineNote, flags)))
    }
    for config in ConfigurationTable.make(result) {
      blocks.append(.table(header: config.header, rows: config.rows, weights: config.weights))
    }
    var byName: [String: ReportChart] = [:]
    for chart in charts { byName[chart.name] = chart }
    var shown = Set<String>()
    for section in result.report.sections {
      blocks.append(.pageBreak)
      blocks.append(.heading(ReportProse.line(section.heading)))
      blocks += ReportProse.blocks(section.text).map(Block.prose)
      for name in section.charts {
        guard let chart = byName[name], !shown.contains(name) else { continue }
        shown.insert(name)
        blocks.append(.chart(chart))
      }
    }
    let rest = charts.filter { !shown.contains($0.name) }
    if !rest.isEmpty {
      blocks.append(.pageBreak)
      if !result.report.sections.isEmpty { blocks.append(.heading(RichText(text: strings[.moreCharts], math: []))) }
      blocks += rest.map(Block.chart)
    }
    blocks.append(.pageBreak)
    blocks.append(.heading(RichText(text: strings[.metrics], math: [])))
    let metrics = MetricsTable.make(result)
    blocks.append(.note(strings[.metricsNote]))
    if let note = SelectionNote.text(result) { blocks.append(.note(note)) }
    blocks.append(.table(header: metrics.header, rows: metrics.rows, weights: metrics.weights))
    for table in ClassScoresTable.make(result) {
      blocks.append(.table(header: table.header, rows: table.rows, weights: table.weights))
    }
    if !result.expectations.isEmpty {
      blocks.append(.heading(RichText(text: strings[.expectations], math: [])))
      let table = expectationsTable(result)
      blocks.append(.table(header: table.header, rows: table.rows, weights: table.weights))
    }
    return blocks
  }

  /// Each `expect:` clause and how it came out.
  static func expectationsTable(_ result: ExperimentResult) -> TableData {
    let strings = result.strings
    return TableData(
      header: [strings[.clause], strings[.result]],
      rows: result.expectations.map { [$0.clause, ExpectationText.verdict($0, strings: strings)] },
      weights: [1.3, 1])
  }

  /// The final metrics of every variant, mean ± std over seeds with their intervals.
  static func headlineTable(_ result: ExperimentResult) -> TableData {
    TableData(
      header: HeadlineRow.header(result.strings), rows: HeadlineRow.rows(result).map(\.cells),
      weights: HeadlineRow.weights)
  }

  static func titlePage<B: GraphicsBackend>(
    _ result: ExperimentResult, settings: ReportSettings, page: Size, on backend: inout B
  ) {
    let strings = result.strings
    let margin = PageFlow.margin
    backend.fill(Path.rectangle(Rect(x: 0, y: 0, width: page.width, height: page.height)), color: .white)
    let width = page.width - 2 * margin
    var y = margin + 40
    y += backend.draw(ReportProse.line(result.title), at: Point(margin, y), width: width, style: PageFlow.titleStyle) + 10
    backend.stroke(
      Path.polyline([Point(margin, y), Point(page.width - margin, y)]),
      style: StrokeStyle(color: Palette.color(0), width: 1.5))
    y += 14
    if !result.description.isEmpty {
      for block in ReportProse.blocks(result.description) {
        switch block {
        case .paragraph(let text), .item(_, let text):
          y += backend.draw(text, at: Point(margin, y), width: width, style: PageFlow.markupStyle) + 6
        case .display(let node):
          let layout = backend.typeset(node, display: true, size: PageFlow.markupStyle.size)
          y += backend.drawDisplay(layout, top: y, left: margin, width: width, bodySize: PageFlow.markupStyle.size)
        }
      }
      y += 6
    }
    var meta = [strings(.experimentLine, result.experiment)]
    if let date = settings.date { meta.append(strings(.dateLine, date)) }
    meta += [
      strings(.versionLine, result.normlabVersion) + (settings.gitCommit.map { strings(.commitSuffix, $0) } ?? ""),
      strings(.seedsLine, result.seeds.map(String.init).joined(separator: ", "), "\(result.runs.count)"),
    ]
    if result.quick { meta.append(strings[.quickNote]) }
    if result.interrupted { meta.append(strings[.interruptedNote]) }
    for line in meta {
      y += backend.paragraph(line, at: Point(margin, y), width: width, style: PageFlow.smallStyle) + 2
    }
    y += 18
    backend.text(strings[.finalMetricsOverSeeds], at: Point(margin, y), style: PageFlow.headingStyle)
    y += 24
    let headline = headlineTable(result)
    y = TableDrawer.draw(
      header: headline.header, rows: headline.rows, at: Point(margin, y), width: width, on: &backend,
      columnWeights: headline.weights)
    y += 4
    y += backend.paragraph(strings(.eachCell, strings[.headlineLegend]), at: Point(margin, y), width: width, style: PageFlow.smallStyle)
    if !result.expectations.isEmpty {
      y += 22
      backend.text(strings[.expectations], at: Point(margin, y), style: PageFlow.headingStyle)
      y += 24
      let table = expectationsTable(result)
      y = TableDrawer.draw(
        header: table.header, rows: table.rows, at: Point(margin, y), width: width, on: &backend,
        columnWeights: table.weights)
    }
  }
}
