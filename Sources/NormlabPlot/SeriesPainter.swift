/// Draws each kind of series inside a panel's clip.
enum SeriesPainter {
  static func draw<B: GraphicsBackend>(
    _ series: Series, transform: DataTransform, plot: Rect, on backend: inout B
  ) {
    switch series {
    case .line(let line): drawLine(line, transform: transform, on: &backend)
    case .band(let band): drawBand(band, transform: transform, on: &backend)
    case .scatter(let scatter):
      for (x, y) in zip(scatter.x, scatter.y) {
        guard let p = transform(x, y) else { continue }
        backend.fill(
          Path.circle(center: p, radius: scatter.radius, segments: 12),
          color: scatter.color.withAlpha(scatter.opacity))
      }
    }
  }

  /// Connected runs of drawable points; a non-finite or undrawable value starts a new run.
  static func runs(x: [Double], y: [Double], transform: DataTransform) -> [[Point]] {
    var runs: [[Point]] = []
    var current: [Point] = []
    for (px, py) in zip(x, y) {
      if let p = transform(px, py) {
        current.append(p)
      } else if !current.isEmpty {
        runs.append(current)
        current = []
      }
    }
    if !current.isEmpty { runs.append(current) }
    return runs
  }

  static func drawLine<B: GraphicsBackend>(
    _ line: LineSeries, transform: DataTransform, on backend: inout B
  ) {
    let style = StrokeStyle(
      color: line.color.withAlpha(line.opacity), width: line.width, dash: line.dash)
    let pieces = runs(x: line.x, y: line.y, transform: transform)
    for run in pieces {
      if run.count == 1 {
        backend.fill(Path.circle(center: run[0], radius: line.width), color: style.color)
      } else {
        backend.stroke(Path.polyline(run), style: style)
      }
      if line.markers {
        for p in run {
          backend.fill(Path.circle(center: p, radius: line.width * 1.6), color: style.color)
        }
      }
    }
    if line.divergedAtX != nil, let last = pieces.last?.last {
      // An × at the last finite point: the run stopped here because its loss blew up.
      let r = 4.0
      var cross = Path()
      cross.move(to: Point(last.x - r, last.y - r))
      cross.line(to: Point(last.x + r, last.y + r))
      cross.move(to: Point(last.x - r, last.y + r))
      cross.line(to: Point(last.x + r, last.y - r))
      backend.stroke(cross, style: StrokeStyle(color: line.color, width: 1.8))
    }
  }

  static func drawBand<B: GraphicsBackend>(
    _ band: BandSeries, transform: DataTransform, on backend: inout B
  ) {
    var upper: [Point] = []
    var lower: [Point] = []
    func flush() {
      if upper.count >= 2 {
        backend.fill(
          Path.polyline(upper + lower.reversed()), color: band.color.withAlpha(band.opacity))
      }
      upper = []
      lower = []
    }
    for i in band.x.indices where i < band.lower.count && i < band.upper.count {
      if let top = transform(band.x[i], band.upper[i]),
        let bottom = transform(band.x[i], band.lower[i])
      {
        upper.append(top)
        lower.append(bottom)
      } else {
        flush()
      }
    }
    flush()
  }
}

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
    var samples: [Point] = []
    for series in axes.series {
      var previous: Point?
      for (x, y) in series.points {
        guard let p = transform(x, y) else {
          previous = nil
          continue
        }
        if let q = previous {
          for k in 1...4 {
            let t = Double(k) / 5
            samples.append(Point(q.x + (p.x - q.x) * t, q.y + (p.y - q.y) * t))
          }
        }
        samples.append(p)
        previous = p
      }
      if case .band = series { previous = nil }
    }
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

  static func draw<B: GraphicsBackend>(
    _ axes: Axes, plot: Rect, transform: DataTransform, on backend: inout B
  ) {
    let entries = FigureRenderer.entries(of: axes)
    guard !entries.isEmpty, axes.legend != .none else { return }
    let size = FigureRenderer.legendSize(entries, backend: backend)
    let box: Rect
    switch axes.legend {
    case .none: return
    case .upperRight: box = rect(for: .upperRight, plot: plot, size: size)
    case .upperLeft: box = rect(for: .upperLeft, plot: plot, size: size)
    case .lowerLeft: box = rect(for: .lowerLeft, plot: plot, size: size)
    case .lowerRight: box = rect(for: .lowerRight, plot: plot, size: size)
    case .outsideRight:
      box = Rect(x: plot.maxX + 8, y: plot.minY, width: size.width, height: size.height)
    case .best:
      let choice = bestCorner(axes, plot: plot, size: size, transform: transform)
      if choice.coveredFraction > 0.1 {
        box = Rect(x: plot.maxX + 8, y: plot.minY, width: size.width, height: size.height)
      } else {
        box = rect(for: choice.corner, plot: plot, size: size)
      }
    }
    backend.fill(Path.rectangle(box), color: Color.white.withAlpha(0.88))
    backend.stroke(Path.rectangle(box), style: StrokeStyle(color: Color(hex: 0xCCCCCC), width: 0.6))
    let lineHeight = backend.measure("Ag", style: FigureRenderer.legendStyle).height + 2
    for (i, entry) in entries.enumerated() {
      let y = box.minY + 4 + Double(i) * lineHeight + lineHeight / 2
      let x = box.minX + 6
      switch entry.kind {
      case .line(let dash):
        backend.stroke(
          Path.polyline([Point(x, y), Point(x + 18, y)]),
          style: StrokeStyle(color: entry.color, width: 1.8, dash: dash))
      case .patch:
        backend.fill(
          Path.rectangle(Rect(x: x, y: y - 4, width: 18, height: 8)),
          color: entry.color.withAlpha(0.35))
      case .marker:
        backend.fill(Path.circle(center: Point(x + 9, y), radius: 3), color: entry.color)
      }
      backend.text(
        entry.label, at: Point(x + 24, y), style: FigureRenderer.legendStyle, anchor: .left)
    }
  }
}
