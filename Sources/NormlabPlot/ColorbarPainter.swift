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
          ticks: zip(values, TickFormatter.consistent(values)).map {
            Tick(value: $0, label: $1, isMajor: true)
          }, multiplierLabel: "")
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

  /// Room a bar of `length` takes beside a plot: gap, bar, tick labels and its title.
  static func width<B: GraphicsBackend>(
    _ bar: Colorbar, scale: ColorScale, length: Double, backend: B
  ) -> Double {
    let labels = ticks(scale, length: length).ticks.filter(\.isMajor)
    let labelWidth =
      labels.map { backend.measure($0.label, style: FigureRenderer.tickStyle).width }.max() ?? 0
    var width = 10 + 11 + 5 + labelWidth
    if let label = bar.label, !label.isEmpty {
      width += backend.measure(label, style: FigureRenderer.labelStyle).height + 4
    }
    return width
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
