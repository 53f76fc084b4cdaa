import RealModule

/// Lays out and draws figures on any `GraphicsBackend`: layout first (margins from measured
/// tick labels), then grid, series, spines, ticks, labels, colorbar and legend.
public enum FigureRenderer {
  public static let tickStyle = TextStyle(size: 9, color: Color.axis)
  public static let labelStyle = TextStyle(size: 10)
  public static let titleStyle = TextStyle(size: 11, weight: .bold)
  public static let figureTitleStyle = TextStyle(size: 12.5, weight: .bold)
  public static let legendStyle = TextStyle(size: 9)
  public static let noteStyle = TextStyle(size: 8, color: Color.muted, italic: true)
  /// Spine to tick label: the 3.5 pt tick plus matplotlib's 3.5 pt pad.
  static let tickLabelGap = 7.0

  /// Per-panel choices the figure makes (shared axes).
  struct PanelOptions {
    var xLimits: ClosedRange<Double>?
    var yLimits: ClosedRange<Double>?
    var xTickLabels = true
    var yTickLabels = true
    /// Axis titles are left to the outer panels when axes are shared.
    var xLabel = true
    var yLabel = true
    /// Plot size that sets tick density; shared panels use one, so their ticks match.
    var tickGuess: Size?
    /// Margins at least this wide, so panels of a row or column line up.
    var minInsets: (left: Double, top: Double, right: Double, bottom: Double)?
    /// A long legend may stack above a lone plot; in a grid of panels it stays beside its own.
    var mayStackLegend = true
  }

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

  /// Categories shown along x: the panel's own, else those of its first bar series.
  static func xCategories(of axes: Axes) -> [String] {
    if !axes.xCategories.isEmpty { return axes.xCategories }
    for case .bars(let bars) in axes.series { return bars.categories }
    return []
  }

  /// The resolved limits of a panel's axes. Lines get matplotlib's 5% y margin; images,
  /// contours and category axes are tight; bars and histograms start at zero.
  public static func limits(of axes: Axes) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
    let points = axes.series.flatMap(\.points)
    let areaOnly = !axes.series.isEmpty && axes.series.allSatisfy {
      switch $0 {
      case .contour, .heatmap, .trajectory, .reference: return true
      default: return false
      }
    } && axes.series.contains { !$0.avoidedByLegend }
    let fieldPoints = axes.series.filter { !$0.avoidedByLegend }.flatMap(\.points)
    let xCats = xCategories(of: axes)
    var x: ClosedRange<Double>
    if let fixed = axes.xLimits {
      x = fixed
    } else if !xCats.isEmpty {
      x = -0.5...(Double(xCats.count) - 0.5)
    } else if areaOnly {
      x = Autoscale.limits(fieldPoints.map(\.0), scale: axes.xScale, margin: 0)
    } else {
      // Curves run edge to edge (as training curves usually do); anything with markers, dots or
      // bars keeps matplotlib's 5% margin so nothing is cut in half at the frame.
      let tight = axes.series.allSatisfy {
        switch $0 {
        case .line(let line): return !line.markers
        case .band, .percentileBand, .reference: return true
        default: return false
        }
      }
      x = Autoscale.limits(points.map(\.0), scale: axes.xScale, margin: tight ? 0 : 0.05)
    }
    var y: ClosedRange<Double>
    if let fixed = axes.yLimits {
      y = fixed
    } else if !axes.yCategories.isEmpty {
      y = -0.5...(Double(axes.yCategories.count) - 0.5)
    } else if areaOnly {
      y = Autoscale.limits(fieldPoints.map(\.1), scale: axes.yScale, margin: 0)
    } else {
      y = Autoscale.limits(points.map(\.1), scale: axes.yScale, margin: 0.05)
      let barLike = axes.series.contains {
        if case .bars = $0 { return true }
        if case .histogram = $0 { return true }
        return false
      }
      let finiteY = points.map(\.1).filter(\.isFinite)
      if barLike, axes.yScale == .linear, let low = finiteY.min(), low >= 0 {
        // matplotlib's sticky edge: bars stand on the axis.
        y = 0...y.upperBound
      }
    }
    if x.lowerBound == x.upperBound { x = (x.lowerBound - 0.5)...(x.upperBound + 0.5) }
    return (x, y)
  }

  /// Ticks for one axis: categories when given, else the locator with matplotlib's tick
  /// density (about one tick per three label heights along x, two along y, at most 9 bins),
  /// thinned further until neighbouring labels no longer touch.
  static func ticks<B: GraphicsBackend>(
    range: ClosedRange<Double>, scale: ScaleKind, categories: [String], length: Double,
    horizontal: Bool, backend: B
  ) -> TickSet {
    if !categories.isEmpty {
      return TickSet(
        ticks: categories.enumerated().map { Tick(value: Double($0), label: $1, isMajor: true) },
        multiplierLabel: "")
    }
    let spacing = tickStyle.size * (horizontal ? 3 : 2)
    var bins = min(max(Int(length / spacing), 1), 9)
    while true {
      let set = TickLocator.ticks(
        lower: range.lowerBound, upper: range.upperBound, scale: scale, maxTicks: bins + 1)
      let majors = set.ticks.filter(\.isMajor)
      guard bins > 1, majors.count >= 2, scale == .linear else { return set }
      let span = range.upperBound - range.lowerBound
      let gap = abs(majors[1].value - majors[0].value) / span * length
      let needed =
        horizontal
        ? (majors.map { backend.measure($0.label, style: tickStyle).width }.max() ?? 0) + 6
        : backend.measure("0", style: tickStyle).height + 2
      if gap >= needed { return set }
      bins -= 1
    }
  }

  /// The scale drawn beside a panel, if one of its series asks for it.
  static func colorbar(of axes: Axes) -> (Colorbar, ColorScale)? {
    for series in axes.series {
      switch series {
      case .contour(let contour):
        if let bar = contour.colorbar { return (bar, ContourPainter.colorScale(of: contour)) }
      case .heatmap(let heatmap):
        if let bar = heatmap.colorbar { return (bar, SeriesPainter.colorScale(of: heatmap)) }
      default: continue
      }
    }
    return nil
  }

  /// The plot rectangle and transform a panel gets inside `cell` (exposed for tests).
  public static func layout<B: GraphicsBackend>(_ axes: Axes, in cell: Rect, backend: B)
    -> (plot: Rect, transform: DataTransform, xTicks: TickSet, yTicks: TickSet)
  {
    let plan = layout(axes, in: cell, options: PanelOptions(), backend: backend)
    return (plan.plot, plan.transform, plan.xTicks, plan.yTicks)
  }

  struct Plan {
    var plot: Rect
    var transform: DataTransform
    var xTicks: TickSet
    var yTicks: TickSet
    var colorbar: (Colorbar, ColorScale, Rect)?
    var legend = LegendPainter.Placement.inside
    var colorbarWidth = 0.0
    var secondary: (axis: SecondaryAxis, ticks: TickSet)?
    var secondaryHeight = 0.0
  }

  static func layout<B: GraphicsBackend>(
    _ axes: Axes, in cell: Rect, options: PanelOptions, backend: B
  ) -> Plan {
    var (xRange, yRange) = limits(of: axes)
    if let x = options.xLimits { xRange = x }
    if let y = options.yLimits { yRange = y }
    let tickHeight = backend.measure("0", style: tickStyle).height
    // A first guess of the plot size sets the tick density; labels then set the margins.
    var guess = cell.insetBy(left: 40, top: 12, right: 10, bottom: 30)
    if let size = options.tickGuess {
      guess = Rect(x: guess.x, y: guess.y, width: size.width, height: size.height)
    }
    let yTicks = ticks(
      range: yRange, scale: axes.yScale, categories: axes.yCategories, length: guess.height,
      horizontal: false, backend: backend)
    var xTicks = ticks(
      range: xRange, scale: axes.xScale, categories: xCategories(of: axes), length: guess.width,
      horizontal: true, backend: backend)
    let yTickWidth =
      options.yTickLabels
      ? (yTicks.ticks.filter(\.isMajor).map { backend.measure($0.label, style: tickStyle).width }.max() ?? 0) : 0
    var left = yTickWidth + tickLabelGap + 3
    if let label = axes.yLabel, !label.isEmpty, options.yLabel {
      left += backend.measure(label, style: labelStyle).height + 4
    }
    var bottom = (options.xTickLabels ? tickHeight : 0) + tickLabelGap + 3
    if let label = axes.xLabel, !label.isEmpty, options.xLabel {
      bottom += backend.measure(label, style: labelStyle).height + 3
    }
    var top = 6.0
    if let title = axes.title, !title.isEmpty {
      top += backend.measure(title, style: titleStyle).height + 4
    }
    if !yTicks.multiplierLabel.isEmpty { top = max(top, tickHeight + 6) }
    var secondary: (axis: SecondaryAxis, ticks: TickSet)?
    var secondaryHeight = 0.0
    if let axis = axes.secondaryX, axis.scale != 0, axis.scale.isFinite, axis.offset.isFinite,
      axes.xScale == .linear || (axes.xScale == .log && axis.offset == 0 && axis.scale > 0)
    {
      let a = xRange.lowerBound * axis.scale + axis.offset
      let b = xRange.upperBound * axis.scale + axis.offset
      let ticks = ticks(
        range: min(a, b)...max(a, b), scale: axes.xScale, categories: [], length: guess.width,
        horizontal: true, backend: backend)
      secondary = (axis, ticks)
      secondaryHeight = tickHeight + tickLabelGap + 2
      if let label = axis.label, !label.isEmpty {
        secondaryHeight += backend.measure(label, style: labelStyle).height + 2
      }
      top = max(top, 6) + secondaryHeight
    }
    var right = 4.0
    // (Reserved even where shared axes hide the labels, so stacked plots stay the same width.)
    if let last = xTicks.ticks.filter(\.isMajor).max(by: { $0.value < $1.value }),
      xRange.upperBound > xRange.lowerBound
    {
      // A label on the right edge hangs half its width past the plot.
      let fromEnd = (xRange.upperBound - last.value) / (xRange.upperBound - xRange.lowerBound)
      let overhang = backend.measure(last.label, style: tickStyle).width / 2 - fromEnd * guess.width
      right = max(right, overhang + 1)
    }
    if !xTicks.multiplierLabel.isEmpty {
      right += backend.measure(xTicks.multiplierLabel, style: tickStyle).width * 0.5
    }
    var colorbarPlan: (Colorbar, ColorScale)?
    var colorbarWidth = 0.0
    if let (bar, scale) = colorbar(of: axes) {
      colorbarPlan = (bar, scale)
      let labels = ColorbarPainter.ticks(scale, length: guess.height).ticks.filter(\.isMajor)
      let labelWidth = labels.map { backend.measure($0.label, style: tickStyle).width }.max() ?? 0
      colorbarWidth = 10 + 11 + 5 + labelWidth
      if let label = bar.label, !label.isEmpty {
        colorbarWidth += backend.measure(label, style: labelStyle).height + 4
      }
      right += colorbarWidth
    }
    var legend = LegendPainter.Placement.inside
    let legendEntries = entries(of: axes)
    if axes.legend == .outsideRight {
      legend = .right
    } else if axes.legend == .outsideTop
      || (axes.legend == .best
        && legendGoesOutside(axes, cell: cell, limits: (xRange, yRange), backend: backend))
    {
      // Crowded inside: above the plot in a row or two when that fits, else to the right.
      let available = cell.width - left - right
      let besideWidth = legendSize(legendEntries, backend: backend).width + 10
      if let above = LegendPainter.aboveArrangement(legendEntries, width: available, backend: backend) {
        legend = .above(above)
        top += above.size.height + 8
      } else if options.mayStackLegend, available - besideWidth < cell.width * 0.5,
        let above = LegendPainter.aboveArrangement(
          legendEntries, width: available, maxRows: 8, backend: backend),
        above.size.height < cell.height * 0.35
      {
        // Long labels beside the plot would squeeze it to a strip: stack them above instead.
        legend = .above(above)
        top += above.size.height + 8
      } else {
        legend = .right
      }
    }
    if legend == .right {
      right += legendSize(legendEntries, backend: backend).width + 10
    }
    if let least = options.minInsets {
      left = max(left, least.left)
      top = max(top, least.top)
      right = max(right, least.right)
      bottom = max(bottom, least.bottom)
    }
    let plot = cell.insetBy(left: left, top: top, right: right, bottom: bottom)
    // An outside legend or colorbar can leave far less width than the guess the ticks were
    // chosen for: choose them again, so labels do not run into each other.
    if plot.width < guess.width * 0.8 {
      xTicks = ticks(
        range: xRange, scale: axes.xScale, categories: xCategories(of: axes), length: plot.width,
        horizontal: true, backend: backend)
    }
    let transform = DataTransform(
      x: AxisTransform(
        lower: xRange.lowerBound, upper: xRange.upperBound, scale: axes.xScale,
        deviceStart: plot.minX, deviceEnd: plot.maxX),
      y: AxisTransform(
        lower: yRange.lowerBound, upper: yRange.upperBound, scale: axes.yScale,
        deviceStart: plot.maxY, deviceEnd: plot.minY))
    var bar: (Colorbar, ColorScale, Rect)?
    if let (colorbar, scale) = colorbarPlan {
      bar = (colorbar, scale, Rect(x: plot.maxX + 10, y: plot.minY, width: 11, height: plot.height))
    }
    return Plan(
      plot: plot, transform: transform, xTicks: xTicks, yTicks: yTicks, colorbar: bar,
      legend: legend, colorbarWidth: colorbarWidth, secondary: secondary,
      secondaryHeight: secondaryHeight)
  }

  public static func drawAxes<B: GraphicsBackend>(_ axes: Axes, in cell: Rect, on backend: inout B) {
    drawAxes(axes, in: cell, options: PanelOptions(), on: &backend)
  }

  static func drawAxes<B: GraphicsBackend>(
    _ axes: Axes, in cell: Rect, options: PanelOptions, on backend: inout B
  ) {
    let plan = layout(axes, in: cell, options: options, backend: backend)
    let (plot, transform, xTicks, yTicks) = (plan.plot, plan.transform, plan.xTicks, plan.yTicks)
    let hasField = axes.series.contains { !$0.avoidedByLegend }

    // Grid under the data (not over contour fills or images, where it only adds noise).
    if axes.grid && !hasField {
      for tick in yTicks.ticks where tick.isMajor {
        guard let y = transform.y(tick.value) else { continue }
        backend.stroke(
          Path.polyline([Point(plot.minX, y), Point(plot.maxX, y)]),
          style: StrokeStyle(color: .grid, width: 0.6))
      }
      for tick in xTicks.ticks where tick.isMajor && xCategories(of: axes).isEmpty {
        guard let x = transform.x(tick.value) else { continue }
        backend.stroke(
          Path.polyline([Point(x, plot.minY), Point(x, plot.maxY)]),
          style: StrokeStyle(color: .grid, width: 0.6))
      }
    }

    backend.clip(to: plot)
    for series in axes.series {
      SeriesPainter.draw(series, transform: transform, plot: plot, on: &backend)
    }
    backend.resetClip()
    for annotation in axes.annotations {
      AnnotationPainter.draw(annotation, transform: transform, plot: plot, on: &backend)
    }

    // Spines and ticks.
    backend.stroke(Path.rectangle(plot), style: StrokeStyle(color: .axis, width: 0.8))
    for tick in xTicks.ticks {
      guard let x = transform.x(tick.value), x >= plot.minX - 0.5, x <= plot.maxX + 0.5 else {
        continue
      }
      let length = tick.isMajor ? 3.5 : 2
      backend.stroke(
        Path.polyline([Point(x, plot.maxY), Point(x, plot.maxY + length)]),
        style: StrokeStyle(color: .axis, width: tick.isMajor ? 0.8 : 0.6))
      if tick.isMajor && options.xTickLabels {
        backend.text(
          tick.label, at: Point(x, plot.maxY + tickLabelGap), style: tickStyle, anchor: .top)
      }
    }
    for tick in yTicks.ticks {
      guard let y = transform.y(tick.value), y >= plot.minY - 0.5, y <= plot.maxY + 0.5 else {
        continue
      }
      let length = tick.isMajor ? 3.5 : 2
      backend.stroke(
        Path.polyline([Point(plot.minX - length, y), Point(plot.minX, y)]),
        style: StrokeStyle(color: .axis, width: tick.isMajor ? 0.8 : 0.6))
      if tick.isMajor && options.yTickLabels {
        backend.text(
          tick.label, at: Point(plot.minX - tickLabelGap, y), style: tickStyle, anchor: .right)
      }
    }
    if !xTicks.multiplierLabel.isEmpty && options.xTickLabels {
      backend.text(
        xTicks.multiplierLabel,
        at: Point(plot.maxX, plot.maxY + tickLabelGap + backend.measure("0", style: tickStyle).height),
        style: tickStyle, anchor: .topRight)
    }
    if !yTicks.multiplierLabel.isEmpty && options.yTickLabels {
      backend.text(
        yTicks.multiplierLabel, at: Point(plot.minX, plot.minY - 2), style: tickStyle,
        anchor: .bottomLeft)
    }

    // Labels and title.
    if let label = axes.xLabel, !label.isEmpty, options.xLabel {
      backend.text(label, at: Point(plot.center.x, cell.maxY), style: labelStyle, anchor: .bottom)
    }
    if let label = axes.yLabel, !label.isEmpty, options.yLabel {
      backend.text(
        label, at: Point(cell.minX, plot.center.y), style: labelStyle, anchor: .top,
        rotation: Double.pi / 2)
    }
    if let title = axes.title, !title.isEmpty {
      backend.text(title, at: Point(plot.center.x, cell.minY), style: titleStyle, anchor: .top)
    }
    if let (axis, ticks) = plan.secondary {
      for tick in ticks.ticks {
        let primary = (tick.value - axis.offset) / axis.scale
        guard let x = transform.x(primary), x >= plot.minX - 0.5, x <= plot.maxX + 0.5 else {
          continue
        }
        let length = tick.isMajor ? 3.5 : 2
        backend.stroke(
          Path.polyline([Point(x, plot.minY), Point(x, plot.minY - length)]),
          style: StrokeStyle(color: .axis, width: tick.isMajor ? 0.8 : 0.6))
        if tick.isMajor {
          backend.text(tick.label, at: Point(x, plot.minY - tickLabelGap), style: tickStyle, anchor: .bottom)
        }
      }
      if let label = axis.label, !label.isEmpty {
        let tickHeight = backend.measure("0", style: tickStyle).height
        backend.text(
          label, at: Point(plot.center.x, plot.minY - tickLabelGap - tickHeight - 1),
          style: labelStyle, anchor: .bottom)
      }
    }
    if let (bar, scale, rect) = plan.colorbar {
      ColorbarPainter.draw(bar, scale: scale, in: rect, on: &backend)
    }

    LegendPainter.draw(
      axes, plot: plot, transform: transform, placement: plan.legend,
      beyond: plot.maxX + plan.colorbarWidth, above: plan.secondaryHeight, on: &backend)
  }

  static func entries(of axes: Axes) -> [LegendEntry] {
    var seen = Set<String>()
    var list = axes.series.flatMap(\.legendEntries).filter { seen.insert($0.label).inserted }
    let diverged = axes.series.contains {
      if case .line(let line) = $0, line.divergedAtX != nil { return true }
      return false
    }
    if diverged && !list.isEmpty {
      list.append(LegendEntry(label: "diverged", color: Color.text, kind: .divergence))
    }
    return list
  }

  static func legendSize<B: GraphicsBackend>(_ entries: [LegendEntry], backend: B) -> Size {
    guard !entries.isEmpty else { return Size(0, 0) }
    return LegendPainter.arrangement(entries, columns: 1, backend: backend).size
  }

  /// Share of sampled data points the best inside corner may hide before "best" moves the
  /// legend outside: a curve crossing the box, not just grazing it, exceeds it.
  static let crowdedFraction = 0.01

  /// "best" goes outside when every inside corner would hide more than `crowdedFraction` of the
  /// points, or the legend is too big for the panel.
  static func legendGoesOutside<B: GraphicsBackend>(
    _ axes: Axes, cell: Rect, limits: (x: ClosedRange<Double>, y: ClosedRange<Double>), backend: B
  ) -> Bool {
    let list = entries(of: axes)
    guard !list.isEmpty else { return false }
    let size = legendSize(list, backend: backend)
    let plot = cell.insetBy(left: 40, top: 10, right: 6, bottom: 28)
    if size.width > plot.width * 0.6 || size.height > plot.height * 0.8 { return true }
    let (xRange, yRange) = limits
    let transform = DataTransform(
      x: AxisTransform(
        lower: xRange.lowerBound, upper: xRange.upperBound, scale: axes.xScale,
        deviceStart: plot.minX, deviceEnd: plot.maxX),
      y: AxisTransform(
        lower: yRange.lowerBound, upper: yRange.upperBound, scale: axes.yScale,
        deviceStart: plot.maxY, deviceEnd: plot.minY))
    let choice = LegendPainter.bestCorner(axes, plot: plot, size: size, transform: transform)
    return choice.coveredFraction > crowdedFraction
  }
}

/// Text notes, optionally with an arrow to the point they describe.
enum AnnotationPainter {
  static func draw<B: GraphicsBackend>(
    _ annotation: Annotation, transform: DataTransform, plot: Rect, on backend: inout B
  ) {
    let position: Point?
    if annotation.inAxesFraction {
      position =
        annotation.x.isFinite && annotation.y.isFinite
        ? Point(plot.minX + annotation.x * plot.width, plot.maxY - annotation.y * plot.height) : nil
    } else {
      position = transform(annotation.x, annotation.y)
    }
    guard let p = position else { return }
    let style = TextStyle(size: annotation.size, color: annotation.color)
    if let target = annotation.arrowTo, let tip = transform(target.x, target.y) {
      let size = backend.measure(annotation.text, style: style)
      let offset = annotation.anchor.origin(for: size)
      let box = Rect(x: p.x + offset.x, y: p.y + offset.y, width: size.width, height: size.height)
      // Start at the box edge facing the target, stop short of it.
      let start = Point(
        min(max(tip.x, box.minX), box.maxX), min(max(tip.y, box.minY - 1), box.maxY + 1))
      let dx = tip.x - start.x
      let dy = tip.y - start.y
      let length = (dx * dx + dy * dy).squareRoot()
      if length > 6 {
        let end = Point(tip.x - dx / length * 2, tip.y - dy / length * 2)
        backend.stroke(
          Path.polyline([start, end]), style: StrokeStyle(color: annotation.color, width: 0.9))
        Marker.arrowhead(
          at: end, angle: Double.atan2(y: dy, x: dx), size: 6, color: annotation.color,
          on: &backend)
      }
    }
    backend.text(annotation.text, at: p, style: style, anchor: annotation.anchor)
  }
}

/// The colour scale beside a contour or heatmap panel.
enum ColorbarPainter {
  static func ticks(_ scale: ColorScale, length: Double) -> TickSet {
    if scale.levels.count >= 2 {
      // Filled contours: label the level boundaries (thinned to fit).
      let every = max(1, Int((Double(scale.levels.count) * 14 / max(length, 1)).rounded(.up)))
      let values = scale.levels.enumerated().filter { $0.offset % every == 0 }.map(\.element)
      let gaps = zip(values.dropFirst(), values).map { $0 - $1 }
      let even = gaps.allSatisfy { abs($0 - (gaps.first ?? 0)) <= 1e-9 * abs(gaps.first ?? 1) }
      if scale.logarithmic || !even {
        return TickSet(
          ticks: values.map { Tick(value: $0, label: TickFormatter.compact($0), isMajor: true) },
          multiplierLabel: "")
      }
      let labels = TickFormatter.labels(for: values)
      return TickSet(
        ticks: zip(values, labels.labels).map { Tick(value: $0, label: $1, isMajor: true) },
        multiplierLabel: labels.multiplier)
    }
    let bins = min(max(Int(length / (FigureRenderer.tickStyle.size * 2.6)), 1), 9)
    return TickLocator.ticks(
      lower: scale.lower, upper: scale.upper, scale: scale.logarithmic ? .log : .linear,
      maxTicks: bins + 1)
  }

  /// Position along the bar (0 bottom, 1 top) of a value.
  static func position(_ value: Double, scale: ColorScale) -> Double? {
    if scale.lineLevels {
      guard let k = scale.levels.firstIndex(of: value) else { return nil }
      return scale.levels.count > 1 ? Double(k) / Double(scale.levels.count - 1) : 0.5
    }
    if scale.levels.count >= 2 {
      // Bands are equally tall, as in matplotlib's colorbar for contourf.
      let levels = scale.levels
      guard let k = levels.lastIndex(where: { $0 <= value }) else { return nil }
      if k == levels.count - 1 { return abs(value - levels[k]) < 1e-12 * max(1, abs(value)) ? 1 : nil }
      let t = (value - levels[k]) / (levels[k + 1] - levels[k])
      return (Double(k) + t) / Double(levels.count - 1)
    }
    var copy = scale
    copy.levels = []
    let t = copy.fraction(value)
    return t.isFinite && t >= -1e-9 && t <= 1 + 1e-9 ? t : nil
  }

  static func draw<B: GraphicsBackend>(
    _ bar: Colorbar, scale: ColorScale, in rect: Rect, on backend: inout B
  ) {
    if scale.lineLevels {
      // Contour lines: a white bar with one stroke per level in the line's colour.
      backend.fill(Path.rectangle(rect), color: .white)
      for (k, value) in scale.levels.enumerated() {
        guard let t = position(value, scale: scale) else { continue }
        let y = rect.maxY - t * rect.height
        backend.stroke(
          Path.polyline([Point(rect.minX, y), Point(rect.maxX, y)]),
          style: StrokeStyle(color: scale.lineColor(index: k, count: scale.levels.count), width: 2))
      }
    } else if scale.levels.count >= 2 {
      let bands = scale.levels.count - 1
      let height = rect.height / Double(bands)
      for k in 0..<bands {
        let color = scale.colormap.color(at: (Double(k) + 0.5) / Double(bands))
        // Overlap by a hair so bands meet without a seam.
        backend.fill(
          Path.rectangle(
            Rect(x: rect.minX, y: rect.maxY - Double(k + 1) * height - 0.3, width: rect.width, height: height + 0.3)),
          color: color)
      }
    } else {
      let steps = 256
      let pixels = (0..<steps).map { scale.colormap.color(at: 1 - (Double($0) + 0.5) / Double(steps)) }
      backend.image(RasterImage(width: 1, height: steps, pixels: pixels), in: rect)
    }
    backend.stroke(Path.rectangle(rect), style: StrokeStyle(color: .axis, width: 0.8))
    let ticks = ticks(scale, length: rect.height)
    var widest = 0.0
    for tick in ticks.ticks {
      guard let t = position(tick.value, scale: scale) else { continue }
      let y = rect.maxY - t * rect.height
      backend.stroke(
        Path.polyline([Point(rect.maxX, y), Point(rect.maxX + (tick.isMajor ? 3.5 : 2), y)]),
        style: StrokeStyle(color: .axis, width: tick.isMajor ? 0.8 : 0.6))
      guard tick.isMajor else { continue }
      backend.text(tick.label, at: Point(rect.maxX + 5, y), style: FigureRenderer.tickStyle, anchor: .left)
      widest = max(widest, backend.measure(tick.label, style: FigureRenderer.tickStyle).width)
    }
    if !ticks.multiplierLabel.isEmpty {
      backend.text(
        ticks.multiplierLabel, at: Point(rect.minX, rect.minY - 2), style: FigureRenderer.tickStyle,
        anchor: .bottomLeft)
    }
    if let label = bar.label, !label.isEmpty {
      backend.text(
        label, at: Point(rect.maxX + 5 + widest + 4, rect.center.y), style: FigureRenderer.labelStyle,
        anchor: .top, rotation: Double.pi / 2)
    }
  }
}
