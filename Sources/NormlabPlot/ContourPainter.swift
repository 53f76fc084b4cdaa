import RealModule

/// Draws filled contours, contour lines and their inline labels.
enum ContourPainter {
  static let labelStyle = TextStyle(size: 7.5, color: Color.text)

  /// The colour scale of a contour series (discrete bands when filled).
  static func colorScale(of contour: ContourSeries) -> ColorScale {
    let levels = ContourTracer.levelValues(contour.levels, grid: contour.grid, filled: true)
    let logarithmic = contour.levels == .logarithmic
    if !contour.filled {
      let lines = lineLevels(levels, grid: contour.grid)
      return ColorScale(
        colormap: contour.colormap, lower: lines.first ?? 0, upper: lines.last ?? 1,
        logarithmic: logarithmic, levels: lines, lineLevels: true)
    }
    return ColorScale(
      colormap: contour.colormap, lower: levels.first ?? 0, upper: levels.last ?? 1,
      logarithmic: logarithmic, levels: levels)
  }

  /// The levels that have lines: those strictly inside the data range.
  static func lineLevels(_ levels: [Double], grid: ScalarGrid) -> [Double] {
    guard let range = grid.finiteRange else { return [] }
    return levels.filter { $0 > range.lowerBound && $0 < range.upperBound }
  }

  static func devicePath(_ polygons: [[Point]], transform: DataTransform) -> Path {
    var path = Path()
    for polygon in polygons {
      let points = polygon.compactMap { transform($0.x, $0.y) }
      guard points.count == polygon.count, points.count >= 3 else { continue }
      path.move(to: points[0])
      for p in points.dropFirst() { path.line(to: p) }
      path.close()
    }
    return path
  }

  static func draw<B: GraphicsBackend>(
    _ contour: ContourSeries, transform: DataTransform, plot: Rect, on backend: inout B
  ) {
    let grid = contour.grid
    let fillLevels = ContourTracer.levelValues(contour.levels, grid: grid, filled: true)
    let scale = colorScale(of: contour)
    if contour.filled, fillLevels.count >= 2 {
      // Painter's order: each level's whole "at least" region over the previous one, so no
      // background shows through between neighbouring bands.
      for k in 0..<(fillLevels.count - 1) {
        let level = k == 0 ? -Double.infinity : fillLevels[k]
        let polygons = ContourTracer.region(grid, atLeast: level)
        let color = contour.colormap.color(at: (Double(k) + 0.5) / Double(fillLevels.count - 1))
        backend.fill(devicePath(polygons, transform: transform), color: color.withAlpha(contour.opacity))
      }
    }
    guard contour.lines else { return }
    let lineLevels = lineLevels(fillLevels, grid: grid)
    var placed: [Rect] = []
    let labels = TickFormatter.labels(for: lineLevels)
    let uneven = TickFormatter.consistent(lineLevels)
    for (index, level) in lineLevels.enumerated() {
      let color: Color
      if let lineColor = contour.lineColor {
        color = lineColor
      } else if contour.filled {
        color = Color(hex: 0x202020, alpha: 0.55)
      } else {
        color = scale.lineColor(index: index, count: lineLevels.count)
      }
      // matplotlib's convention for single-colour contour lines: negative levels are dashed.
      let singleColour = contour.lineColor != nil || contour.filled
      let style = StrokeStyle(
        color: color, width: contour.lineWidth,
        dash: singleColour && level < 0 ? .dashed : .solid)
      // Loops smaller than a point and a half are grid noise, not information.
      let polylines = ContourTracer.lines(grid, level: level).map {
        $0.compactMap { transform($0.x, $0.y) }
      }.filter { $0.count >= 2 && (PolylineMeasure.cumulative($0).last ?? 0) >= 1.5 }
      // Evenly spaced levels share one decimal count; log or hand-picked ones read best compact.
      let evenlySpaced = contour.levels != .logarithmic && {
        if case .values = contour.levels { return false }
        return true
      }()
      let text =
        evenlySpaced && labels.multiplier.isEmpty && index < labels.labels.count
        ? labels.labels[index] : uneven[index]
      let textSize = backend.measure(text, style: labelStyle)
      // Longest lines first: they have the most room for a label.
      let order = polylines.indices.sorted {
        let a = PolylineMeasure.cumulative(polylines[$0]).last ?? 0
        let b = PolylineMeasure.cumulative(polylines[$1]).last ?? 0
        return a != b ? a > b : $0 < $1
      }
      var gaps: [Int: (Double, Double)] = [:]
      if contour.inlineLabels {
        for k in order {
          guard
            let label = placeLabel(
              on: polylines[k], size: textSize, plot: plot, avoiding: placed)
          else { continue }
          placed.append(label.box)
          gaps[k] = label.gap
          if !contour.filled, contour.lineColor != nil {
            // A single-colour line over a field (a decision boundary): a light patch keeps its
            // label readable on dark shading.
            let c = abs(Double.cos(label.angle))
            let s = abs(Double.sin(label.angle))
            let w = textSize.width * c + textSize.height * s
            let h = textSize.width * s + textSize.height * c
            backend.fill(
              Path.roundedRectangle(
                Rect(x: label.center.x - w / 2 - 1, y: label.center.y - h / 2 - 1, width: w + 2, height: h + 2),
                radius: 1.5),
              color: Color.white.withAlpha(0.75))
          }
          backend.text(
            text, at: label.center, style: TextStyle(size: labelStyle.size, color: color.withAlpha(1)),
            anchor: .center, rotation: label.angle)
        }
      }
      for (k, line) in polylines.enumerated() {
        for piece in cut(line, gap: gaps[k]) where piece.count >= 2 {
          backend.stroke(Path.polyline(piece), style: style)
        }
      }
    }
  }

  struct PlacedLabel {
    var center: Point
    var angle: Double
    var box: Rect
    var gap: (Double, Double)
  }

  /// Finds a straight-enough stretch of `line` for a label of `size`, inside `plot` and clear of
  /// the labels already placed. Among the spots that fit it takes the one farthest from the
  /// labels already placed (the middle of the line when there are none), so labels spread out
  /// over the chart instead of stacking in a column.
  static func placeLabel(on line: [Point], size: Size, plot: Rect, avoiding placed: [Rect])
    -> PlacedLabel?
  {
    let lengths = PolylineMeasure.cumulative(line)
    guard let total = lengths.last else { return nil }
    let width = size.width + 8
    guard total > width * 2.2 else { return nil }
    let inner = plot.insetBy(left: 3, top: 3, right: 3, bottom: 3)
    var best: (label: PlacedLabel, score: Double)?
    for step in 0...20 {
      let fraction = 0.5 + Double((step + 1) / 2) * 0.045 * (step % 2 == 0 ? 1 : -1)
      let middle = total * fraction
      let start = middle - width / 2
      let end = middle + width / 2
      guard start > 0, end < total else { continue }
      let (a, _) = PolylineMeasure.point(in: line, lengths: lengths, at: start)
      let (b, _) = PolylineMeasure.point(in: line, lengths: lengths, at: end)
      let (center, _) = PolylineMeasure.point(in: line, lengths: lengths, at: middle)
      let chord = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
      // Nearly straight there: the text sits on the chord, so a bend would cross it.
      guard chord > width * 0.96 else { continue }
      // Counter-clockwise angle as seen on the page (device y points down), kept upright.
      var angle = Double.atan2(y: -(b.y - a.y), x: b.x - a.x)
      if angle > Double.pi / 2 { angle -= Double.pi }
      if angle < -Double.pi / 2 { angle += Double.pi }
      let c = abs(Double.cos(angle))
      let s = abs(Double.sin(angle))
      let boxWidth = size.width * c + size.height * s
      let boxHeight = size.width * s + size.height * c
      let box = Rect(
        x: center.x - boxWidth / 2, y: center.y - boxHeight / 2, width: boxWidth, height: boxHeight)
      guard inner.contains(Point(box.minX, box.minY)), inner.contains(Point(box.maxX, box.maxY)),
        !placed.contains(where: { $0.intersects(box) })
      else { continue }
      let label = PlacedLabel(center: center, angle: angle, box: box, gap: (start, end))
      // Distance to the nearest placed label; ties keep the spot nearest the middle.
      let score =
        placed.map {
          let dx = $0.center.x - center.x
          let dy = $0.center.y - center.y
          return (dx * dx + dy * dy).squareRoot()
        }.min() ?? 0
      if best == nil || score > (best?.score ?? 0) + 1e-9 { best = (label, score) }
    }
    return best?.label
  }

  /// `line` without the stretch between arc lengths `gap` (where its label sits).
  static func cut(_ line: [Point], gap: (Double, Double)?) -> [[Point]] {
    guard let (start, end) = gap else { return [line] }
    let lengths = PolylineMeasure.cumulative(line)
    var before: [Point] = []
    var after: [Point] = []
    for (k, p) in line.enumerated() {
      if lengths[k] < start { before.append(p) }
      if lengths[k] > end { after.append(p) }
    }
    before.append(PolylineMeasure.point(in: line, lengths: lengths, at: start).0)
    after.insert(PolylineMeasure.point(in: line, lengths: lengths, at: end).0, at: 0)
    return [before, after]
  }
}
