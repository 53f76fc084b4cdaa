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
    let panels = figure.panels.map(CoincidentLines.distinguish)
    if let title = figure.title, !title.isEmpty {
      // A long title shrinks a little, then wraps into even lines; every line is centred, as
      // one-line titles are.
      var style = figureTitleStyle
      let width = backend.measure(title, style: style).width
      if width > area.width { style.size = max(10.5, style.size * area.width / width) }
      let lines = TextWrap.balancedLines(title, width: area.width) {
        backend.measure($0, style: style).width
      }
      let lineHeight = backend.measure("Ag", style: style).height
      for (k, line) in lines.enumerated() {
        backend.text(
          line, at: Point(area.center.x, area.minY + Double(k) * lineHeight), style: style,
          anchor: .top)
      }
      area = area.insetBy(left: 0, top: lineHeight * Double(lines.count) + 6, right: 0, bottom: 0)
    }
    if let note = figure.note, !note.isEmpty {
      let lines = TextWrap.lines(note, width: area.width) { backend.measure($0, style: noteStyle).width }
      let lineHeight = backend.measure("Ag", style: noteStyle).height * 1.08
      let height = lineHeight * Double(lines.count)
      for (k, line) in lines.enumerated() {
        backend.text(
          line, at: Point(area.minX, area.maxY - height + Double(k) * lineHeight), style: noteStyle,
          anchor: .topLeft)
      }
      area = area.insetBy(left: 0, top: 0, right: 0, bottom: height + 4)
    }
    // One colour bar for panels on one scale, one legend below a grid whose panels share it.
    let sharedBar = sharedColorbar(of: panels)
    var barRoom = 0.0
    if let (bar, scale) = sharedBar {
      barRoom = ColorbarPainter.width(bar, scale: scale, length: area.height * 0.8, backend: backend) + 4
      area = area.insetBy(left: 0, top: 0, right: barRoom, bottom: 0)
    }
    let columnCount = min(figure.columns, max(panels.count, 1))
    let rowCount = (panels.count + columnCount - 1) / max(columnCount, 1)
    var belowLegend: ([LegendEntry], LegendPainter.Arrangement)?
    if rowCount > 0,
      let entries = sharedLegendEntries(
        of: figure, panels: figure.panels,
        cell: Rect(x: 0, y: 0, width: area.width / Double(columnCount), height: area.height / Double(rowCount)),
        backend: backend)
    {
      let layout =
        LegendPainter.aboveArrangement(entries, width: area.width, maxRows: 6, backend: backend)
        ?? LegendPainter.arrangement(entries, columns: 1, backend: backend)
      belowLegend = (entries, layout)
      area = area.insetBy(left: 0, top: 0, right: 0, bottom: layout.size.height + 6)
    }
    let plans = drawGrid(
      figure, panels: panels, in: area, colorbars: sharedBar == nil, legends: belowLegend == nil,
      on: &backend)
    let plots = plans.map(\.plot)
    if let (bar, scale) = sharedBar, let top = plots.map(\.minY).min(), let bottom = plots.map(\.maxY).max(),
      let right = plots.map(\.maxX).max()
    {
      ColorbarPainter.draw(
        bar, scale: scale, in: Rect(x: right + 12, y: top, width: 11, height: bottom - top),
        on: &backend)
    }
    if let (entries, layout) = belowLegend, let left = plots.map(\.minX).min(),
      let right = plots.map(\.maxX).max()
    {
      // Right under the lowest panel's labels (panels kept to an aspect may end above the area).
      let top = min(area.maxY, plans.map(\.frame.maxY).max() ?? area.maxY) + 4
      let box = Rect(
        x: (left + right) / 2 - layout.size.width / 2, y: top, width: layout.size.width,
        height: layout.size.height)
      LegendPainter.drawEntries(entries, layout: layout, in: box, on: &backend)
    }
  }

  /// The colour bar every panel with one shares (same label and scale), when at least two do.
  static func sharedColorbar(of panels: [Axes]) -> (Colorbar, ColorScale)? {
    guard panels.count >= 2 else { return nil }
    let bars = panels.compactMap { colorbar(of: $0) }
    guard bars.count >= 2, let first = bars.first,
      bars.allSatisfy({ $0.0 == first.0 && $0.1 == first.1 })
    else { return nil }
    return first
  }

  /// Entries for one legend below the grid: every panel's with `.below`; with `.automatic`, when
  /// the panels that have a legend list the same entries and it would not fit inside one.
  static func sharedLegendEntries<B: GraphicsBackend>(
    of figure: Figure, panels: [Axes], cell: Rect, backend: B
  ) -> [LegendEntry]? {
    guard panels.count >= 2 else { return nil }
    let owners = panels.filter { $0.legend != .none && !entries(of: $0).isEmpty }
    guard let first = owners.first else { return nil }
    switch figure.legend {
    case .perPanel: return nil
    case .below:
      var seen = Set<String>()
      return owners.flatMap { entries(of: $0) }.filter { seen.insert($0.label).inserted }
    case .automatic:
      let list = entries(of: first)
      guard owners.allSatisfy({ entries(of: $0).map(\.label) == list.map(\.label) }) else { return nil }
      let outside =
        first.legend == .outsideRight || first.legend == .outsideTop
        || (first.legend == .best
          && legendGoesOutside(first, cell: cell, limits: limits(of: first), backend: backend))
      return outside ? list : nil
    }
  }

  /// The panels on their grid; returns each panel's plan.
  static func drawGrid<B: GraphicsBackend>(
    _ figure: Figure, panels: [Axes], in area: Rect, colorbars: Bool, legends: Bool,
    on backend: inout B
  ) -> [Plan] {
    var figure = figure
    figure.panels = panels
    let columns = min(figure.columns, max(figure.panels.count, 1))
    let rows = (figure.panels.count + columns - 1) / max(columns, 1)
    guard rows > 0 else { return [] }
    let all = figure.panels.map { limits(of: $0) }
    let sharedX = union(all.map(\.x))
    let sharedY = union(all.map(\.y))
    let probe = Rect(
      x: 0, y: 0, width: area.width / Double(columns), height: area.height / Double(rows))
    let probeGuess = probe.insetBy(left: 40, top: 12, right: 10, bottom: 30)
    func options(_ index: Int, _ panel: Axes) -> PanelOptions {
      var options = PanelOptions()
      options.mayStackLegend = figure.panels.count == 1
      options.colorbar = colorbars || colorbar(of: panel) == nil
      options.legend = legends
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
    var probeLegends: [LegendPainter.Placement] = []
    var left = [Double](repeating: 0, count: columns)
    var right = [Double](repeating: 0, count: columns)
    var top = [Double](repeating: 0, count: rows)
    var bottom = [Double](repeating: 0, count: rows)
    let aligned = figure.panels.count > 1
    if aligned {
      let inner = probe.insetBy(left: 2, top: 2, right: 6, bottom: 2)
      for (index, panel) in figure.panels.enumerated() {
        var probeOptions = options(index, panel)
        probeOptions.applyAspect = false
        let plan = layout(panel, in: inner, options: probeOptions, backend: backend)
        probeLegends.append(plan.legend)
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
    var plans: [Plan] = []
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
        // The margins were sized for this legend decision: keep it.
        if index < probeLegends.count { panelOptions.legendPlacement = probeLegends[index] }
      }
      plans.append(
        drawAxes(
          panel, in: cell.insetBy(left: 2, top: 2, right: 6, bottom: 2), options: panelOptions,
          on: &backend))
    }
    return plans
  }

  static func union(_ ranges: [ClosedRange<Double>]) -> ClosedRange<Double>? {
    guard let low = ranges.map(\.lowerBound).min(), let high = ranges.map(\.upperBound).max()
    else { return nil }
    return low...high
  }
}
