import RealModule

/// Lays out and draws figures on any `GraphicsBackend`: layout first (margins from measured
/// tick labels), then grid, series, spines, ticks, labels, colorbar and legend. This file holds
/// the figure level: title, note and the grid of panel cells; `PanelLayout.swift` plans one
/// panel and `AxesPainter.swift` paints it.
public enum FigureRenderer {
  public static let tickStyle = TextStyle(size: 9, color: Color.axis)
  public static let labelStyle = TextStyle(size: 10)
  public static let titleStyle = TextStyle(size: 11, weight: .bold)
  public static let figureTitleStyle = TextStyle(size: 12.5, weight: .bold)
  public static let legendStyle = TextStyle(size: 9)
  public static let noteStyle = TextStyle(size: 8, color: Color.muted, italic: true)
  /// Spine to tick label: the 3.5 pt tick plus matplotlib's 3.5 pt pad.
  static let tickLabelGap = 7.0

  /// Draws `figure` filling `frame` (usually the whole page or image).
  public static func draw<B: GraphicsBackend>(_ figure: Figure, in frame: Rect, on backend: inout B) {
    backend.fill(Path.rectangle(frame), color: .white)
    var area = frame.insetBy(left: 6, top: 6, right: 10, bottom: 4)
    if let title = figure.title, !title.isEmpty {
      // A long title shrinks to fit the width (down to 9 pt), then wraps.
      var style = figureTitleStyle
      let width = backend.measure(title, style: style).width
      if width > area.width {
        style.size = max(9, style.size * area.width / width)
      }
      var height = backend.measure(title, style: style).height
      if backend.measure(title, style: style).width > area.width {
        height = backend.measureParagraph(title, width: area.width, style: style)
        backend.paragraph(title, at: Point(area.minX, area.minY), width: area.width, style: style)
      } else {
        backend.text(title, at: Point(area.center.x, area.minY), style: style, anchor: .top)
      }
      area = area.insetBy(left: 0, top: height + 6, right: 0, bottom: 0)
    }
    if let note = figure.note, !note.isEmpty {
      let height = backend.measureParagraph(note, width: area.width, style: noteStyle)
      backend.paragraph(
        note, at: Point(area.minX, area.maxY - height), width: area.width, style: noteStyle)
      area = area.insetBy(left: 0, top: 0, right: 0, bottom: height + 4)
    }
    let columns = min(figure.columns, max(figure.panels.count, 1))
    let rows = (figure.panels.count + columns - 1) / max(columns, 1)
    guard rows > 0 else { return }
    let all = figure.panels.map { limits(of: $0) }
    let sharedX = union(all.map(\.x))
    let sharedY = union(all.map(\.y))
    let probe = Rect(
      x: 0, y: 0, width: area.width / Double(columns), height: area.height / Double(rows))
    let probeGuess = probe.insetBy(left: 40, top: 12, right: 10, bottom: 30)
    func options(_ index: Int, _ panel: Axes) -> PanelOptions {
      var options = PanelOptions()
      options.mayStackLegend = figure.panels.count == 1
      if figure.shareX || figure.shareY {
        options.tickGuess = Size(probeGuess.width, probeGuess.height)
      }
      if figure.shareX {
        options.xLimits = panel.xLimits ?? sharedX
        // Only the lowest panel of each column labels x.
        options.xTickLabels = index + columns >= figure.panels.count
        options.xLabel = options.xTickLabels
      }
      if figure.shareY {
        options.yLimits = panel.yLimits ?? sharedY
        options.yTickLabels = index % columns == 0
        options.yLabel = index % columns == 0
      }
      return options
    }
    // Column widths and row heights: equal plot areas, with the room one panel's labels,
    // colorbar or outside legend need added to its own column or row only, and the panels of a
    // row (column) sharing their top and bottom (left and right) margins so their frames line up,
    // as matplotlib's constrained layout does.
    var columnExtra = [Double](repeating: 0, count: columns)
    var rowExtra = [Double](repeating: 0, count: rows)
    var left = [Double](repeating: 0, count: columns)
    var right = [Double](repeating: 0, count: columns)
    var top = [Double](repeating: 0, count: rows)
    var bottom = [Double](repeating: 0, count: rows)
    let aligned = figure.panels.count > 1
    if aligned {
      let inner = probe.insetBy(left: 2, top: 2, right: 6, bottom: 2)
      for (index, panel) in figure.panels.enumerated() {
        let plan = layout(panel, in: inner, options: options(index, panel), backend: backend)
        let (r, c) = (index / columns, index % columns)
        left[c] = max(left[c], plan.plot.minX - inner.minX)
        right[c] = max(right[c], inner.maxX - plan.plot.maxX)
        top[r] = max(top[r], plan.plot.minY - inner.minY)
        bottom[r] = max(bottom[r], inner.maxY - plan.plot.maxY)
      }
      let columnNeed = zip(left, right).map { $0 + $1 }
      let rowNeed = zip(top, bottom).map { $0 + $1 }
      if let least = columnNeed.min() { columnExtra = columnNeed.map { $0 - least } }
      if let least = rowNeed.min() { rowExtra = rowNeed.map { $0 - least } }
    }
    let cellWidth = (area.width - columnExtra.reduce(0, +)) / Double(columns)
    let cellHeight = (area.height - rowExtra.reduce(0, +)) / Double(rows)
    for (index, panel) in figure.panels.enumerated() {
      let row = index / columns
      let column = index % columns
      let x = area.minX + Double(column) * cellWidth + columnExtra[..<column].reduce(0, +)
      let y = area.minY + Double(row) * cellHeight + rowExtra[..<row].reduce(0, +)
      let cell = Rect(
        x: x, y: y, width: cellWidth + columnExtra[column], height: cellHeight + rowExtra[row])
      var panelOptions = options(index, panel)
      if aligned {
        panelOptions.minInsets = (left[column], top[row], right[column], bottom[row])
      }
      drawAxes(
        panel, in: cell.insetBy(left: 2, top: 2, right: 6, bottom: 2), options: panelOptions,
        on: &backend)
    }
  }

  static func union(_ ranges: [ClosedRange<Double>]) -> ClosedRange<Double>? {
    guard let low = ranges.map(\.lowerBound).min(), let high = ranges.map(\.upperBound).max()
    else { return nil }
    return low...high
  }
}
