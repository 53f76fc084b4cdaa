import RealModule

/// Draws each kind of series inside a panel's clip.
enum SeriesPainter {
  static let missingStyle = TextStyle(size: 8, color: Color.muted, italic: true)

  static func draw<B: GraphicsBackend>(
    _ series: Series, transform: DataTransform, plot: Rect, on backend: inout B
  ) {
    switch series {
    case .line(let line): drawLine(line, transform: transform, on: &backend)
    case .band(let band):
      drawBand(
        x: band.x, lower: band.lower, upper: band.upper, color: band.color.withAlpha(band.opacity),
        transform: transform, on: &backend)
    case .scatter(let scatter): drawScatter(scatter, transform: transform, on: &backend)
    case .contour(let contour):
      ContourPainter.draw(contour, transform: transform, plot: plot, on: &backend)
    case .heatmap(let heatmap): drawHeatmap(heatmap, transform: transform, on: &backend)
    case .histogram(let histogram): drawHistogram(histogram, transform: transform, on: &backend)
    case .percentileBand(let band):
      drawBand(
        x: band.x, lower: band.lower, upper: band.upper, color: band.color.withAlpha(band.opacity),
        transform: transform, on: &backend)
      drawLine(
        LineSeries(x: band.x, y: band.median, color: band.color, width: band.width),
        transform: transform, on: &backend)
    case .bars(let bars): drawBars(bars, transform: transform, on: &backend)
    case .trajectory(let path): drawTrajectory(path, transform: transform, on: &backend)
    case .reference(let line):
      let style = StrokeStyle(color: line.color, width: line.width, dash: line.dash)
      switch line.orientation {
      case .horizontal:
        if let y = transform.y(line.value) {
          backend.stroke(Path.polyline([Point(plot.minX, y), Point(plot.maxX, y)]), style: style)
        }
      case .vertical:
        if let x = transform.x(line.value) {
          backend.stroke(Path.polyline([Point(x, plot.minY), Point(x, plot.maxY)]), style: style)
        }
      }
    }
  }

  static func drawScatter<B: GraphicsBackend>(
    _ scatter: ScatterSeries, transform: DataTransform, on backend: inout B
  ) {
    let scale = scatter.colorScale
    if let errors = scatter.yErrors {
      for k in scatter.x.indices where k < scatter.y.count && k < errors.count {
        let e = abs(errors[k])
        guard e.isFinite, e > 0, let x = transform.x(scatter.x[k]),
          let low = transform.y(scatter.y[k] - e), let high = transform.y(scatter.y[k] + e)
        else { continue }
        let cap = max(scatter.radius, 2.5)
        var path = Path()
        path.move(to: Point(x, low))
        path.line(to: Point(x, high))
        path.move(to: Point(x - cap, low))
        path.line(to: Point(x + cap, low))
        path.move(to: Point(x - cap, high))
        path.line(to: Point(x + cap, high))
        backend.stroke(path, style: StrokeStyle(color: scatter.color.withAlpha(scatter.opacity), width: 0.9))
      }
    }
    for k in scatter.x.indices where k < scatter.y.count {
      guard let p = transform(scatter.x[k], scatter.y[k]) else { continue }
      var color = scatter.color
      if let scale, let values = scatter.colorValues, k < values.count {
        color = values[k].isFinite ? scale.color(values[k]) : Color(hex: 0x9E9E9E)
      }
      color = color.withAlpha(scatter.opacity)
      if !scatter.filled {
        backend.stroke(
          Marker.path(scatter.markerShape, at: p, size: 2 * scatter.radius),
          style: StrokeStyle(color: color, width: max(1.2, scatter.radius * 0.25)))
      } else if scatter.markerShape == .circle && scatter.edgeColor == nil {
        backend.fill(Path.circle(center: p, radius: scatter.radius, segments: 12), color: color)
      } else {
        Marker.draw(
          scatter.markerShape, at: p, size: 2 * scatter.radius, color: color,
          outline: scatter.edgeColor, on: &backend)
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
          Marker.draw(line.markerShape, at: p, size: 3.75 * line.width, color: style.color, on: &backend)
        }
      }
    }
    if line.divergedAtX != nil, let last = pieces.last?.last {
      // An × at the last finite point: the run stopped here because its loss blew up.
      Marker.divergence(at: last, color: line.color, on: &backend)
    }
  }

  static func drawBand<B: GraphicsBackend>(
    x: [Double], lower lowerValues: [Double], upper upperValues: [Double], color: Color,
    transform: DataTransform, on backend: inout B
  ) {
    var upper: [Point] = []
    var lower: [Point] = []
    func flush() {
      if upper.count >= 2 {
        backend.fill(Path.polyline(upper + lower.reversed()), color: color)
      }
      upper = []
      lower = []
    }
    for i in x.indices where i < lowerValues.count && i < upperValues.count {
      if let top = transform(x[i], upperValues[i]), let bottom = transform(x[i], lowerValues[i]) {
        upper.append(top)
        lower.append(bottom)
      } else {
        flush()
      }
    }
    flush()
  }

  static func colorScale(of heatmap: HeatmapSeries) -> ColorScale {
    let values = heatmap.grid.values.filter { $0.isFinite && (!heatmap.logarithmic || $0 > 0) }
    let range = heatmap.range ?? ((values.min() ?? 0)...(values.max() ?? 1))
    return ColorScale(
      colormap: heatmap.colormap, lower: range.lowerBound, upper: range.upperBound,
      logarithmic: heatmap.logarithmic, levels: [])
  }

  static func drawHeatmap<B: GraphicsBackend>(
    _ heatmap: HeatmapSeries, transform: DataTransform, on backend: inout B
  ) {
    let grid = heatmap.grid
    guard grid.columns > 0, grid.rows > 0 else { return }
    let scale = colorScale(of: heatmap)
    let xEdges = HeatmapGeometry.edges(grid.x).map { transform.x($0) }
    let yEdges = HeatmapGeometry.edges(grid.y).map { transform.y($0) }
    let xs = xEdges.compactMap { $0 }
    let ys = yEdges.compactMap { $0 }
    guard xs.count == xEdges.count, ys.count == yEdges.count, let x0 = xs.first, let x1 = xs.last,
      let y0 = ys.first, let y1 = ys.last
    else { return }
    // Rows go bottom-up in data and top-down in an image.
    var pixels: [Color] = []
    for row in (0..<grid.rows).reversed() {
      for column in 0..<grid.columns { pixels.append(scale.color(grid[column, row])) }
    }
    let uniform = isUniform(xs) && isUniform(ys)
    if uniform {
      backend.image(
        RasterImage(width: grid.columns, height: grid.rows, pixels: pixels),
        in: Rect(x: min(x0, x1), y: min(y0, y1), width: abs(x1 - x0), height: abs(y1 - y0)))
    } else {
      for row in 0..<grid.rows {
        for column in 0..<grid.columns {
          let color = scale.color(grid[column, row])
          guard color.alpha > 0 else { continue }
          let rect = Rect(
            x: min(xs[column], xs[column + 1]), y: min(ys[row], ys[row + 1]),
            width: abs(xs[column + 1] - xs[column]), height: abs(ys[row + 1] - ys[row]))
          backend.fill(Path.rectangle(rect), color: color)
        }
      }
    }
    guard heatmap.showValues else { return }
    let cellWidth = abs(x1 - x0) / Double(grid.columns)
    let cellHeight = abs(y1 - y0) / Double(grid.rows)
    let size = min(9, max(5, min(cellWidth / 4, cellHeight / 2)))
    for row in 0..<grid.rows {
      for column in 0..<grid.columns {
        let value = grid[column, row]
        guard value.isFinite, let p = transform(grid.x[column], grid.y[row]) else { continue }
        let background = scale.color(value)
        let luminance = 0.2126 * background.red + 0.7152 * background.green + 0.0722 * background.blue
        backend.text(
          heatmap.valueDecimals.map { TickFormatter.format(value, decimals: $0) } ?? TickFormatter.compact(value, significant: 3), at: p,
          style: TextStyle(size: size, color: luminance > 0.5 ? .text : .white), anchor: .center)
      }
    }
  }

  static func isUniform(_ positions: [Double]) -> Bool {
    guard positions.count >= 3, let first = positions.first, let last = positions.last else {
      return true
    }
    let step = (last - first) / Double(positions.count - 1)
    return positions.enumerated().allSatisfy { k, p in abs(p - (first + Double(k) * step)) < 0.05 }
  }

  static func drawHistogram<B: GraphicsBackend>(
    _ histogram: HistogramSeries, transform: DataTransform, on backend: inout B
  ) {
    let edges = Statistics.histogramEdges(histogram.values, bins: histogram.bins)
    let heights = HistogramGeometry.heights(histogram)
    guard let base = transform.y(0) ?? transform.y(transform.y.lower) else { return }
    var bars = Path()
    var outline: [Point] = []
    for k in heights.indices {
      guard let left = transform.x(edges[k]), let right = transform.x(edges[k + 1]) else { continue }
      let top = transform.y(heights[k]) ?? base
      if outline.isEmpty { outline.append(Point(left, base)) }
      outline.append(Point(left, top))
      outline.append(Point(right, top))
      guard heights[k] > 0 else { continue }
      // Rectangles of one path, one fill: neighbours share edges without anti-aliasing seams.
      bars.move(to: Point(left, base))
      bars.line(to: Point(right, base))
      bars.line(to: Point(right, top))
      bars.line(to: Point(left, top))
      bars.close()
    }
    if let last = outline.last { outline.append(Point(last.x, base)) }
    if histogram.outline {
      backend.stroke(Path.polyline(outline), style: StrokeStyle(color: histogram.color, width: 1.4))
    } else {
      backend.fill(bars, color: histogram.color.withAlpha(histogram.opacity))
    }
  }

  static func drawBars<B: GraphicsBackend>(
    _ bars: BarSeries, transform: DataTransform, on backend: inout B
  ) {
    let width = BarGeometry.barWidth(of: bars)
    for (g, group) in bars.groups.enumerated() {
      for (k, value) in group.values.enumerated() where k < bars.categories.count || bars.categories.isEmpty {
        let centre = BarGeometry.center(category: k, group: g, of: bars)
        if !value.isFinite, k < group.missingLabels.count, !group.missingLabels[k].isEmpty,
          let base = transform.y(0) ?? transform.y(transform.y.lower),
          // Centred on the category when none of its bars stands, else in its own slot.
          let x = transform.x(
            bars.groups.allSatisfy { k >= $0.values.count || !$0.values[k].isFinite } ? Double(k) : centre)
        {
          // Upright from the axis, so an absent bar is not read as a zero one.
          backend.text(
            group.missingLabels[k], at: Point(x, base - 3), style: missingStyle, anchor: .left,
            rotation: Double.pi / 2)
          continue
        }
        guard value.isFinite, let left = transform.x(centre - width / 2 * 0.92),
          let right = transform.x(centre + width / 2 * 0.92), let top = transform.y(value),
          let base = transform.y(0) ?? transform.y(transform.y.lower)
        else { continue }
        backend.fill(
          Path.rectangle(
            Rect(x: left, y: min(top, base), width: right - left, height: abs(base - top))),
          color: group.color)
        guard let errors = group.errors, k < errors.count, errors[k].isFinite, errors[k] > 0,
          let x = transform.x(centre), let high = transform.y(value + errors[k]),
          let low = transform.y(value - errors[k])
        else { continue }
        let cap = min(4, (right - left) * 0.3)
        var path = Path()
        path.move(to: Point(x, low))
        path.line(to: Point(x, high))
        path.move(to: Point(x - cap, low))
        path.line(to: Point(x + cap, low))
        path.move(to: Point(x - cap, high))
        path.line(to: Point(x + cap, high))
        backend.stroke(path, style: StrokeStyle(color: Color.text, width: 1))
      }
    }
  }

  static func drawTrajectory<B: GraphicsBackend>(
    _ path: TrajectorySeries, transform: DataTransform, on backend: inout B
  ) {
    let style = StrokeStyle(color: path.color, width: path.width)
    let pieces = runs(x: path.x, y: path.y, transform: transform)
    for run in pieces where run.count >= 2 {
      backend.stroke(Path.polyline(run), style: style)
    }
    let points = pieces.flatMap { $0 }
    if path.pointMarkers {
      for p in points {
        backend.fill(Path.circle(center: p, radius: path.width * 1.1 + 0.4, segments: 12), color: path.color)
      }
    }
    // Arrowheads at evenly spaced arc lengths, pointing along the path.
    if path.arrowheads > 0, let run = pieces.max(by: { $0.count < $1.count }), run.count >= 2 {
      let lengths = PolylineMeasure.cumulative(run)
      let total = lengths.last ?? 0
      if total > 0 {
        let count = path.arrowheads
        for k in 1...count {
          let s = total * (count == 1 ? 1 : Double(k) / Double(count + 1))
          let (tip, angle) = PolylineMeasure.point(in: run, lengths: lengths, at: s)
          Marker.arrowhead(at: tip, angle: angle, size: 4 + 2.5 * path.width, color: path.color, on: &backend)
        }
      }
    }
    if let shape = path.startMarker, let first = points.first {
      Marker.draw(shape, at: first, size: 7, color: path.color, outline: .white, on: &backend)
    }
    if let shape = path.endMarker, let last = points.last {
      Marker.draw(shape, at: last, size: shape == .star ? 11 : 7, color: path.color, outline: .white, on: &backend)
    }
  }
}

/// Arc-length helpers for polylines in device space.
enum PolylineMeasure {
  static func cumulative(_ points: [Point]) -> [Double] {
    var lengths = [0.0]
    for k in 1..<max(points.count, 1) {
      let dx = points[k].x - points[k - 1].x
      let dy = points[k].y - points[k - 1].y
      lengths.append(lengths[k - 1] + (dx * dx + dy * dy).squareRoot())
    }
    return lengths
  }

  /// The point at arc length `s` and the direction of travel there (radians, device space).
  static func point(in points: [Point], lengths: [Double], at s: Double) -> (Point, Double) {
    guard points.count >= 2 else { return (points.first ?? Point(0, 0), 0) }
    var k = 1
    while k < points.count - 1, lengths[k] < s { k += 1 }
    let a = points[k - 1]
    let b = points[k]
    let segment = lengths[k] - lengths[k - 1]
    let t = segment > 0 ? min(max((s - lengths[k - 1]) / segment, 0), 1) : 0
    return (Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t), Double.atan2(y: b.y - a.y, x: b.x - a.x))
  }
}

/// Marker shapes, centred on a point, `size` across.
enum Marker {
  static func path(_ shape: MarkerShape, at p: Point, size: Double) -> Path {
    let r = size / 2
    switch shape {
    case .circle: return Path.circle(center: p, radius: r, segments: 16)
    case .square: return Path.rectangle(Rect(x: p.x - r * 0.85, y: p.y - r * 0.85, width: r * 1.7, height: r * 1.7))
    case .diamond: return Path.polygon([Point(p.x, p.y - r), Point(p.x + r * 0.8, p.y), Point(p.x, p.y + r), Point(p.x - r * 0.8, p.y)])
    case .triangle:
      return Path.polygon([Point(p.x, p.y - r), Point(p.x + r * 0.95, p.y + r * 0.7), Point(p.x - r * 0.95, p.y + r * 0.7)])
    case .star:
      var points: [Point] = []
      for k in 0..<10 {
        let radius = k % 2 == 0 ? r : r * 0.42
        let angle = -Double.pi / 2 + Double(k) * Double.pi / 5
        points.append(Point(p.x + radius * Double.cos(angle), p.y + radius * Double.sin(angle)))
      }
      return Path.polygon(points)
    case .cross, .plus:
      // Drawn as strokes by `draw`; the path is the two bars.
      var path = Path()
      let d = shape == .cross ? r * 0.75 : r
      if shape == .cross {
        path.move(to: Point(p.x - d, p.y - d))
        path.line(to: Point(p.x + d, p.y + d))
        path.move(to: Point(p.x - d, p.y + d))
        path.line(to: Point(p.x + d, p.y - d))
      } else {
        path.move(to: Point(p.x - d, p.y))
        path.line(to: Point(p.x + d, p.y))
        path.move(to: Point(p.x, p.y - d))
        path.line(to: Point(p.x, p.y + d))
      }
      return path
    }
  }

  static func draw<B: GraphicsBackend>(
    _ shape: MarkerShape, at p: Point, size: Double, color: Color, outline: Color? = nil,
    on backend: inout B
  ) {
    let path = path(shape, at: p, size: size)
    switch shape {
    case .cross, .plus:
      if let outline {
        backend.stroke(path, style: StrokeStyle(color: outline, width: size * 0.22 + 1.6))
      }
      backend.stroke(path, style: StrokeStyle(color: color, width: size * 0.22))
    default:
      if let outline {
        backend.stroke(path, style: StrokeStyle(color: outline, width: 1.6))
      }
      backend.fill(path, color: color)
    }
  }

  /// The divergence ×: the series colour over a white halo, so it reads on any background.
  static func divergence<B: GraphicsBackend>(at p: Point, color: Color, on backend: inout B) {
    let path = path(.cross, at: p, size: 11)
    backend.stroke(path, style: StrokeStyle(color: .white, width: 4.2))
    backend.stroke(path, style: StrokeStyle(color: color.withAlpha(1), width: 2.2))
  }

  static func arrowhead<B: GraphicsBackend>(
    at tip: Point, angle: Double, size: Double, color: Color, on backend: inout B
  ) {
    let back = Point(tip.x - size * Double.cos(angle), tip.y - size * Double.sin(angle))
    let half = size * 0.45
    let nx = -Double.sin(angle) * half
    let ny = Double.cos(angle) * half
    backend.fill(
      Path.polygon([tip, Point(back.x + nx, back.y + ny), Point(back.x - nx, back.y - ny)]),
      color: color)
  }
}
