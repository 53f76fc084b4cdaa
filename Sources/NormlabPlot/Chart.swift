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
  /// When set, an × marks the last finite point and says the run diverged there.
  public var divergedAtX: Double?

  public init(
    label: String? = nil, x: [Double], y: [Double], color: Color, width: Double = 1.6,
    dash: LineDash = .solid, opacity: Double = 1, markers: Bool = false,
    divergedAtX: Double? = nil
  ) {
    self.label = label
    self.x = x
    self.y = y
    self.color = color
    self.width = width
    self.dash = dash
    self.opacity = opacity
    self.markers = markers
    self.divergedAtX = divergedAtX
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

/// Points drawn as dots.
public struct ScatterSeries: Sendable, Equatable {
  public var label: String?
  public var x: [Double]
  public var y: [Double]
  public var color: Color
  public var radius: Double
  public var opacity: Double

  public init(
    label: String? = nil, x: [Double], y: [Double], color: Color, radius: Double = 2,
    opacity: Double = 0.8
  ) {
    self.label = label
    self.x = x
    self.y = y
    self.color = color
    self.radius = radius
    self.opacity = opacity
  }
}

/// What an axes panel draws, in order (later series on top).
public enum Series: Sendable, Equatable {
  case line(LineSeries)
  case band(BandSeries)
  case scatter(ScatterSeries)

  /// Data points used for autoscaling and for legend placement.
  var points: [(Double, Double)] {
    switch self {
    case .line(let s): return Array(zip(s.x, s.y))
    case .band(let s): return Array(zip(s.x, s.lower)) + Array(zip(s.x, s.upper))
    case .scatter(let s): return Array(zip(s.x, s.y))
    }
  }

  var legendEntry: LegendEntry? {
    switch self {
    case .line(let s):
      return s.label.map { LegendEntry(label: $0, color: s.color, kind: .line(s.dash)) }
    case .band(let s):
      return s.label.map { LegendEntry(label: $0, color: s.color, kind: .patch) }
    case .scatter(let s):
      return s.label.map { LegendEntry(label: $0, color: s.color, kind: .marker) }
    }
  }
}

public struct LegendEntry: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case line(LineDash)
    case patch
    case marker
  }
  public var label: String
  public var color: Color
  public var kind: Kind
}

public enum LegendPlacement: Sendable, Equatable {
  case none
  /// The corner covering the fewest data points, or outside on the right when all are crowded.
  case best
  case upperRight, upperLeft, lowerLeft, lowerRight
  case outsideRight
}

/// A text note anchored at a data position.
public struct Annotation: Sendable, Equatable {
  public var text: String
  public var x: Double
  public var y: Double
  public var color: Color
  public var anchor: TextAnchor

  public init(text: String, x: Double, y: Double, color: Color = .text, anchor: TextAnchor = .bottomLeft) {
    self.text = text
    self.x = x
    self.y = y
    self.color = color
    self.anchor = anchor
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

  public init(
    title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
    xScale: ScaleKind = .linear, yScale: ScaleKind = .linear,
    xLimits: ClosedRange<Double>? = nil, yLimits: ClosedRange<Double>? = nil,
    series: [Series] = [], annotations: [Annotation] = [], legend: LegendPlacement = .best,
    grid: Bool = true
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

  public init(
    size: Size = Size(460.8, 288), title: String? = nil, panels: [Axes], columns: Int = 1,
    note: String? = nil
  ) {
    self.size = size
    self.title = title
    self.panels = panels
    self.columns = max(columns, 1)
    self.note = note
  }
}
