import NormlabCairo
import NormlabExperiment
import NormlabPlot

/// The multi-page PDF: a title page with the headline table, the resolved configuration of
/// every variant, the narrative sections with their charts, the remaining charts with their
/// captions, and the detailed metrics table.
enum PDFReport {
  static let margin = 50.0
  static let titleStyle = TextStyle(size: 22, weight: .bold)
  static let headingStyle = TextStyle(size: 14, weight: .bold)
  static let bodyStyle = TextStyle(size: 10.5)
  static let markupStyle = TextStyle(size: 10.5, markup: true)
  static let smallStyle = TextStyle(size: 9, color: Color.muted)
  static let captionStyle = TextStyle(size: 9.5, color: Color(hex: 0x333333), italic: true)

  /// Something placed in the page flow.
  enum Block {
    case heading(RichText)
    case prose(ProseBlock)
    case chart(ReportChart)
    case table(header: [String], rows: [[String]], weights: [Double]?)
    case note(String)
    case pageBreak
  }

  static func render(
    _ result: ExperimentResult, charts: [ReportChart], settings: ReportSettings,
    isCancelled: @Sendable () -> Bool = { false }
  ) throws -> [UInt8] {
    let page = Size(settings.layout.pageWidth, settings.layout.pageHeight)
    let blocks = flow(result, charts: charts)
    // Pages are planned with real text measurements from a throwaway surface.
    var planned: [[(Block, Double)]] = []
    _ = try CairoRenderer.png(size: Size(1, 1), dpi: 72) { backend in
      planned = paginate(blocks, page: page, backend: backend)
    }
    var pages: [(inout CairoBackend) -> Void] = []
    pages.append { backend in titlePage(result, settings: settings, page: page, on: &backend) }
    for (index, content) in planned.enumerated() {
      let number = index + 2
      pages.append { backend in drawPage(content, result: result, page: page, number: number, on: &backend) }
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
    var blocks: [Block] = [.heading(RichText(text: "Configuration", math: []))]
    blocks.append(.note("The resolved value of every key that applies to this experiment (defaults included): first the keys whose values differ between variants, then those all variants share."))
    if let flags = ConfigurationTable.commandLine(result) {
      blocks.append(.note("Set on the command line for every variant: \(flags)"))
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
      if !result.report.sections.isEmpty { blocks.append(.heading(RichText(text: "More charts", math: []))) }
      blocks += rest.map(Block.chart)
    }
    blocks.append(.pageBreak)
    blocks.append(.heading(RichText(text: "Metrics", math: [])))
    let metrics = MetricsTable.make(result)
    blocks.append(.note("Final values over n seeds: mean ± standard deviation, then the 95% confidence interval of the mean (Student t); steps to a target: the median with a bootstrap interval and how many seeds reached it. Best epoch: where the test metric was best, mean over seeds. Wall time and steps per second are in metrics.json (left out here so reports are byte-identical across machines)."))
    if let note = SelectionNote.text(result) { blocks.append(.note(note)) }
    blocks.append(.table(header: metrics.header, rows: metrics.rows, weights: metrics.weights))
    for table in ClassScoresTable.make(result) {
      blocks.append(.table(header: table.header, rows: table.rows, weights: table.weights))
    }
    if !result.expectations.isEmpty {
      blocks.append(.heading(RichText(text: "Expectations", math: [])))
      blocks.append(.table(
        header: ["clause", "result"],
        rows: result.expectations.map { [$0.clause, ExpectationText.verdict($0)] },
        weights: [1.3, 1]))
    }
    return blocks
  }

  static var contentWidth: (Size) -> Double { { $0.width - 2 * margin } }

  /// Height a block takes at `width`.
  static func height<B: GraphicsBackend>(_ block: Block, width: Double, maxChart: Double, backend: B) -> Double {
    switch block {
    case .heading(let text): return backend.measure(text, width: width, style: headingStyle) + 10
    case .prose(.paragraph(let text)): return backend.measure(text, width: width, style: markupStyle) + 7
    case .prose(.item(_, let text)): return backend.measure(text, width: width - 16, style: markupStyle) + 3
    case .prose(.display(let node)):
      let layout = MathDrawing.fitted(backend.typeset(node, display: true, size: markupStyle.size), width: width)
      return 2 * MathDrawing.displaySpacing * markupStyle.size + layout.height + 7
    case .note(let text): return backend.measureParagraph(text, width: width, style: smallStyle) + 8
    case .chart(let chart):
      return chartHeight(chart, width: width, maxChart: maxChart)
        + backend.measure(ReportProse.line(chart.caption), width: width, style: captionStyle) + 22
    case .table(let header, let rows, let weights):
      return TableDrawer.height(header: header, rows: rows, width: width, backend: backend, columnWeights: weights) + 12
    case .pageBreak: return 0
    }
  }

  static func chartHeight(_ chart: ReportChart, width: Double, maxChart: Double) -> Double {
    min(width * chart.figure.size.height / chart.figure.size.width, maxChart)
  }

  /// Places blocks on pages top to bottom; a block that does not fit starts a new page, and a
  /// table longer than a page is split with its header repeated.
  static func paginate<B: GraphicsBackend>(_ blocks: [Block], page: Size, backend: B) -> [[(Block, Double)]] {
    let width = contentWidth(page)
    let top = margin + 10
    let bottom = page.height - margin
    let maxChart = (bottom - top) * 0.46
    var pages: [[(Block, Double)]] = []
    var current: [(Block, Double)] = []
    var y = top
    func newPage() {
      if !current.isEmpty { pages.append(current) }
      current = []
      y = top
    }
    var pending = blocks[...]
    while let block = pending.popFirst() {
      if case .pageBreak = block {
        newPage()
        continue
      }
      let h = height(block, width: width, maxChart: maxChart, backend: backend)
      if y + h > bottom, case .table(let header, let rows, let weights) = block, rows.count > 1 {
        // Split: as many rows as fit here, the rest on following pages.
        var fit = 0
        while fit < rows.count,
          y + TableDrawer.height(header: header, rows: Array(rows[0...fit]), width: width, backend: backend, columnWeights: weights) + 12 <= bottom
        {
          fit += 1
        }
        if fit == 0 && !current.isEmpty {
          newPage()
          pending.insert(block, at: pending.startIndex)
          continue
        }
        let head = Block.table(header: header, rows: Array(rows[0..<max(fit, 1)]), weights: weights)
        current.append((head, y))
        newPage()
        pending.insert(.table(header: header, rows: Array(rows[max(fit, 1)...]), weights: weights), at: pending.startIndex)
        continue
      }
      // A paragraph taller than the room left on a page continues on the next one.
      // (Only paragraphs without formulas: a formula's box would have to move with its text.)
      if y + h > bottom, case .prose(.paragraph(let rich)) = block, rich.math.isEmpty,
        let (head, rest) = splitParagraph(rich.text, height: bottom - y - 7, width: width, backend: backend)
      {
        current.append((.prose(.paragraph(RichText(text: head, math: []))), y))
        newPage()
        pending.insert(.prose(.paragraph(RichText(text: rest, math: []))), at: pending.startIndex)
        continue
      }
      // Keep a heading with what follows it.
      var needed = h
      if case .heading = block, let next = pending.first {
        if case .pageBreak = next {} else { needed += min(height(next, width: width, maxChart: maxChart, backend: backend), 120) }
      }
      if y + needed > bottom && !current.isEmpty { newPage() }
      current.append((block, y))
      y += h
    }
    newPage()
    return pages
  }

  /// The narrowest width at most `width` that sets `text` in as many lines as `width` does: the
  /// lines come out of even length, so a caption never ends with one word alone on its line.
  static func balancedWidth<B: GraphicsBackend>(_ text: RichText, width: Double, style: TextStyle, backend: B) -> Double {
    let height = backend.measure(text, width: width, style: style)
    let oneLine = backend.measure(RichText(text: "Ag", math: []), width: width, style: style)
    guard height > oneLine * 1.5 else { return width }
    var low = width * 0.6
    var high = width
    for _ in 0..<10 {
      let middle = (low + high) / 2
      if backend.measure(text, width: middle, style: style) <= height + 0.01 { high = middle } else { low = middle }
    }
    // A little slack, so rounding in the final layout cannot add a line.
    return min(width, high + 2)
  }

  /// `text` cut with an ellipsis so one line of it fits `width` (the running page header).
  static func fitting<B: GraphicsBackend>(_ text: String, width: Double, style: TextStyle, backend: B) -> String {
    guard backend.measure(text, style: style).width > width else { return text }
    var low = 0
    var high = text.count
    while low < high {
      let middle = (low + high + 1) / 2
      if backend.measure(String(text.prefix(middle)) + "…", style: style).width <= width {
        low = middle
      } else {
        high = middle - 1
      }
    }
    return String(text.prefix(low)) + "…"
  }

  /// The longest head of a paragraph (in Pango markup) that fits `height`, split after a space
  /// outside any tag, and the rest; nil when not even the first words fit (the paragraph then
  /// starts on a new page) or there is no such space.
  static func splitParagraph<B: GraphicsBackend>(_ text: String, height: Double, width: Double, backend: B)
    -> (String, String)?
  {
    guard height > 0 else { return nil }
    var candidates: [String.Index] = []
    var depth = 0
    var inTag = false
    var inEntity = false
    var index = text.startIndex
    while index < text.endIndex {
      let c = text[index]
      let next = text.index(after: index)
      if inTag {
        if c == ">" { inTag = false }
      } else if c == "<" {
        inTag = true
        // `</...>` closes a tag, anything else opens one.
        depth += next < text.endIndex && text[next] == "/" ? -1 : 1
      } else if inEntity {
        if c == ";" { inEntity = false }
      } else if c == "&" {
        inEntity = true
      } else if c == " " && depth == 0 {
        candidates.append(next)
      }
      index = next
    }
    var low = 0
    var high = candidates.count - 1
    var best: Int?
    while low <= high {
      let middle = (low + high) / 2
      let head = String(text[..<candidates[middle]])
      if backend.measureParagraph(head, width: width, style: markupStyle) <= height {
        best = middle
        low = middle + 1
      } else {
        high = middle - 1
      }
    }
    guard let best else { return nil }
    let cut = candidates[best]
    return (String(text[..<cut]), String(text[cut...]))
  }

  static func drawPage<B: GraphicsBackend>(
    _ content: [(Block, Double)], result: ExperimentResult, page: Size, number: Int, on backend: inout B
  ) {
    backend.fill(Path.rectangle(Rect(x: 0, y: 0, width: page.width, height: page.height)), color: .white)
    backend.text(
      Self.fitting(ReportProse.plain(result.title), width: page.width - 2 * margin - 40, style: smallStyle, backend: backend),
      at: Point(margin, 24), style: smallStyle)
    backend.text("\(number)", at: Point(page.width - margin, page.height - 24), style: smallStyle, anchor: .bottomRight)
    let width = contentWidth(page)
    let maxChart = (page.height - 2 * margin - 10) * 0.46
    for (block, y) in content {
      switch block {
      case .heading(let text):
        backend.draw(text, at: Point(margin, y), width: width, style: headingStyle)
      case .prose(.paragraph(let text)):
        backend.draw(text, at: Point(margin, y), width: width, style: markupStyle)
      case .prose(.item(let marker, let text)):
        backend.text(marker, at: Point(margin + 4, y), style: bodyStyle)
        backend.draw(text, at: Point(margin + 16, y), width: width - 16, style: markupStyle)
      case .prose(.display(let node)):
        let layout = backend.typeset(node, display: true, size: markupStyle.size)
        backend.drawDisplay(layout, top: y, left: margin, width: width, bodySize: markupStyle.size)
      case .note(let text):
        backend.paragraph(text, at: Point(margin, y), width: width, style: smallStyle)
      case .chart(let chart):
        let h = chartHeight(chart, width: width, maxChart: maxChart)
        let w = h * chart.figure.size.width / chart.figure.size.height
        FigureRenderer.draw(chart.figure, in: Rect(x: margin + (width - w) / 2, y: y + 4, width: w, height: h), on: &backend)
        let caption = ReportProse.line(chart.caption)
        let balanced = Self.balancedWidth(caption, width: width, style: captionStyle, backend: backend)
        backend.draw(caption, at: Point(margin, y + h + 10), width: balanced, style: captionStyle)
      case .table(let header, let rows, let weights):
        TableDrawer.draw(header: header, rows: rows, at: Point(margin, y), width: width, on: &backend, columnWeights: weights)
      case .pageBreak:
        break
      }
    }
  }

  static func titlePage<B: GraphicsBackend>(
    _ result: ExperimentResult, settings: ReportSettings, page: Size, on backend: inout B
  ) {
    backend.fill(Path.rectangle(Rect(x: 0, y: 0, width: page.width, height: page.height)), color: .white)
    let width = page.width - 2 * margin
    var y = margin + 40
    y += backend.draw(ReportProse.line(result.title), at: Point(margin, y), width: width, style: titleStyle) + 10
    backend.stroke(
      Path.polyline([Point(margin, y), Point(page.width - margin, y)]),
      style: StrokeStyle(color: Palette.color(0), width: 1.5))
    y += 14
    if !result.description.isEmpty {
      for block in ReportProse.blocks(result.description) {
        switch block {
        case .paragraph(let text), .item(_, let text):
          y += backend.draw(text, at: Point(margin, y), width: width, style: markupStyle) + 6
        case .display(let node):
          let layout = backend.typeset(node, display: true, size: markupStyle.size)
          y += backend.drawDisplay(layout, top: y, left: margin, width: width, bodySize: markupStyle.size)
        }
      }
      y += 6
    }
    var meta = ["Experiment: \(result.experiment)"]
    if let date = settings.date { meta.append("Date: \(date)") }
    meta += [
      "normlab \(result.normlabVersion)" + (settings.gitCommit.map { ", commit \($0)" } ?? ""),
      "Seeds: \(result.seeds.map(String.init).joined(separator: ", ")) · runs: \(result.runs.count)",
    ]
    if result.quick { meta.append("Quick mode (--quick): fewer samples and steps than the full experiment.") }
    if result.interrupted { meta.append("INTERRUPTED: training was stopped before every run finished; results are partial.") }
    for line in meta {
      y += backend.paragraph(line, at: Point(margin, y), width: width, style: smallStyle) + 2
    }
    y += 18
    backend.text("Final metrics over seeds", at: Point(margin, y), style: headingStyle)
    y += 24
    let rows = HeadlineRow.rows(result)
    y = TableDrawer.draw(
      header: ["variant", "train loss", "test loss", "train acc.", "test acc.", "runs"],
      rows: rows.map { [$0.label, $0.trainLoss, $0.testLoss, $0.trainAccuracy, $0.testAccuracy, $0.runs] },
      at: Point(margin, y), width: width, on: &backend, columnWeights: [1.3, 1.5, 1.5, 1.5, 1.5, 0.8])
    y += 4
    y += backend.paragraph("Each cell: " + HeadlineRow.legend, at: Point(margin, y), width: width, style: smallStyle)
    if !result.expectations.isEmpty {
      y += 22
      backend.text("Expectations", at: Point(margin, y), style: headingStyle)
      y += 24
      y = TableDrawer.draw(
        header: ["clause", "result"],
        rows: result.expectations.map { [$0.clause, ExpectationText.verdict($0)] },
        at: Point(margin, y), width: width, on: &backend, columnWeights: [1.3, 1])
    }
  }
}

extension GraphicsBackend {
  /// Draws text with inline formulas set at the text's size; returns the height used.
  @discardableResult
  mutating func draw(_ rich: RichText, at origin: Point, width: Double, style: TextStyle) -> Double {
    guard !rich.math.isEmpty else { return paragraph(rich.text, at: origin, width: width, style: style) }
    let math = rich.math.map { typeset($0, display: false, size: style.size) }
    return paragraph(rich.text, math: math, at: origin, width: width, style: style)
  }

  /// Height `draw(_:at:width:style:)` would use.
  func measure(_ rich: RichText, width: Double, style: TextStyle) -> Double {
    guard !rich.math.isEmpty else { return measureParagraph(rich.text, width: width, style: style) }
    let math = rich.math.map { typeset($0, display: false, size: style.size) }
    return measureParagraph(rich.text, math: math, width: width, style: style)
  }
}

/// A simple ruled table.
enum TableDrawer {
  static let headerStyle = TextStyle(size: 9.5, weight: .bold)
  static let cellStyle = TextStyle(size: 9.5)

  static func widths(_ count: Int, width: Double, columnWeights: [Double]?) -> [Double] {
    let weights = columnWeights ?? ([1.6] + Array(repeating: 1.0, count: max(count - 1, 0)))
    let total = weights.reduce(0, +)
    return weights.map { width * $0 / total }
  }

  static func rowHeight<B: GraphicsBackend>(_ cells: [String], widths: [Double], style: TextStyle, backend: B) -> Double {
    var height = 0.0
    for (i, cell) in cells.enumerated() where i < widths.count {
      height = max(height, backend.measureParagraph(cell, width: widths[i] - 6, style: style))
    }
    return height + 8
  }

  static func height<B: GraphicsBackend>(header: [String], rows: [[String]], width: Double, backend: B, columnWeights: [Double]?) -> Double {
    let w = widths(header.count, width: width, columnWeights: columnWeights)
    return rowHeight(header, widths: w, style: headerStyle, backend: backend)
      + rows.map { rowHeight($0, widths: w, style: cellStyle, backend: backend) }.reduce(0, +)
  }

  @discardableResult
  static func draw<B: GraphicsBackend>(
    header: [String], rows: [[String]], at origin: Point, width: Double, on backend: inout B,
    columnWeights: [Double]? = nil
  ) -> Double {
    let widths = widths(header.count, width: width, columnWeights: columnWeights)
    var y = origin.y
    func drawRow(_ cells: [String], style: TextStyle) {
      var x = origin.x
      for (i, cell) in cells.enumerated() where i < widths.count {
        backend.paragraph(cell, at: Point(x + 3, y + 4), width: widths[i] - 6, style: style)
        x += widths[i]
      }
    }
    drawRow(header, style: headerStyle)
    y += rowHeight(header, widths: widths, style: headerStyle, backend: backend)
    backend.stroke(Path.polyline([Point(origin.x, y - 2), Point(origin.x + width, y - 2)]), style: StrokeStyle(color: .axis, width: 0.8))
    for (i, row) in rows.enumerated() {
      let h = rowHeight(row, widths: widths, style: cellStyle, backend: backend)
      if i % 2 == 1 {
        backend.fill(Path.rectangle(Rect(x: origin.x, y: y - 2, width: width, height: h)), color: Color(hex: 0xF4F6F8))
      }
      drawRow(row, style: cellStyle)
      y += h
    }
    backend.stroke(Path.polyline([Point(origin.x, y - 2), Point(origin.x + width, y - 2)]), style: StrokeStyle(color: .axis, width: 0.8))
    return y
  }
}
