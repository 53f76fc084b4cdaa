import RealModule

/// Bar positions of a grouped bar chart: category k is centred at x = k.
enum BarGeometry {
  static func barWidth(of series: BarSeries) -> Double {
    series.groupWidth / Double(max(series.groups.count, 1))
  }

  static func center(category: Int, group: Int, of series: BarSeries) -> Double {
    let width = barWidth(of: series)
    return Double(category) - series.groupWidth / 2 + (Double(group) + 0.5) * width
  }
}

enum HistogramGeometry {
  /// Bar heights: counts, or densities (count / (total · bin width)) when asked.
  static func heights(_ series: HistogramSeries) -> [Double] {
    let edges = Statistics.histogramEdges(series.values, bins: series.bins)
    let counts = Statistics.histogramCounts(series.values, edges: edges)
    guard series.density else { return counts }
    let total = counts.reduce(0, +)
    guard total > 0 else { return counts }
    return counts.enumerated().map { k, c in
      let width = edges[k + 1] - edges[k]
      return width > 0 ? c / (total * width) : 0
    }
  }
}

enum HeatmapGeometry {
  /// Cell edges around centres: midpoints between neighbours, half a cell beyond the ends.
  static func edges(_ centres: [Double]) -> [Double] {
    guard centres.count >= 2 else {
      return centres.first.map { [$0 - 0.5, $0 + 0.5] } ?? []
    }
    var result = [centres[0] - (centres[1] - centres[0]) / 2]
    for k in 0..<(centres.count - 1) { result.append((centres[k] + centres[k + 1]) / 2) }
    let n = centres.count
    result.append(centres[n - 1] + (centres[n - 1] - centres[n - 2]) / 2)
    return result
  }
}

/// Maps values to colours for contours, heatmaps and their colorbar.
public struct ColorScale: Sendable, Equatable {
  public var colormap: Colormap
  public var lower: Double
  public var upper: Double
  public var logarithmic: Bool
  /// For filled contours: the level boundaries; each band gets one flat colour.
  public var levels: [Double]
  /// The levels are contour lines (no fill): level k of n is drawn at k / (n − 1) of the bar.
  public var lineLevels = false

  public init(
    colormap: Colormap, lower: Double, upper: Double, logarithmic: Bool = false,
    levels: [Double] = [], lineLevels: Bool = false
  ) {
    self.colormap = colormap
    self.lower = lower
    self.upper = upper
    self.logarithmic = logarithmic
    self.levels = levels
    self.lineLevels = lineLevels
  }

  /// Colour of contour line k of n (the map's light end is skipped: thin lines must read on white).
  public func lineColor(index: Int, count: Int) -> Color {
    let t = count > 1 ? Double(index) / Double(count - 1) : 0.5
    return colormap.color(at: t * 0.85)
  }

  /// Position of `value` on the scale, 0...1 (NaN for non-finite or, on a log scale, ≤ 0).
  public func fraction(_ value: Double) -> Double {
    guard value.isFinite else { return .nan }
    if levels.count >= 2 && !lineLevels {
      // Discrete bands: band k of n gets the colour at its middle, (k + 0.5) / n.
      let bands = levels.count - 1
      var band = 0
      while band < bands - 1, value >= levels[band + 1] { band += 1 }
      return (Double(band) + 0.5) / Double(bands)
    }
    if logarithmic {
      guard value > 0, lower > 0, upper > lower else { return .nan }
      return (Double.log10(value) - Double.log10(lower)) / (Double.log10(upper) - Double.log10(lower))
    }
    guard upper > lower else { return 0.5 }
    return (value - lower) / (upper - lower)
  }

  public func color(_ value: Double) -> Color { colormap.color(at: fraction(value)) }
}
