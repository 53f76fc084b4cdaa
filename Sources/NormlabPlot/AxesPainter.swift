import RealModule

/// Paints one planned panel: grid, series, spines, ticks, labels, colorbar and legend.
extension FigureRenderer {
  public static func drawAxes<B: GraphicsBackend>(_ axes: Axes, in cell: Rect, on backend: inout B) {
    drawAxes(CoincidentLines.distinguish(axes), in: cell, options: PanelOptions(), on: &backend)
  }

  @discardableResult
  static func drawAxes<B: GraphicsBackend>(
    _ axes: Axes, in cell: Rect, options: PanelOptions, on backend: inout B
  ) -> Plan {
    let plan = layout(axes, in: cell, options: options, backend: backend)
    let frame = plan.frame
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
    // The legend's place first, so notes can keep clear of it.
    let legendBox =
      options.legend
      ? LegendPainter.box(
        axes, plot: plot, transform: transform, placement: plan.legend,
        beyond: plot.maxX + plan.colorbarWidth, above: plan.secondaryHeight, backend: backend)
      : nil
    if !axes.annotations.isEmpty {
      let notes = AnnotationPainter.place(
        axes.annotations, transform: transform, plot: plot,
        avoiding: legendBox.map { [$0.0] } ?? [],
        samples: LegendPainter.dataSamples(axes, transform: transform), backend: backend)
      AnnotationPainter.draw(notes, on: &backend)
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
      backend.text(label, at: Point(plot.center.x, frame.maxY), style: labelStyle, anchor: .bottom)
    }
    if let label = axes.yLabel, !label.isEmpty, options.yLabel {
      backend.text(
        label, at: Point(frame.minX, plot.center.y), style: labelStyle, anchor: .top,
        rotation: Double.pi / 2)
    }
    let titleHeight = backend.measure("Ag", style: plan.titleStyle).height
    for (k, line) in plan.titleLines.enumerated() {
      // Centred over the plot, but kept inside the panel's cell: the plot sits right of the
      // tick labels, so a title as wide as the cell would otherwise run past its right edge.
      let half = backend.measure(line, style: plan.titleStyle).width / 2
      let x = min(max(plot.center.x, frame.minX + half), max(frame.maxX - half, frame.minX + half))
      backend.text(
        line, at: Point(x, frame.minY + Double(k) * titleHeight), style: plan.titleStyle,
        anchor: .top)
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

    if let (box, layout) = legendBox {
      LegendPainter.drawEntries(entries(of: axes), layout: layout, in: box, on: &backend)
    }
    return plan
  }
}
