import NormlabCairo
import NormlabExperiment
import NormlabPlot

/// The multi-page PDF: a title page with the headline table, then the charts with captions.
enum PDFReport {
  static let margin = 50.0
  static let titleStyle = TextStyle(size: 22, weight: .bold)
  static let headingStyle = TextStyle(size: 14, weight: .bold)
  static let bodyStyle = TextStyle(size: 10.5)
  static let smallStyle = TextStyle(size: 9, color: Color.muted)
  static let captionStyle = TextStyle(size: 9.5, color: Color(hex: 0x333333), italic: true)

  static func render(_ result: ExperimentResult, charts: [ReportChart], settings: ReportSettings)
    throws -> [UInt8]
  {
    let page = Size(settings.layout.pageWidth, settings.layout.pageHeight)
    var pages: [(inout CairoBackend) -> Void] = []
    pages.append { backend in titlePage(result, settings: settings, page: page, on: &backend) }
    // Two charts per page, each with its caption.
    var index = 0
    while index < charts.count {
      let pair = Array(charts[index..<min(index + 2, charts.count)])
      let pageNumber = pages.count + 1
      pages.append { backend in chartPage(pair, result: result, page: page, number: pageNumber, on: &backend) }
      index += 2
    }
    return try CairoRenderer.pdf(
      pageSize: page,
      info: DocumentInfo(title: result.title, creator: "normlab \(result.normlabVersion)", date: settings.date),
      pages: pages)
  }

  static func titlePage<B: GraphicsBackend>(
    _ result: ExperimentResult, settings: ReportSettings, page: Size, on backend: inout B
  ) {
    backend.fill(Path.rectangle(Rect(x: 0, y: 0, width: page.width, height: page.height)), color: .white)
    let width = page.width - 2 * margin
    var y = margin + 40
    y += backend.paragraph(result.title, at: Point(margin, y), width: width, style: titleStyle) + 10
    backend.stroke(
      Path.polyline([Point(margin, y), Point(page.width - margin, y)]),
      style: StrokeStyle(color: Palette.color(0), width: 1.5))
    y += 14
    if !result.description.isEmpty {
      y += backend.paragraph(result.description, at: Point(margin, y), width: width, style: bodyStyle) + 12
    }
    var meta = [
      "Experiment: \(result.experiment)",
      "Date: \(settings.date)",
      "normlab \(result.normlabVersion)" + (settings.gitCommit.map { ", commit \($0)" } ?? ""),
      "Seeds: \(result.seeds.map(String.init).joined(separator: ", ")) · runs: \(result.runs.count)",
    ]
    if result.quick { meta.append("Quick mode (--quick): fewer samples and steps than the full experiment.") }
    if result.interrupted { meta.append("INTERRUPTED: training was stopped before every run finished; results are partial.") }
    for line in meta {
      y += backend.paragraph(line, at: Point(margin, y), width: width, style: smallStyle) + 2
    }
    y += 18
    backend.text("Final metrics (mean ± std over seeds)", at: Point(margin, y), style: headingStyle)
    y += 24
    let rows = HeadlineRow.rows(result)
    y = TableDrawer.draw(
      header: ["variant", "train loss", "test loss", "train acc.", "test acc.", "runs"],
      rows: rows.map { [$0.label, $0.trainLoss, $0.testLoss, $0.trainAccuracy, $0.testAccuracy, $0.runs] },
      at: Point(margin, y), width: width, on: &backend)
    if !result.expectations.isEmpty {
      y += 22
      backend.text("Expectations", at: Point(margin, y), style: headingStyle)
      y += 24
      y = TableDrawer.draw(
        header: ["clause", "result"],
        rows: result.expectations.map { [$0.clause, $0.passed ? "pass" : "FAIL" + ($0.message.map { ": \($0)" } ?? "")] },
        at: Point(margin, y), width: width, on: &backend, columnWeights: [1.3, 1])
    }
  }

  static func chartPage<B: GraphicsBackend>(
    _ charts: [ReportChart], result: ExperimentResult, page: Size, number: Int, on backend: inout B
  ) {
    backend.fill(Path.rectangle(Rect(x: 0, y: 0, width: page.width, height: page.height)), color: .white)
    backend.text(result.title, at: Point(margin, 24), style: smallStyle)
    backend.text("\(number)", at: Point(page.width - margin, page.height - 24), style: smallStyle, anchor: .bottomRight)
    let width = page.width - 2 * margin
    let slot = (page.height - 2 * margin - 20) / 2
    for (i, chart) in charts.enumerated() {
      let top = margin + 10 + Double(i) * slot
      let captionHeight = backend.measureParagraph(chart.caption, width: width, style: captionStyle)
      let figureHeight = min(width * chart.figure.size.height / chart.figure.size.width, slot - captionHeight - 16)
      FigureRenderer.draw(
        chart.figure, in: Rect(x: margin, y: top, width: width, height: figureHeight), on: &backend)
      backend.paragraph(chart.caption, at: Point(margin, top + figureHeight + 6), width: width, style: captionStyle)
    }
  }
}

/// A simple ruled table.
enum TableDrawer {
  static let headerStyle = TextStyle(size: 9.5, weight: .bold)
  static let cellStyle = TextStyle(size: 9.5)

  @discardableResult
  static func draw<B: GraphicsBackend>(
    header: [String], rows: [[String]], at origin: Point, width: Double, on backend: inout B,
    columnWeights: [Double]? = nil
  ) -> Double {
    let weights = columnWeights ?? ([1.6] + Array(repeating: 1.0, count: max(header.count - 1, 0)))
    let total = weights.reduce(0, +)
    let widths = weights.map { width * $0 / total }
    var y = origin.y
    func drawRow(_ cells: [String], style: TextStyle) {
      var x = origin.x
      var height = 0.0
      for (i, cell) in cells.enumerated() where i < widths.count {
        height = max(height, backend.paragraph(cell, at: Point(x + 3, y + 4), width: widths[i] - 6, style: style))
        x += widths[i]
      }
      y += height + 8
    }
    drawRow(header, style: headerStyle)
    backend.stroke(Path.polyline([Point(origin.x, y - 2), Point(origin.x + width, y - 2)]), style: StrokeStyle(color: .axis, width: 0.8))
    for (i, row) in rows.enumerated() {
      if i % 2 == 1 {
        let h = backend.measureParagraph(row.first ?? "", width: widths[0] - 6, style: cellStyle) + 8
        backend.fill(Path.rectangle(Rect(x: origin.x, y: y - 2, width: width, height: h)), color: Color(hex: 0xF4F6F8))
      }
      drawRow(row, style: cellStyle)
    }
    backend.stroke(Path.polyline([Point(origin.x, y - 2), Point(origin.x + width, y - 2)]), style: StrokeStyle(color: .axis, width: 0.8))
    return y
  }
}
