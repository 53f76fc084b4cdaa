/// Lays out and draws figures on any `GraphicsBackend`: layout first (margins from measured
/// tick labels), then grid, series, spines, ticks, labels and legend.
public enum FigureRenderer {
  public static let tickStyle = TextStyle(size: 8.5, color: Color.axis)
  public static let labelStyle = TextStyle(size: 9.5)
  public static let titleStyle = TextStyle(size: 11, weight: .bold)
  public static let figureTitleStyle = TextStyle(size: 12.5, weight: .bold)
  public static let legendStyle = TextStyle(size: 8.5)
  public static let noteStyle = TextStyle(size: 8, color: Color.muted, italic: true)

  /// Draws `figure` filling `frame` (usually the whole page or image).
  public static func draw<B: GraphicsBackend>(_ figure: Figure, in frame: Rect, on backend: inout B) {
    backend.fill(Path.rectangle(frame), color: .white)
    var area = frame.insetBy(left: 6, top: 6, right: 10, bottom: 4)
    if let title = figure.title, !title.isEmpty {
      let height = backend.measure(title, style: figureTitleStyle).height
      backend.text(
        title, at: Point(area.center.x, area.minY), style: figureTitleStyle, anchor: .top)
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
    let cellWidth = area.width / Double(columns)
    let cellHeight = area.height / Double(rows)
    for (index, panel) in figure.panels.enumerated() {
      let cell = Rect(
        x: area.minX + Double(index % columns) * cellWidth,
        y: area.minY + Double(index / columns) * cellHeight,
        width: cellWidth, height: cellHeight)
      drawAxes(panel, in: cell.insetBy(left: 2, top: 2, right: 6, bottom: 2), on: &backend)
    }
  }

  /// The resolved limits of a panel's axes.
  public static func limits(of axes: Axes) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
    let points = axes.series.flatMap(\.points)
    let x = axes.xLimits ?? Autoscale.limits(points.map(\.0), scale: axes.xScale, margin: 0)
    let y = axes.yLimits ?? Autoscale.limits(points.map(\.1), scale: axes.yScale, margin: 0.05)
    return (x, y)
  }

  /// The plot rectangle and transform a panel gets inside `cell` (exposed for tests).
  public static func layout<B: GraphicsBackend>(_ axes: Axes, in cell: Rect, backend: B)
    -> (plot: Rect, transform: DataTransform, xTicks: TickSet, yTicks: TickSet)
  {
    let (xRange, yRange) = limits(of: axes)
    let yTicks = TickLocator.ticks(
      lower: yRange.lowerBound, upper: yRange.upperBound, scale: axes.yScale, maxTicks: 7)
    let xTicks = TickLocator.ticks(
      lower: xRange.lowerBound, upper: xRange.upperBound, scale: axes.xScale, maxTicks: 8)
    let tickHeight = backend.measure("0", style: tickStyle).height
    let yTickWidth = yTicks.ticks.map { backend.measure($0.label, style: tickStyle).width }.max() ?? 0
    var left = yTickWidth + 8
    if let label = axes.yLabel, !label.isEmpty {
      left += backend.measure(label, style: labelStyle).height + 4
    }
    var bottom = tickHeight + 8
    if let label = axes.xLabel, !label.isEmpty {
      bottom += backend.measure(label, style: labelStyle).height + 3
    }
    var top = 6.0
    if let title = axes.title, !title.isEmpty {
      top += backend.measure(title, style: titleStyle).height + 4
    }
    if !yTicks.multiplierLabel.isEmpty { top = max(top, tickHeight + 6) }
    var right = 4.0
    if !xTicks.multiplierLabel.isEmpty {
      right += backend.measure(xTicks.multiplierLabel, style: tickStyle).width * 0.5
    }
    if axes.legend == .outsideRight || (axes.legend == .best && legendGoesOutside(axes, cell: cell, backend: backend)) {
      right += legendSize(entries(of: axes), backend: backend).width + 10
    }
    let plot = cell.insetBy(left: left, top: top, right: right, bottom: bottom)
    let transform = DataTransform(
      x: AxisTransform(
        lower: xRange.lowerBound, upper: xRange.upperBound, scale: axes.xScale,
        deviceStart: plot.minX, deviceEnd: plot.maxX),
      y: AxisTransform(
        lower: yRange.lowerBound, upper: yRange.upperBound, scale: axes.yScale,
        deviceStart: plot.maxY, deviceEnd: plot.minY))
    return (plot, transform, xTicks, yTicks)
  }

  public static func drawAxes<B: GraphicsBackend>(_ axes: Axes, in cell: Rect, on backend: inout B) {
    let (plot, transform, xTicks, yTicks) = layout(axes, in: cell, backend: backend)

    // Grid under the data.
    if axes.grid {
      for tick in yTicks.ticks where tick.isMajor {
        guard let y = transform.y(tick.value) else { continue }
        backend.stroke(
          Path.polyline([Point(plot.minX, y), Point(plot.maxX, y)]),
          style: StrokeStyle(color: .grid, width: 0.6))
      }
      for tick in xTicks.ticks where tick.isMajor {
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
      guard let p = transform(annotation.x, annotation.y) else { continue }
      backend.text(
        annotation.text, at: p, style: TextStyle(size: 8, color: annotation.color),
        anchor: annotation.anchor)
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
      if tick.isMajor {
        backend.text(
          tick.label, at: Point(x, plot.maxY + 5), style: tickStyle, anchor: .top)
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
      if tick.isMajor {
        backend.text(tick.label, at: Point(plot.minX - 5, y), style: tickStyle, anchor: .right)
      }
    }
    if !xTicks.multiplierLabel.isEmpty {
      backend.text(
        xTicks.multiplierLabel, at: Point(plot.maxX, plot.maxY + 5 + backend.measure("0", style: tickStyle).height),
        style: tickStyle, anchor: .topRight)
    }
    if !yTicks.multiplierLabel.isEmpty {
      backend.text(
        yTicks.multiplierLabel, at: Point(plot.minX, plot.minY - 2), style: tickStyle,
        anchor: .bottomLeft)
    }

    // Labels and title.
    if let label = axes.xLabel, !label.isEmpty {
      backend.text(label, at: Point(plot.center.x, cell.maxY), style: labelStyle, anchor: .bottom)
    }
    if let label = axes.yLabel, !label.isEmpty {
      backend.text(
        label, at: Point(cell.minX, plot.center.y), style: labelStyle, anchor: .top,
        rotation: Double.pi / 2)
    }
    if let title = axes.title, !title.isEmpty {
      backend.text(title, at: Point(plot.center.x, cell.minY), style: titleStyle, anchor: .top)
    }

    LegendPainter.draw(axes, plot: plot, transform: transform, on: &backend)
  }

  static func entries(of axes: Axes) -> [LegendEntry] {
    var seen = Set<String>()
    return axes.series.compactMap(\.legendEntry).filter { seen.insert($0.label).inserted }
  }

  static func legendSize<B: GraphicsBackend>(_ entries: [LegendEntry], backend: B) -> Size {
    guard !entries.isEmpty else { return Size(0, 0) }
    let width = entries.map { backend.measure($0.label, style: legendStyle).width }.max() ?? 0
    let lineHeight = backend.measure("Ag", style: legendStyle).height
    return Size(width + 30, Double(entries.count) * (lineHeight + 2) + 8)
  }

  /// "best" goes outside when every inside corner would hide more than 10% of the points.
  static func legendGoesOutside<B: GraphicsBackend>(_ axes: Axes, cell: Rect, backend: B) -> Bool {
    let list = entries(of: axes)
    guard !list.isEmpty else { return false }
    let size = legendSize(list, backend: backend)
    let plot = cell.insetBy(left: 40, top: 10, right: 6, bottom: 28)
    if size.width > plot.width * 0.6 || size.height > plot.height * 0.8 { return true }
    let (xRange, yRange) = limits(of: axes)
    let transform = DataTransform(
      x: AxisTransform(
        lower: xRange.lowerBound, upper: xRange.upperBound, scale: axes.xScale,
        deviceStart: plot.minX, deviceEnd: plot.maxX),
      y: AxisTransform(
        lower: yRange.lowerBound, upper: yRange.upperBound, scale: axes.yScale,
        deviceStart: plot.maxY, deviceEnd: plot.minY))
    let choice = LegendPainter.bestCorner(axes, plot: plot, size: size, transform: transform)
    return choice.coveredFraction > 0.1
  }
}
