/// A line through (x, y) points; non-finite y values break the line.
public struct LineSeries: Sendable, Equatable {
  public var label: String?
  public var x: [Double]
  public var y: [Double]
  public var color: Color
  public var width: Double
  public var dash: LineDash
  public var opacity: Double
  /// Draws a marker at every point.
  public var markers: Bool
  public var markerShape: MarkerShape
  /// When set, an × marks the last finite point and says the run diverged there.
  public var divergedAtX: Double?

  public init(
    label: String? = nil, x: [Double], y: [Double], color: Color, width: Double = 1.6,
    dash: LineDash = .solid, opacity: Double = 1, markers: Bool = false,
    divergedAtX: Double? = nil, markerShape: MarkerShape = .circle
  ) {
    self.label = label
    self.x = x
    self.y = y
    self.color = color
    self.width = width
    self.dash = dash
    self.opacity = opacity
    self.markers = markers
    self.markerShape = markerShape
    self.divergedAtX = divergedAtX
  }

  /// The TensorBoard look: this series drawn faint and unlabelled, under a solid debiased-EMA
  /// smoothed copy that carries the label (see `Smoothing.exponentialMovingAverage`).
  public func smoothed(weight: Double, rawOpacity: Double = 0.25) -> [Series] {
    var raw = self
    raw.label = nil
    raw.opacity = rawOpacity * opacity
    raw.width = max(width * 0.7, 0.6)
    raw.divergedAtX = nil
    raw.markers = false
    var smooth = self
    smooth.y = Smoothing.exponentialMovingAverage(y, weight: weight)
    return [.line(raw), .line(smooth)]
  }
}

/// A shaded region between two curves (mean ± std or min–max over seeds).
public struct BandSeries: Sendable, Equatable {
  public var label: String?
  public var x: [Double]
  public var lower: [Double]
  public var upper: [Double]
  public var color: Color
  public var opacity: Double

  public init(
    label: String? = nil, x: [Double], lower: [Double], upper: [Double], color: Color,
    opacity: Double = 0.2
  ) {
    self.label = label
    self.x = x
    self.lower = lower
    self.upper = upper
    self.color = color
    self.opacity = opacity
  }
}

/// Points drawn as markers, optionally coloured by a value (with a colorbar) and with vertical
/// error bars.
public struct ScatterSeries: Sendable, Equatable {
  public var label: String?
  public var x: [Double]
  public var y: [Double]
  public var color: Color
  public var radius: Double
  public var opacity: Double
  /// Classes differ by shape as well as colour, so they read in grey and for colour-blind readers.
  public var markerShape: MarkerShape
  /// A ring around each marker (white keeps points visible over a region of their own colour).
  public var edgeColor: Color?
  /// False draws hollow rings in `color` (e.g. around the best trial).
  public var filled: Bool
  /// Per-point values coloured through `colormap` over `colorRange` (nil: their own range).
  public var colorValues: [Double]?
  public var colormap: Colormap
  public var colorRange: ClosedRange<Double>?
  /// A colour scale beside the panel for `colorValues`.
  public var colorbar: Colorbar?
  /// Half-lengths of vertical error bars per point (e.g. std over seeds).
  public var yErrors: [Double]?

  public init(
    label: String? = nil, x: [Double], y: [Double], color: Color, radius: Double = 2,
    opacity: Double = 0.8, markerShape: MarkerShape = .circle, edgeColor: Color? = nil,
    filled: Bool = true, colorValues: [Double]? = nil, colormap: Colormap = .viridis,
    colorRange: ClosedRange<Double>? = nil, colorbar: Colorbar? = nil, yErrors: [Double]? = nil
  ) {
    self.label = label
    self.x = x
    self.y = y
    self.color = color
    self.radius = radius
    self.opacity = opacity
    self.markerShape = markerShape
    self.edgeColor = edgeColor
    self.filled = filled
    self.colorValues = colorValues
    self.colormap = colormap
    self.colorRange = colorRange
    self.colorbar = colorbar
    self.yErrors = yErrors
  }

  /// The colour scale of `colorValues`, nil when the points have one colour.
  public var colorScale: ColorScale? {
    guard let values = colorValues else { return nil }
    let finite = values.filter(\.isFinite)
    guard let low = colorRange?.lowerBound ?? finite.min(), let high = colorRange?.upperBound ?? finite.max()
    else { return nil }
    return ColorScale(colormap: colormap, lower: low, upper: high)
  }
}

/// What an axes panel draws, in order (later series on top).
public enum Series: Sendable, Equatable {
  case line(LineSeries)
  case band(BandSeries)
  case scatter(ScatterSeries)
  case contour(ContourSeries)
  case heatmap(HeatmapSeries)
  case histogram(HistogramSeries)
  case percentileBand(PercentileBandSeries)
  case bars(BarSeries)
  case trajectory(TrajectorySeries)
  case reference(ReferenceLine)

  /// Data points used for autoscaling and for legend placement.
  var points: [(Double, Double)] {
    switch self {
    case .line(let s): return Array(zip(s.x, s.y))
    case .band(let s): return Array(zip(s.x, s.lower)) + Array(zip(s.x, s.upper))
    case .scatter(let s):
      guard let errors = s.yErrors else { return Array(zip(s.x, s.y)) }
      return s.x.indices.flatMap { k -> [(Double, Double)] in
        let e = k < errors.count && errors[k].isFinite ? abs(errors[k]) : 0
        return k < s.y.count ? [(s.x[k], s.y[k] - e), (s.x[k], s.y[k] + e)] : []
      }
    case .contour(let s): return Self.gridCorners(s.grid, cellEdges: false)
    case .heatmap(let s): return Self.gridCorners(s.grid, cellEdges: true)
    case .histogram(let s):
      let edges = Statistics.histogramEdges(s.values, bins: s.bins)
      let heights = HistogramGeometry.heights(s)
      return zip(edges, edges.dropFirst()).enumerated().flatMap { k, edge in
        [(edge.0, 0), (edge.1, 0), (edge.0, heights[k]), (edge.1, heights[k])]
      }
    case .percentileBand(let s):
      return Array(zip(s.x, s.lower)) + Array(zip(s.x, s.upper)) + Array(zip(s.x, s.median))
    case .bars(let s):
      var result: [(Double, Double)] = [(-0.5, 0), (Double(s.categories.count) - 0.5, 0)]
      for (g, group) in s.groups.enumerated() {
        for (k, value) in group.values.enumerated() {
          let error = group.errors.flatMap { k < $0.count ? abs($0[k]) : nil } ?? 0
          let x = BarGeometry.center(category: k, group: g, of: s)
          result.append((x, value + (error.isFinite ? error : 0)))
          result.append((x, value - (error.isFinite ? error : 0)))
        }
      }
      return result
    case .trajectory(let s): return Array(zip(s.x, s.y))
    case .reference: return []
    }
  }

  static func gridCorners(_ grid: ScalarGrid, cellEdges: Bool) -> [(Double, Double)] {
    guard let x0 = grid.x.first, let x1 = grid.x.last, let y0 = grid.y.first, let y1 = grid.y.last
    else { return [] }
    if !cellEdges { return [(x0, y0), (x1, y1)] }
    let xs = HeatmapGeometry.edges(grid.x)
    let ys = HeatmapGeometry.edges(grid.y)
    return [(xs.first ?? x0, ys.first ?? y0), (xs.last ?? x1, ys.last ?? y1)]
  }

  /// Whether legend placement should avoid this series' points (area fills like contours and
  /// heatmaps cover the whole panel, so they do not vote).
  var avoidedByLegend: Bool {
    switch self {
    case .contour, .heatmap: return false
    default: return true
    }
  }

  var legendEntries: [LegendEntry] {
    switch self {
    case .line(let s):
      return s.label.map {
        [LegendEntry(label: $0, color: s.color, kind: s.markers ? .lineMarker(s.dash, s.markerShape) : .line(s.dash))]
      } ?? []
    case .band(let s):
      return s.label.map { [LegendEntry(label: $0, color: s.color.withAlpha(max(s.opacity, 0.35)), kind: .patch)] } ?? []
    case .scatter(let s):
      return s.label.map { [LegendEntry(label: $0, color: s.color, kind: .marker(s.markerShape))] } ?? []
    case .contour(let s):
      return s.label.map { [LegendEntry(label: $0, color: s.lineColor ?? .axis, kind: .line(.solid))] } ?? []
    case .heatmap: return []
    case .histogram(let s):
      return s.label.map { [LegendEntry(label: $0, color: s.color, kind: s.outline ? .line(.solid) : .patch)].map {
        var entry = $0
        if !s.outline { entry.color = s.color.withAlpha(s.opacity) }
        return entry
      } } ?? []
    case .percentileBand(let s):
      return s.label.map { [LegendEntry(label: $0, color: s.color, kind: .lineOverPatch)] } ?? []
    case .bars(let s):
      return s.groups.compactMap { g in g.label.map { LegendEntry(label: $0, color: g.color, kind: .patch) } }
    case .trajectory(let s):
      return s.label.map { [LegendEntry(label: $0, color: s.color, kind: .lineMarker(.solid, .circle))] } ?? []
    case .reference(let s):
      return s.label.map { [LegendEntry(label: $0, color: s.color, kind: .line(s.dash))] } ?? []
    }
  }
}

public struct LegendEntry: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case line(LineDash)
    case patch
    case marker(MarkerShape)
    case lineMarker(LineDash, MarkerShape)
    /// A median line over its shaded band.
    case lineOverPatch
    /// The × that marks where a run diverged.
    case divergence
  }
  public var label: String
  public var color: Color
  public var kind: Kind

  public init(label: String, color: Color, kind: Kind) {
    self.label = label
    self.color = color
    self.kind = kind
  }
}

public enum LegendPlacement: Sendable, Equatable {
  case none
  /// The corner covering the fewest data points, or outside on the right when all are crowded.
  case best
  case upperRight, upperLeft, lowerLeft, lowerRight
  case outsideRight
  /// Centred above the plot, entries in columns (falls back to the right when too wide).
  case outsideTop
}

/// A text note anchored at a data position.
public struct Annotation: Sendable, Equatable {
  public var text: String
  public var x: Double
  public var y: Double
  public var color: Color
  public var anchor: TextAnchor
  /// When set, an arrow points from the text to this data position (matplotlib's `annotate`).
  public var arrowTo: Point?
  public var size: Double
  /// `x`, `y` are fractions of the panel (0…1 from the lower left) instead of data values,
  /// for notes that stay in a corner whatever the data (matplotlib's `transform=ax.transAxes`).
  public var inAxesFraction: Bool

  public init(
    text: String, x: Double, y: Double, color: Color = .text, anchor: TextAnchor = .bottomLeft,
    arrowTo: Point? = nil, size: Double = 8, inAxesFraction: Bool = false
  ) {
    self.text = text
    self.x = x
    self.y = y
    self.color = color
    self.anchor = anchor
    self.arrowTo = arrowTo
    self.size = size
    self.inAxesFraction = inAxesFraction
  }
}

/// One plotting panel: scales, labels, series and legend.
public struct Axes: Sendable, Equatable {
  public var title: String?
  public var xLabel: String?
  public var yLabel: String?
  public var xScale: ScaleKind
  public var yScale: ScaleKind
  /// Fixed limits; nil autoscales (x tight to the data, y with a 5% margin).
  public var xLimits: ClosedRange<Double>?
  public var yLimits: ClosedRange<Double>?
  public var series: [Series]
  public var annotations: [Annotation]
  public var legend: LegendPlacement
  public var grid: Bool
  /// Category names at x = 0, 1, 2, ... (bar charts set these themselves when empty).
  public var xCategories: [String]
  /// Category names at y = 0, 1, 2, ... (e.g. a heatmap over named settings).
  public var yCategories: [String]
  /// A second x scale drawn along the top (e.g. epochs over steps).
  public var secondaryX: SecondaryAxis?
  /// Drawn length of one y unit over one x unit (1: a circle in data stays round), as
  /// matplotlib's `set_aspect`; nil fills the cell. Linear axes only.
  public var aspect: Double?
  /// The legend entry for the × that marks where a line diverged, in the chart's language.
  public var divergedLabel = "diverged"

  public init(
    title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
    xScale: ScaleKind = .linear, yScale: ScaleKind = .linear,
    xLimits: ClosedRange<Double>? = nil, yLimits: ClosedRange<Double>? = nil,
    series: [Series] = [], annotations: [Annotation] = [], legend: LegendPlacement = .best,
    grid: Bool = true, xCategories: [String] = [], yCategories: [String] = [],
    secondaryX: SecondaryAxis? = nil, aspect: Double? = nil
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xScale = xScale
    self.yScale = yScale
    self.xLimits = xLimits
    self.yLimits = yLimits
    self.series = series
    self.annotations = annotations
    self.legend = legend
    self.grid = grid
    self.xCategories = xCategories
    self.yCategories = yCategories
    self.secondaryX = secondaryX
    self.aspect = aspect
  }
}

/// A whole chart: one or more panels on a grid, with an optional title and footnote.
public struct Figure: Sendable, Equatable {
  /// In points (1/72 inch). The default, 6.4 × 4.0 in, is matplotlib's width.
  public var size: Size
  public var title: String?
  public var panels: [Axes]
  public var columns: Int
  public var note: String?
  /// Panels use the union of their x limits; only the bottom row labels x ticks.
  public var shareX: Bool
  /// Panels use the union of their y limits; only the left column labels y ticks.
  public var shareY: Bool
  /// Where the legend of a grid goes when its panels share their entries.
  public var legend: FigureLegend

  public init(
    size: Size = Size(460.8, 288), title: String? = nil, panels: [Axes], columns: Int = 1,
    note: String? = nil, shareX: Bool = false, shareY: Bool = false,
    legend: FigureLegend = .automatic
  ) {
    self.size = size
    self.title = title
    self.panels = panels
    self.columns = max(columns, 1)
    self.note = note
    self.shareX = shareX
    self.shareY = shareY
    self.legend = legend
  }
}

/// A figure's legend policy for grids of panels.
public enum FigureLegend: Sendable, Equatable {
  /// Below the grid, once, when the panels' legends list the same entries (or only one panel
  /// has one) and it would not fit inside its panel; otherwise each panel keeps its own.
  case automatic
  /// Below the grid, once, with every panel's entries.
  case below
  /// Each panel places its own.
  case perPanel
}
