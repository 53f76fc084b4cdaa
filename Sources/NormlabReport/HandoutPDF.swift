import NormlabCairo
import NormlabExperiment
import NormlabPlot

/// A handout as a PDF: a title page, the contents with page numbers (each entry a link), then
/// the sections flowing page after page with numbered figures and tables; a page number on
/// every page and a bookmark per section (with its figures under it).
enum HandoutPDF {
  typealias Block = PageFlow.Block

  static let subtitleStyle = TextStyle(size: 14, color: Color(hex: 0x444444))
  static let authorStyle = TextStyle(size: 11)
  static let tocStyle = TextStyle(size: 11)
  static let tocLine = 20.0
  /// Anchors of figures are numbered after those of sections.
  static let figureAnchor = 100_000

  static func render(
    _ document: HandoutDocument, page: Size, isCancelled: @Sendable () -> Bool = { false }
  ) throws -> [UInt8] {
    let strings = document.strings
    let blocks = flow(document)
    var planned: [[PageFlow.Placed]] = []
    _ = try CairoRenderer.png(size: Size(1, 1), dpi: 72) { backend in
      planned = PageFlow.paginate(blocks, page: page, backend: backend)
    }
    let anchors = PageFlow.anchors(in: planned)
    // The contents take as many pages as their lines need; the body's numbers follow.
    let perPage = max(Int((page.height - 2 * PageFlow.margin - 50) / tocLine), 1)
    let contentsPages = max((document.sections.count + perPage - 1) / perPage, 1)
    let firstBodyPage = 2 + contentsPages
    func pageNumber(_ anchor: Int) -> (page: Int, y: Double) {
      guard let found = anchors[anchor] else { return (firstBodyPage, PageFlow.margin) }
      return (firstBodyPage + found.page, found.y)
    }
    let header = ReportProse.plain(document.title)
    var pages: [(inout CairoBackend) -> Void] = []
    pages.append { backend in
      PageFlow.drawFrame(header: "", number: 1, page: page, on: &backend)
      titlePage(document, page: page, on: &backend)
    }
    for index in 0..<contentsPages {
      let entries = Array(document.sections.enumerated()).dropFirst(index * perPage).prefix(perPage)
      pages.append { backend in
        PageFlow.drawFrame(header: header, number: 2 + index, page: page, on: &backend)
        var y = PageFlow.margin + 10
        if index == 0 {
          y += backend.draw(RichText(text: strings[.contents], math: []), at: Point(PageFlow.margin, y), width: PageFlow.contentWidth(page), style: PageFlow.headingStyle) + 16
        }
        for (position, section) in entries {
          let target = pageNumber(position)
          contentsEntry(section, page: target.page, at: y, width: PageFlow.contentWidth(page), on: &backend)
          backend.link(
            Rect(x: PageFlow.margin, y: y - 2, width: PageFlow.contentWidth(page), height: tocLine), toPage: target.page,
            y: max(target.y - 10, 0))
          y += tocLine
        }
      }
    }
    for (index, content) in planned.enumerated() {
      let number = firstBodyPage + index
      pages.append { backend in
        PageFlow.drawFrame(header: header, number: number, page: page, on: &backend)
        PageFlow.draw(content, page: page, on: &backend)
      }
    }
    if isCancelled() { throw ReportError(message: "rendering was interrupted", cancelled: true) }
    // Bookmarks: the contents, then each section with its figures.
    var outline = [OutlineEntry(title: strings[.contents], page: 2, y: 0)]
    for (position, section) in document.sections.enumerated() {
      let target = pageNumber(position)
      let children = section.blocks.compactMap { block -> OutlineEntry? in
        guard case .figure(let figure) = block else { return nil }
        let place = pageNumber(figureAnchor + figure.number)
        let title = ReportProse.plain(figure.chart.figure.title ?? figure.label)
        return OutlineEntry(title: strings(.figureCaption, "\(figure.number)", title), page: place.page, y: max(place.y - 10, 0))
      }
      outline.append(OutlineEntry(
        title: "\(section.number) " + ReportProse.plain(section.heading), page: target.page, y: max(target.y - 10, 0),
        children: children))
    }
    return try CairoRenderer.pdf(
      pageSize: page,
      info: DocumentInfo(title: header, creator: "normlab \(document.normlabVersion)", date: document.date),
      pages: pages, outline: outline)
  }

  /// The body in reading order: each section's numbered heading, its text, its figures and
  /// tables, with room between sections.
  static func flow(_ document: HandoutDocument) -> [Block] {
    let strings = document.strings
    var blocks: [Block] = []
    for (position, section) in document.sections.enumerated() {
      if position > 0 { blocks.append(.space(14)) }
      blocks.append(.anchor(position))
      let heading = ReportProse.line(section.heading)
      blocks.append(.heading(RichText(text: "\(section.number)  " + heading.text, math: heading.math)))
      for block in section.blocks {
        switch block {
        case .text(let text):
          blocks += ReportProse.blocks(text).map(Block.prose)
        case .figure(let figure):
          blocks.append(.anchor(figureAnchor + figure.number))
          var chart = figure.chart
          chart.caption = strings(.figureCaption, "\(figure.number)", figure.caption)
          blocks.append(.chart(chart))
        case .table(let table):
          blocks.append(.caption(ReportProse.line(strings(.tableCaption, "\(table.number)", table.caption))))
          blocks.append(.table(header: table.header, rows: table.rows, weights: table.weights))
        }
      }
    }
    return blocks
  }

  /// One line of the contents: the section's number and heading, a dotted leader, its page.
  static func contentsEntry<B: GraphicsBackend>(
    _ section: HandoutDocument.Section, page: Int, at y: Double, width: Double, on backend: inout B
  ) {
    let left = PageFlow.margin
    let number = "\(page)"
    let numberWidth = backend.measure(number, style: tocStyle).width
    backend.text("\(section.number)", at: Point(left, y), style: tocStyle)
    let textLeft = left + 24
    let room = width - 24 - numberWidth - 24
    let heading = PageFlow.fitting(ReportProse.plain(section.heading), width: room, style: tocStyle, backend: backend)
    backend.text(heading, at: Point(textLeft, y), style: tocStyle)
    let right = left + width
    backend.text(number, at: Point(right, y), style: tocStyle, anchor: .topRight)
    // Leader dots between the heading and the number, on a fixed grid so lines align.
    let start = textLeft + backend.measure(heading, style: tocStyle).width + 6
    let end = right - numberWidth - 6
    let baseline = y + tocStyle.size
    var x = (start / 5).rounded(.up) * 5
    while x <= end {
      backend.fill(Path.rectangle(Rect(x: x, y: baseline - 0.6, width: 0.9, height: 0.9)), color: Color.muted)
      x += 5
    }
  }

  static func titlePage<B: GraphicsBackend>(_ document: HandoutDocument, page: Size, on backend: inout B) {
    let strings = document.strings
    let margin = PageFlow.margin
    let width = page.width - 2 * margin
    var y = page.height * 0.22
    y += backend.draw(ReportProse.line(document.title), at: Point(margin, y), width: width, style: TextStyle(size: 26, weight: .bold)) + 10
    if !document.subtitle.isEmpty {
      y += backend.draw(ReportProse.line(document.subtitle), at: Point(margin, y), width: width, style: subtitleStyle) + 8
    }
    backend.stroke(
      Path.polyline([Point(margin, y + 4), Point(page.width - margin, y + 4)]),
      style: StrokeStyle(color: Palette.color(0), width: 1.5))
    y += 22
    if !document.author.isEmpty {
      y += backend.draw(ReportProse.line(document.author), at: Point(margin, y), width: width, style: authorStyle) + 4
    }
    if let date = document.date {
      y += backend.paragraph(strings(.dateLine, date), at: Point(margin, y), width: width, style: PageFlow.smallStyle) + 4
    }
    y += 28
    y += backend.paragraph(
      strings(.handoutBuiltWith, document.normlabVersion), at: Point(margin, y), width: width, style: PageFlow.smallStyle) + 4
    for experiment in document.experiments {
      let line = strings(
        .handoutExperiment, "\(experiment.name): \(experiment.title)", "\(experiment.runs)",
        experiment.seeds.map(String.init).joined(separator: ", "))
      backend.text("•", at: Point(margin + 4, y), style: PageFlow.smallStyle)
      y += backend.paragraph(line, at: Point(margin + 16, y), width: width - 16, style: PageFlow.smallStyle) + 3
    }
  }
}

/// Turns a handout document into files: `handout.pdf`, `handout.html` and each figure as PNG
/// and SVG.
public enum HandoutComposer {
  /// A4 portrait, as the default report template.
  public static let page = Size(595.28, 841.89)

  public static func compose(
    _ document: HandoutDocument, dpi: Double = 150, isCancelled: @escaping @Sendable () -> Bool = { false }
  ) throws(ReportError) -> [ReportFile] {
    var jobs = [
      RenderJob(path: "handout.pdf") { try HandoutPDF.render(document, page: page, isCancelled: isCancelled) },
      RenderJob(path: "handout.html") { try HandoutHTML.render(document) },
    ]
    for figure in document.figures {
      let chart = figure.chart
      jobs.append(RenderJob(path: "charts/\(chart.name).png") { try CairoRenderer.render(chart.figure, format: .png, dpi: dpi) })
      jobs.append(RenderJob(path: "charts/\(chart.name).svg") { try CairoRenderer.render(chart.figure, format: .svg) })
    }
    return try RenderJob.run(jobs, isCancelled: isCancelled)
  }
}
