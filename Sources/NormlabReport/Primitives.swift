import NormlabPlot
import RealModule

/// Composite drawings (shaded grids, trajectories, bars) the report's charts share.
enum Primitives {
  /// Piecewise-linear colormap through `stops` at t in [0, 1].
  static func interpolate(_ stops: [UInt32], _ t: Double) -> Color {
    let clamped = t.isFinite ? min(max(t, 0), 1) : 0
    let position = clamped * Double(stops.count - 1)
    let i = min(Int(position), stops.count - 2)
    let f = position - Double(i)
    let a = Color(hex: stops[i])
    let b = Color(hex: stops[i + 1])
    return Color(red: a.red + (b.red - a.red) * f, green: a.green + (b.green - a.green) * f, blue: a.blue + (b.blue - a.blue) * f)
  }

  static let viridis: [UInt32] = [0x440154, 0x3B528B, 0x21918C, 0x5EC962, 0xFDE725]
  static let redBlue: [UInt32] = [0x2166AC, 0x67A9CF, 0xF7F7F7, 0xEF8A62, 0xB2182B]

  /// Cells of a grid given by centres, each filled with `color(value)`.
  static func cells(x: [Double], y: [Double], values: [Double], color: (Double) -> Color) -> [Series] {
    guard x.count >= 2, y.count >= 2 else { return [] }
    let dx = (x[x.count - 1] - x[0]) / Double(x.count - 1) / 2
    let dy = (y[y.count - 1] - y[0]) / Double(y.count - 1) / 2
    var series: [Series] = []
    series.reserveCapacity(values.count)
    for (j, yc) in y.enumerated() {
      for (i, xc) in x.enumerated() {
        let v = values[j * x.count + i]
        guard v.isFinite else { continue }
        // A hair of overlap hides anti-aliasing seams between neighbours.
        series.append(.band(BandSeries(
          x: [xc - dx * 1.02, xc + dx * 1.02], lower: [yc - dy * 1.02, yc - dy * 1.02],
          upper: [yc + dy * 1.02, yc + dy * 1.02], color: color(v), opacity: 1)))
      }
    }
    return series
  }

  /// A scalar field shaded by value (log10 when `logarithmic`).
  static func contour(x: [Double], y: [Double], values: [Double], logarithmic: Bool) -> [Series] {
    let transformed = values.map { logarithmic ? Double.log10(max($0, 1e-12)) : $0 }
    let finite = transformed.filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max(), high > low else { return [] }
    return cells(x: x, y: y, values: transformed) { interpolate(viridis, ($0 - low) / (high - low)).lightened(0.6) }
  }

  /// P(class 1) from blue (0) through white (0.5) to red (1).
  static func probability(x: [Double], y: [Double], values: [Double]) -> [Series] {
    cells(x: x, y: y, values: values) { interpolate(redBlue, $0).lightened(0.25) }
  }

  static func classColor(_ label: Int, of classes: Int) -> Color {
    classes == 2 ? Color(hex: label == 0 ? 0x2166AC : 0xB2182B) : Palette.color(label)
  }

  /// Predicted class regions in light class colours.
  static func classes(x: [Double], y: [Double], values: [Double], classes: Int) -> [Series] {
    cells(x: x, y: y, values: values) { classColor(Int($0.rounded()), of: classes).lightened(0.65) }
  }

  /// An optimizer's path: a line through its steps, a dot at the start and a star-like mark
  /// at the end.
  static func trajectory(label: String, x: [Double], y: [Double], color: Color) -> [Series] {
    guard let lastX = x.last, let lastY = y.last, let firstX = x.first, let firstY = y.first else { return [] }
    return [
      .line(LineSeries(label: label, x: x, y: y, color: color, width: 1.3, markers: true)),
      .scatter(ScatterSeries(x: [firstX], y: [firstY], color: color, radius: 4, opacity: 1)),
      .scatter(ScatterSeries(x: [lastX], y: [lastY], color: .black, radius: 3.2, opacity: 1)),
      .scatter(ScatterSeries(x: [lastX], y: [lastY], color: color, radius: 2.2, opacity: 1)),
    ]
  }

  /// Grouped bars at x = 0, 1, … with symmetric error bars.
  static func bars(groups: [(label: String, values: [Double], errors: [Double], color: Color)], categories: Int) -> [Series] {
    var series: [Series] = []
    let width = 0.8 / Double(max(groups.count, 1))
    for (g, group) in groups.enumerated() {
      for c in 0..<categories where c < group.values.count && group.values[c].isFinite {
        let left = Double(c) - 0.4 + Double(g) * width
        let value = group.values[c]
        series.append(.band(BandSeries(
          label: c == 0 ? group.label : nil, x: [left, left + width * 0.92], lower: [0, 0], upper: [value, value],
          color: group.color, opacity: 0.85)))
        let error = c < group.errors.count ? group.errors[c] : 0
        if error > 0, error.isFinite {
          let mid = left + width * 0.46
          series.append(.line(LineSeries(x: [mid, mid], y: [value - error, value + error], color: .text, width: 1)))
          series.append(.line(LineSeries(x: [mid - width * 0.15, mid + width * 0.15], y: [value + error, value + error], color: .text, width: 1)))
          series.append(.line(LineSeries(x: [mid - width * 0.15, mid + width * 0.15], y: [value - error, value - error], color: .text, width: 1)))
        }
      }
    }
    return series
  }

  /// A grid of coloured cells with colours following value.
  static func heatmap(x: [Double], y: [Double], values: [Double]) -> [Series] {
    let finite = values.filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else { return [] }
    return cells(x: x, y: y, values: values) { interpolate(viridis, high > low ? ($0 - low) / (high - low) : 0.5) }
  }
}

/// Debiased exponential moving average for smoothing noisy curves (TensorBoard's).
enum Smoothing {
  static func exponentialMovingAverage(_ values: [Double], weight: Double) -> [Double] {
    var last = 0.0
    var count = 0
    return values.map { y in
      guard y.isFinite else { return y }
      last = weight * last + (1 - weight) * y
      count += 1
      return last / (1 - Double.pow(weight, Double(count)))
    }
  }
}
