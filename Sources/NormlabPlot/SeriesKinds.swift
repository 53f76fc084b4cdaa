/// Marker shapes for lines, trajectories and legends.
public enum MarkerShape: Sendable, Equatable, CaseIterable {
  case circle, square, triangle, diamond, cross, plus, star
}

/// A regular grid of values f(x[i], y[j]) for contours and heatmaps.
public struct ScalarGrid: Sendable, Equatable {
  /// Column coordinates, increasing.
  public var x: [Double]
  /// Row coordinates, increasing.
  public var y: [Double]
  /// Row-major values: `values[j * x.count + i]` is f(x[i], y[j]); non-finite values leave holes.
  public var values: [Double]

  public init(x: [Double], y: [Double], values: [Double]) {
    self.x = x
    self.y = y
    // A short value list is padded with NaN so indexing never traps.
    let needed = x.count * y.count
    self.values = Array(values.prefix(needed)) + Array(repeating: .nan, count: max(0, needed - values.count))
  }

  /// Samples `function` on the grid.
  public init(x: [Double], y: [Double], function: (Double, Double) -> Double) {
    self.init(x: x, y: y, values: y.flatMap { yv in x.map { xv in function(xv, yv) } })
  }

  public var columns: Int { x.count }
  public var rows: Int { y.count }

  public subscript(i: Int, j: Int) -> Double { values[j * x.count + i] }

  /// The finite values' extent, nil when there are none.
  public var finiteRange: ClosedRange<Double>? {
    let finite = values.filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else { return nil }
    return low...high
  }
}

/// How contour levels are chosen.
public enum ContourLevels: Sendable, Equatable {
  /// About `count` levels at nice numbers (steps 1, 2, 2.5, 5 × 10ⁿ), like matplotlib's default.
  case automatic(count: Int)
  /// Decades (and 2, 5 multiples when the range is short) for positive fields spanning orders of
  /// magnitude, e.g. a loss surface; colours then follow log10 of the value.
  case logarithmic
  /// Exactly these levels (sorted, non-finite ones dropped).
  case values([Double])
}

/// A colour scale drawn beside a panel for a contour or heatmap series.
public struct Colorbar: Sendable, Equatable {
  public var label: String?
  public init(label: String? = nil) { self.label = label }
}

/// Filled contours and/or contour lines of a scalar field, with inline level labels.
public struct ContourSeries: Sendable, Equatable {
  public var label: String?
  public var grid: ScalarGrid
  public var levels: ContourLevels
  /// Fills the bands between levels with colormap colours.
  public var filled: Bool
  /// Draws the level lines.
  public var lines: Bool
  public var colormap: Colormap
  /// Line colour; nil means dark grey over fills, colormap colours without fills.
  public var lineColor: Color?
  public var lineWidth: Double
  /// Writes each level's value on its line (matplotlib's `clabel`).
  public var inlineLabels: Bool
  public var colorbar: Colorbar?
  public var opacity: Double

  public init(
    label: String? = nil, grid: ScalarGrid, levels: ContourLevels = .automatic(count: 8),
    filled: Bool = true, lines: Bool = true, colormap: Colormap = .viridis,
    lineColor: Color? = nil, lineWidth: Double = 0.7, inlineLabels: Bool = true,
    colorbar: Colorbar? = Colorbar(), opacity: Double = 1
  ) {
    self.label = label
    self.grid = grid
    self.levels = levels
    self.filled = filled
    self.lines = lines
    self.colormap = colormap
    self.lineColor = lineColor
    self.lineWidth = lineWidth
    self.inlineLabels = inlineLabels
    self.colorbar = colorbar
    self.opacity = opacity
  }
}

/// A grid of cells coloured by value (an image), e.g. accuracy over a learning-rate × batch-size
/// sweep. `grid.x`/`grid.y` are cell centres.
public struct HeatmapSeries: Sendable, Equatable {
  public var label: String?
  public var grid: ScalarGrid
  public var colormap: Colormap
  /// Values mapped to the colormap's ends; nil uses the data's range.
  public var range: ClosedRange<Double>?
  /// Colours follow log10 of the value.
  public var logarithmic: Bool
  /// Writes each cell's value in it.
  public var showValues: Bool
  /// Decimals of the values written in cells (one format for the whole grid); nil writes three
  /// significant digits.
  public var valueDecimals: Int?
  public var colorbar: Colorbar?

  public init(
    label: String? = nil, grid: ScalarGrid, colormap: Colormap = .viridis,
    range: ClosedRange<Double>? = nil, logarithmic: Bool = false, showValues: Bool = false,
    valueDecimals: Int? = nil, colorbar: Colorbar? = Colorbar()
  ) {
    self.valueDecimals = valueDecimals
    self.label = label
    self.grid = grid
    self.colormap = colormap
    self.range = range
    self.logarithmic = logarithmic
    self.showValues = showValues
    self.colorbar = colorbar
  }
}

/// How a histogram divides its range.
public enum HistogramBins: Sendable, Equatable {
  /// numpy's "auto": the larger bin count of the Sturges and Freedman–Diaconis rules.
  case automatic
  case count(Int)
  /// Explicit, increasing bin edges.
  case edges([Double])
}

/// Counts of values in bins, drawn as adjacent bars (matplotlib's `hist`).
public struct HistogramSeries: Sendable, Equatable {
  public var label: String?
  public var values: [Double]
  public var bins: HistogramBins
  public var color: Color
  public var opacity: Double
  /// Normalises so the bars' total area is 1.
  public var density: Bool
  /// Draws the outline only (`histtype="step"`), for overlaying several distributions.
  public var outline: Bool

  public init(
    label: String? = nil, values: [Double], bins: HistogramBins = .automatic, color: Color,
    opacity: Double = 0.6, density: Bool = false, outline: Bool = false
  ) {
    self.label = label
    self.values = values
    self.bins = bins
    self.color = color
    self.opacity = opacity
    self.density = density
    self.outline = outline
  }
}

/// A median line over a shaded band between two percentiles, over time (the BN paper's
/// Figure 1: 15th, 50th and 85th percentiles of a unit's input distribution).
public struct PercentileBandSeries: Sendable, Equatable {
  public var label: String?
  public var x: [Double]
  public var lower: [Double]
  public var median: [Double]
  public var upper: [Double]
  public var color: Color
  public var opacity: Double
  public var width: Double

  public init(
    label: String? = nil, x: [Double], lower: [Double], median: [Double], upper: [Double],
    color: Color, opacity: Double = 0.25, width: Double = 1.5
  ) {
    self.label = label
    self.x = x
    self.lower = lower
    self.median = median
    self.upper = upper
    self.color = color
    self.opacity = opacity
    self.width = width
  }

  /// Percentiles (numpy's linear interpolation) of `samples[k]`, the values observed at `x[k]`;
  /// non-finite samples are ignored and an x with none gives a gap.
  public static func fromSamples(
    label: String? = nil, x: [Double], samples: [[Double]], lowerPercentile: Double = 15,
    upperPercentile: Double = 85, color: Color
  ) -> PercentileBandSeries {
    var lower: [Double] = []
    var median: [Double] = []
    var upper: [Double] = []
    for k in x.indices {
      let values = k < samples.count ? samples[k] : []
      lower.append(Statistics.percentile(values, lowerPercentile))
      median.append(Statistics.percentile(values, 50))
      upper.append(Statistics.percentile(values, upperPercentile))
    }
    return PercentileBandSeries(
      label: label, x: x, lower: lower, median: median, upper: upper, color: color)
  }
}

/// One coloured member of each bar group.
public struct BarGroup: Sendable, Equatable {
  public var label: String?
  /// One value per category; NaN leaves the bar out.
  public var values: [Double]
  /// Half-lengths of symmetric error bars (e.g. std over seeds); nil draws none.
  public var errors: [Double]?
  public var color: Color
  /// Written upright where a missing (NaN) bar would stand, so it does not read as zero
  /// (e.g. "diverged"); one per category, empty for none.
  public var missingLabels: [String]

  public init(
    label: String? = nil, values: [Double], errors: [Double]? = nil, color: Color,
    missingLabels: [String] = []
  ) {
    self.label = label
    self.values = values
    self.errors = errors
    self.color = color
    self.missingLabels = missingLabels
  }
}

/// Grouped bars: one group per category along x, one bar per `BarGroup` in each.
public struct BarSeries: Sendable, Equatable {
  public var categories: [String]
  public var groups: [BarGroup]
  /// Fraction of the category slot the group of bars fills.
  public var groupWidth: Double

  public init(categories: [String], groups: [BarGroup], groupWidth: Double = 0.8) {
    self.categories = categories
    self.groups = groups
    self.groupWidth = groupWidth
  }
}

/// A path through points with a start marker, an end marker and arrowheads showing direction,
/// e.g. an optimizer's trajectory over a loss contour.
public struct TrajectorySeries: Sendable, Equatable {
  public var label: String?
  public var x: [Double]
  public var y: [Double]
  public var color: Color
  public var width: Double
  /// Small dots at every point (each optimizer step).
  public var pointMarkers: Bool
  /// Number of arrowheads spread along the path (one at the end when 1).
  public var arrowheads: Int
  public var startMarker: MarkerShape?
  public var endMarker: MarkerShape?

  public init(
    label: String? = nil, x: [Double], y: [Double], color: Color, width: Double = 1.4,
    pointMarkers: Bool = true, arrowheads: Int = 3, startMarker: MarkerShape? = .circle,
    endMarker: MarkerShape? = .star
  ) {
    self.label = label
    self.x = x
    self.y = y
    self.color = color
    self.width = width
    self.pointMarkers = pointMarkers
    self.arrowheads = arrowheads
    self.startMarker = startMarker
    self.endMarker = endMarker
  }
}

/// A horizontal or vertical line across the panel (a target, chance level, an epoch boundary).
public struct ReferenceLine: Sendable, Equatable {
  public enum Orientation: Sendable, Equatable { case horizontal, vertical }
  public var label: String?
  public var orientation: Orientation
  public var value: Double
  public var color: Color
  public var width: Double
  public var dash: LineDash

  public init(
    label: String? = nil, _ orientation: Orientation, at value: Double, color: Color = .muted,
    width: Double = 1, dash: LineDash = .dashed
  ) {
    self.label = label
    self.orientation = orientation
    self.value = value
    self.color = color
    self.width = width
    self.dash = dash
  }
}

/// A second x scale along the top edge, a linear function of the first: e.g. epochs over a
/// step axis (`epochs = steps / stepsPerEpoch`), like matplotlib's `secondary_xaxis`.
public struct SecondaryAxis: Sendable, Equatable {
  public var label: String?
  /// secondary = primary × scale + offset; scale must be non-zero.
  public var scale: Double
  public var offset: Double

  public init(label: String? = nil, scale: Double, offset: Double = 0) {
    self.label = label
    self.scale = scale
    self.offset = offset
  }

  /// Epochs along the top of a step axis.
  public static func epochs(stepsPerEpoch: Double, label: String = "epoch") -> SecondaryAxis {
    SecondaryAxis(label: label, scale: stepsPerEpoch > 0 ? 1 / stepsPerEpoch : 1)
  }
}
