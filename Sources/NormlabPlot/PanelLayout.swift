import RealModule

/// One panel's plan: limits, ticks, margins, colorbar and legend room, before anything is drawn.
extension FigureRenderer {
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
    /// False when the figure draws one colour bar, or one legend, for all its panels.
    var colorbar = true
    var legend = true
    /// Shrink the plot to the panel's aspect (the first, aligning pass of a grid does not).
    var applyAspect = true
    /// A legend decision already made (by the aligning pass of a grid).
    var legendPlacement: LegendPainter.Placement?
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
      case .scatter(let scatter):
        if let bar = scatter.colorbar, let scale = scatter.colorScale { return (bar, scale) }
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
    let plan = layout(
      CoincidentLines.distinguish(axes), in: cell, options: PanelOptions(), backend: backend)
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
    /// The cell the labels hang from: the whole cell, or less when an aspect shrank the plot.
    var frame = Rect(x: 0, y: 0, width: 0, height: 0)
    var titleLines: [String] = []
    var titleStyle = FigureRenderer.titleStyle
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
    var yTicks = ticks(
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
    var titleLines: [String] = []
    var panelTitleStyle = titleStyle
    if let title = axes.title, !title.isEmpty {
      // A title wider than its cell first shrinks a little (to 9 pt), then wraps evenly.
      let widest = title.split(separator: "\n").map { backend.measure(String($0), style: titleStyle).width }.max() ?? 0
      if widest > cell.width - 4, widest > 0 {
        panelTitleStyle.size = max(9, titleStyle.size * (cell.width - 4) / widest)
      }
      let style = panelTitleStyle
      titleLines = TextWrap.balancedLines(title, width: cell.width - 4) {
        backend.measure($0, style: style).width
      }
      top += backend.measure("Ag", style: panelTitleStyle).height * Double(titleLines.count) + 4
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
    if options.colorbar, let (bar, scale) = colorbar(of: axes) {
      colorbarPlan = (bar, scale)
      colorbarWidth = ColorbarPainter.width(bar, scale: scale, length: guess.height, backend: backend)
      right += colorbarWidth
    }
    var legend = LegendPainter.Placement.inside
    let legendEntries = entries(of: axes)
    if !options.legend {
      legend = .inside
    } else if let forced = options.legendPlacement {
      legend = forced
      if case .above(let above) = forced { top += above.size.height + 8 }
    } else if axes.legend == .outsideRight {
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
    var plot = cell.insetBy(left: left, top: top, right: right, bottom: bottom)
    var frame = cell
    let xSpan = xRange.upperBound - xRange.lowerBound
    let ySpan = yRange.upperBound - yRange.lowerBound
    if options.applyAspect, let aspect = axes.aspect, aspect > 0, aspect.isFinite,
      axes.xScale == .linear, axes.yScale == .linear, xSpan > 0, ySpan > 0, plot.width > 0,
      plot.height > 0
    {
      // Keep the data's proportions: shrink the longer side and centre what is left.
      let wanted = aspect * ySpan / xSpan
      if plot.height > plot.width * wanted {
        let d = (plot.height - plot.width * wanted) / 2
        plot = plot.insetBy(left: 0, top: d, right: 0, bottom: d)
        frame = cell.insetBy(left: 0, top: d, right: 0, bottom: d)
      } else {
        let d = (plot.width - plot.height / wanted) / 2
        plot = plot.insetBy(left: d, top: 0, right: d, bottom: 0)
        frame = cell.insetBy(left: d, top: 0, right: d, bottom: 0)
      }
      // The shorter side takes fewer ticks, so its labels do not crowd.
      if plot.height < guess.height * 0.8 {
        yTicks = ticks(
          range: yRange, scale: axes.yScale, categories: axes.yCategories, length: plot.height,
          horizontal: false, backend: backend)
      }
    }
    // An outside legend or colorbar can leave far less width than the guess the ticks were
    // chosen for: choose them again, so labels do not run into each other.
    if plot.width < guess.width * 0.8 {
      xTicks = ticks(
        range: xRange, scale: axes.xScale, categories: xCategories(of: axes), length: plot.width,
        horizontal: true, backend: backend)
    }
    let transform = DataTransform(axes, x: xRange, y: yRange, plot: plot)
    var bar: (Colorbar, ColorScale, Rect)?
    if let (colorbar, scale) = colorbarPlan {
      bar = (colorbar, scale, Rect(x: plot.maxX + 10, y: plot.minY, width: 11, height: plot.height))
    }
    return Plan(
      plot: plot, transform: transform, xTicks: xTicks, yTicks: yTicks, colorbar: bar,
      legend: legend, colorbarWidth: colorbarWidth, secondary: secondary,
      secondaryHeight: secondaryHeight, frame: frame, titleLines: titleLines,
      titleStyle: panelTitleStyle)
  }

}
