/// Places and draws a panel's legend.
public enum LegendPainter {
  public enum Corner: CaseIterable, Sendable {
    case upperRight, upperLeft, lowerLeft, lowerRight
  }

  static func rect(for corner: Corner, plot: Rect, size: Size) -> Rect {
    let pad = 6.0
    switch corner {
    case .upperRight:
      return Rect(x: plot.maxX - size.width - pad, y: plot.minY + pad, width: size.width, height: size.height)
    case .upperLeft:
      return Rect(x: plot.minX + pad, y: plot.minY + pad, width: size.width, height: size.height)
    case .lowerLeft:
      return Rect(x: plot.minX + pad, y: plot.maxY - size.height - pad, width: size.width, height: size.height)
    case .lowerRight:
      return Rect(
        x: plot.maxX - size.width - pad, y: plot.maxY - size.height - pad, width: size.width,
        height: size.height)
    }
  }

  /// The inside corner whose legend box covers the fewest data points (lines are sampled along
  /// their segments, so a curve crossing the box counts even between its points).
  public static func bestCorner(_ axes: Axes, plot: Rect, size: Size, transform: DataTransform)
    -> (corner: Corner, coveredFraction: Double)
  {
    let samples = dataSamples(axes, transform: transform)
    guard !samples.isEmpty else { return (.upperRight, 0) }
    var best = (corner: Corner.upperRight, coveredFraction: 2.0)
    for corner in Corner.allCases {
      let box = rect(for: corner, plot: plot, size: size)
      let covered = samples.lazy.filter { box.contains($0) }.count
      let fraction = Double(covered) / Double(samples.count)
      if fraction < best.coveredFraction - 1e-12 { best = (corner, fraction) }
    }
    return best
  }

  /// Device points standing for everything a legend or a note must not hide: lines sampled
  /// along their segments, the inside of bands, the rim of every marker, bars' areas.
  static func dataSamples(_ axes: Axes, transform: DataTransform) -> [Point] {
    var samples: [Point] = []
    for series in axes.series where series.avoidedByLegend {
      var previous: Point?
      let connected: Bool
      switch series {
      case .scatter, .bars, .histogram: connected = false
      default: connected = true
      }
      for (x, y) in series.points {
        guard let p = transform(x, y) else {
          previous = nil
          continue
        }
        if connected, let q = previous {
          for k in 1...4 {
            let t = Double(k) / 5
            samples.append(Point(q.x + (p.x - q.x) * t, q.y + (p.y - q.y) * t))
          }
        }
        samples.append(p)
        previous = p
        if case .band = series { previous = nil }
      }
      samples += areaSamples(series, transform: transform)
    }
    return samples
  }

  /// Points spread over the areas bars and histogram bins cover, so the legend avoids them too.
  static func areaSamples(_ series: Series, transform: DataTransform) -> [Point] {
    var boxes: [(Double, Double, Double, Double)] = []
    switch series {
    case .bars(let bars):
      let width = BarGeometry.barWidth(of: bars)
      for (g, group) in bars.groups.enumerated() {
        for (k, value) in group.values.enumerated() where value.isFinite {
          let centre = BarGeometry.center(category: k, group: g, of: bars)
          boxes.append((centre - width / 2, centre + width / 2, min(0, value), max(0, value)))
        }
      }
    case .histogram(let histogram):
      let edges = Statistics.histogramEdges(histogram.values, bins: histogram.bins)
      for (k, height) in HistogramGeometry.heights(histogram).enumerated() where height > 0 {
        boxes.append((edges[k], edges[k + 1], 0, height))
      }
    case .band(let band):
      return fillSamples(x: band.x, lower: band.lower, upper: band.upper, transform: transform)
    case .percentileBand(let band):
      return fillSamples(x: band.x, lower: band.lower, upper: band.upper, transform: transform)
    case .scatter(let scatter):
      // A marker's rim, so a box grazing it counts; each marker weighs as much as a short line.
      let r = scatter.radius + 1
      return zip(scatter.x, scatter.y).compactMap { transform($0, $1) }.flatMap { p in
        [p, Point(p.x - r, p.y), Point(p.x + r, p.y), Point(p.x, p.y - r), Point(p.x, p.y + r)]
      }
    default: return []
    }
    var samples: [Point] = []
    for (x0, x1, y0, y1) in boxes {
      for i in 0...3 {
        for j in 0...5 {
          let x = x0 + (x1 - x0) * Double(i) / 3
          let y = y0 + (y1 - y0) * Double(j) / 5
          if let p = transform(x, y) { samples.append(p) }
        }
      }
    }
    return samples
  }

  /// Points inside a band (three between its edges at each x), so a legend avoids shading too.
  static func fillSamples(
    x: [Double], lower: [Double], upper: [Double], transform: DataTransform
  ) -> [Point] {
    var samples: [Point] = []
    let stride = max(1, x.count / 60)
    for k in Swift.stride(from: 0, to: min(x.count, lower.count, upper.count), by: stride) {
      guard let a = transform(x[k], lower[k]), let b = transform(x[k], upper[k]) else { continue }
      for t in [0.25, 0.5, 0.75] { samples.append(Point(a.x, a.y + (b.y - a.y) * t)) }
    }
    return samples
  }

  /// How a legend's entries are laid out: filled column by column (as matplotlib's `ncol`).
  struct Arrangement: Equatable {
    var columns: Int
    var rows: Int
    var columnWidths: [Double]
    var size: Size
  }

  /// Sample line, gaps and padding around each entry's text.
  static let entryChrome = 38.0
  static let columnGap = 10.0

  static func arrangement<B: GraphicsBackend>(_ entries: [LegendEntry], columns: Int, backend: B)
    -> Arrangement
  {
    let columns = max(1, min(columns, entries.count))
    let rows = (entries.count + columns - 1) / max(columns, 1)
    var widths = [Double](repeating: 0, count: columns)
    for (i, entry) in entries.enumerated() {
      let column = min(i / max(rows, 1), columns - 1)
      widths[column] = max(
        widths[column],
        backend.measure(entry.label, style: FigureRenderer.legendStyle).width + entryChrome)
    }
    let lineHeight = backend.measure("Ag", style: FigureRenderer.legendStyle).height + 2
    let width = widths.reduce(0, +) + columnGap * Double(columns - 1)
    return Arrangement(
      columns: columns, rows: rows, columnWidths: widths,
      size: Size(width, Double(rows) * lineHeight + 8))
  }

  /// A legend laid out in at most three rows across `width`, to sit above the plot; nil if none
  /// fits.
  static func aboveArrangement<B: GraphicsBackend>(
    _ entries: [LegendEntry], width: Double, maxRows: Int = 3, backend: B
  ) -> Arrangement? {
    guard !entries.isEmpty else { return nil }
    for columns in stride(from: entries.count, through: 1, by: -1) {
      let candidate = arrangement(entries, columns: columns, backend: backend)
      if candidate.rows > maxRows { return nil }
      if candidate.size.width <= width { return candidate }
    }
    return nil
  }

  /// Where the legend goes.
  enum Placement: Equatable {
    case inside
    /// Right of the plot (and of a colorbar), one column.
    case right
    /// Centred above the plot in a few columns, when the inside corners are crowded.
    case above(Arrangement)
  }

  /// Draws the legend; `beyond` is where a legend to the right may start (after a colorbar),
  /// `above` the height a secondary axis takes over the plot.
  static func draw<B: GraphicsBackend>(
    _ axes: Axes, plot: Rect, transform: DataTransform, placement: Placement, beyond: Double,
    above secondaryHeight: Double = 0, on backend: inout B
  ) {
    guard
      let (box, layout) = self.box(
        axes, plot: plot, transform: transform, placement: placement, beyond: beyond,
        above: secondaryHeight, backend: backend)
    else { return }
    drawEntries(FigureRenderer.entries(of: axes), layout: layout, in: box, on: &backend)
  }

  /// Where the legend's frame goes and how its entries are arranged; nil when there is none.
  static func box<B: GraphicsBackend>(
    _ axes: Axes, plot: Rect, transform: DataTransform, placement: Placement, beyond: Double,
    above secondaryHeight: Double = 0, backend: B
  ) -> (Rect, Arrangement)? {
    let entries = FigureRenderer.entries(of: axes)
    guard !entries.isEmpty, axes.legend != .none else { return nil }
    var layout = arrangement(entries, columns: 1, backend: backend)
    let size = layout.size
    let box: Rect
    switch (axes.legend, placement) {
    case (.none, _): return nil
    case (.upperRight, _): box = rect(for: .upperRight, plot: plot, size: size)
    case (.upperLeft, _): box = rect(for: .upperLeft, plot: plot, size: size)
    case (.lowerLeft, _): box = rect(for: .lowerLeft, plot: plot, size: size)
    case (.lowerRight, _): box = rect(for: .lowerRight, plot: plot, size: size)
    case (_, .above(let above)):
      layout = above
      box = Rect(
        x: plot.center.x - above.size.width / 2,
        y: plot.minY - secondaryHeight - above.size.height - 5,
        width: above.size.width, height: above.size.height)
    case (.outsideRight, _), (.best, .right), (.outsideTop, .right), (.outsideTop, .inside):
      box = Rect(x: beyond + 8, y: plot.minY, width: size.width, height: size.height)
    case (.best, .inside):
      box = rect(
        for: bestCorner(axes, plot: plot, size: size, transform: transform).corner, plot: plot,
        size: size)
    }
    return (box, layout)
  }

  /// The frame and entries of a legend laid out as `layout` in `box`.
  static func drawEntries<B: GraphicsBackend>(
    _ entries: [LegendEntry], layout: Arrangement, in box: Rect, on backend: inout B
  ) {
    let frame = Path.roundedRectangle(box, radius: 2.5)
    backend.fill(frame, color: Color.white.withAlpha(0.85))
    backend.stroke(frame, style: StrokeStyle(color: Color(hex: 0xCCCCCC), width: 0.6))
    let lineHeight = backend.measure("Ag", style: FigureRenderer.legendStyle).height + 2
    for (i, entry) in entries.enumerated() {
      let column = min(i / max(layout.rows, 1), layout.columns - 1)
      let row = i - column * layout.rows
      let y = box.minY + 4 + Double(row) * lineHeight + lineHeight / 2
      let x = box.minX + 6 + layout.columnWidths[..<column].reduce(0, +) + columnGap * Double(column)
      switch entry.kind {
      case .line(let dash):
        backend.stroke(
          Path.polyline([Point(x, y), Point(x + 20, y)]),
          style: StrokeStyle(color: entry.color, width: 1.8, dash: dash))
      case .patch:
        backend.fill(
          Path.rectangle(Rect(x: x, y: y - 4, width: 20, height: 8)), color: entry.color)
      case .marker(let shape):
        Marker.draw(shape, at: Point(x + 10, y), size: 6, color: entry.color, on: &backend)
      case .lineMarker(let dash, let shape):
        backend.stroke(
          Path.polyline([Point(x, y), Point(x + 20, y)]),
          style: StrokeStyle(color: entry.color, width: 1.6, dash: dash))
        Marker.draw(shape, at: Point(x + 10, y), size: 5.5, color: entry.color, on: &backend)
      case .lineOverPatch:
        backend.fill(
          Path.rectangle(Rect(x: x, y: y - 4, width: 20, height: 8)),
          color: entry.color.withAlpha(0.25))
        backend.stroke(
          Path.polyline([Point(x, y), Point(x + 20, y)]),
          style: StrokeStyle(color: entry.color, width: 1.6))
      case .divergence:
        Marker.divergence(at: Point(x + 10, y), color: entry.color, on: &backend)
      }
      backend.text(
        entry.label, at: Point(x + 26, y), style: FigureRenderer.legendStyle, anchor: .left)
    }
  }
}
