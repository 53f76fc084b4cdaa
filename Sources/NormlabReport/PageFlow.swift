import NormlabCairo
import NormlabPlot

/// The page flow shared by the experiment report and the handout: blocks (headings, prose,
/// charts with captions, tables, notes) measured with real text metrics, placed on pages top to
/// bottom with a running header and a page number, long tables and paragraphs split across
/// pages. Documents decide what the blocks are; this decides where they go.
enum PageFlow {
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
    /// A chart with its caption below it.
    case chart(ReportChart)
    case table(header: [String], rows: [[String]], weights: [Double]?)
    /// A caption above what follows it (a table's), kept on its page.
    case caption(RichText)
    case note(String)
    case pageBreak
    /// Marks where what follows starts (a section, for the contents and the outline); takes
    /// no room and goes to the page of the next block.
    case anchor(Int)
    /// Room between blocks, left out at the top of a page.
    case space(Double)
  }

  /// A block placed on a page: its top.
  typealias Placed = (block: Block, y: Double)

  static func contentWidth(_ page: Size) -> Double { page.width - 2 * margin }

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
    case .caption(let text): return backend.measure(text, width: width, style: captionStyle) + 6
    case .chart(let chart):
      return chartHeight(chart, width: width, maxChart: maxChart)
        + backend.measure(ReportProse.line(chart.caption), width: width, style: captionStyle) + 22
    case .table(let header, let rows, let weights):
      return TableDrawer.height(header: header, rows: rows, width: width, backend: backend, columnWeights: weights) + 12
    case .pageBreak, .anchor: return 0
    case .space(let points): return points
    }
  }

  static func chartHeight(_ chart: ReportChart, width: Double, maxChart: Double) -> Double {
    min(width * chart.figure.size.height / chart.figure.size.width, maxChart)
  }

  /// The tallest a chart is drawn: a bit under half the text area, so two fit a page.
  static func maxChart(_ page: Size) -> Double { (page.height - 2 * margin - 10) * 0.46 }

  /// True for blocks that belong with the block after them (a heading, a table's caption).
  static func keepsWithNext(_ block: Block) -> Bool {
    switch block {
    case .heading, .caption: return true
    default: return false
    }
  }

  /// Places blocks on pages top to bottom; a block that does not fit starts a new page, and a
  /// table longer than a page is split with its header repeated.
  static func paginate<B: GraphicsBackend>(_ blocks: [Block], page: Size, backend: B) -> [[Placed]] {
    let width = contentWidth(page)
    let top = margin + 10
    let bottom = page.height - margin
    let maxChart = maxChart(page)
    var pages: [[Placed]] = []
    var current: [Placed] = []
    var anchors: [Int] = []
    var y = top
    func newPage() {
      if !current.isEmpty { pages.append(current) }
      current = []
      y = top
    }
    func place(_ block: Block) {
      current += anchors.map { (Block.anchor($0), y) }
      anchors = []
      current.append((block, y))
    }
    var pending = blocks[...]
    while let block = pending.popFirst() {
      switch block {
      case .pageBreak:
        newPage()
        continue
      case .anchor(let id):
        anchors.append(id)
        continue
      case .space(let points):
        if !current.isEmpty { y += points }
        continue
      default: break
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
        place(.table(header: header, rows: Array(rows[0..<max(fit, 1)]), weights: weights))
        newPage()
        pending.insert(.table(header: header, rows: Array(rows[max(fit, 1)...]), weights: weights), at: pending.startIndex)
        continue
      }
      // A paragraph taller than the room left on a page continues on the next one.
      // (Only paragraphs without formulas: a formula's box would have to move with its text.)
      if y + h > bottom, case .prose(.paragraph(let rich)) = block, rich.math.isEmpty,
        let (head, rest) = splitParagraph(rich.text, height: bottom - y - 7, width: width, backend: backend)
      {
        place(.prose(.paragraph(RichText(text: head, math: []))))
        newPage()
        pending.insert(.prose(.paragraph(RichText(text: rest, math: []))), at: pending.startIndex)
        continue
      }
      // Keep a heading with what follows it.
      var needed = h
      if keepsWithNext(block), let next = pending.first {
        switch next {
        case .pageBreak, .anchor, .space: break
        default: needed += min(height(next, width: width, maxChart: maxChart, backend: backend), 120)
        }
      }
      if y + needed > bottom && !current.isEmpty { newPage() }
      place(block)
      y += h
    }
    if !anchors.isEmpty { current += anchors.map { (Block.anchor($0), y) } }
    newPage()
    return pages
  }

  /// The page (0-based, among `pages`) and top of every anchor.
  static func anchors(in pages: [[Placed]]) -> [Int: (page: Int, y: Double)] {
    var found: [Int: (page: Int, y: Double)] = [:]
    for (index, page) in pages.enumerated() {
      for (block, y) in page {
        if case .anchor(let id) = block, found[id] == nil { found[id] = (index, y) }
      }
    }
    return found
  }

  /// `text` cut with an ellipsis so one line of it fits `width` (the running page header).
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

  /// A white page with `header` (cut to one line) at the top left and the page number at the
  /// bottom right.
  static func drawFrame<B: GraphicsBackend>(header: String, number: Int, page: Size, on backend: inout B) {
    backend.fill(Path.rectangle(Rect(x: 0, y: 0, width: page.width, height: page.height)), color: .white)
    backend.text(
      fitting(header, width: page.width - 2 * margin - 40, style: smallStyle, backend: backend),
      at: Point(margin, 24), style: smallStyle)
    backend.text("\(number)", at: Point(page.width - margin, page.height - 24), style: smallStyle, anchor: .bottomRight)
  }

  /// Draws one page's blocks where `paginate` placed them.
  static func draw<B: GraphicsBackend>(_ content: [Placed], page: Size, on backend: inout B) {
    let width = contentWidth(page)
    let maxChart = maxChart(page)
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
      case .caption(let text):
        backend.draw(text, at: Point(margin, y), width: width, style: captionStyle)
      case .chart(let chart):
        let h = chartHeight(chart, width: width, maxChart: maxChart)
        let w = h * chart.figure.size.width / chart.figure.size.height
        FigureRenderer.draw(chart.figure, in: Rect(x: margin + (width - w) / 2, y: y + 4, width: w, height: h), on: &backend)
        let caption = ReportProse.line(chart.caption)
        let balanced = balancedWidth(caption, width: width, style: captionStyle, backend: backend)
        backend.draw(caption, at: Point(margin, y + h + 10), width: balanced, style: captionStyle)
      case .table(let header, let rows, let weights):
        TableDrawer.draw(header: header, rows: rows, at: Point(margin, y), width: width, on: &backend, columnWeights: weights)
      case .pageBreak, .anchor, .space:
        break
      }
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
