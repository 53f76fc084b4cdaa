import NormlabPlot
import RealModule

/// The series the report's charts compose: loss surfaces, probability and class maps, optimizer
/// paths, grouped bars and value heatmaps, each styled the same wherever it appears.
enum ReportSeries {
  /// A loss surface: light filled contours at logarithmic levels of the height above the
  /// minimum, with labelled level lines, so trajectories drawn on top stay readable.
  static func contour(x: [Double], y: [Double], values: [Double], logarithmic: Bool, colorbar: Bool) -> [Series] {
    // Heights within a hair of the minimum would add empty decades of levels: floor them at
    // the 2nd percentile (and at most five decades below the top).
    let positive = values.filter { $0 > 0 && $0.isFinite }.sorted()
    let top = positive.last ?? 1
    let floor = max(positive.isEmpty ? 1e-12 : positive[positive.count / 50], top * 1e-5)
    let grid = ScalarGrid(x: x, y: y, values: values.map { logarithmic ? max($0, floor) : $0 })
    return [
      .contour(ContourSeries(
        grid: grid, levels: logarithmic ? .logarithmic : .automatic(count: 10), filled: true, lines: true,
        colormap: .viridis, lineColor: Color(hex: 0x555555), lineWidth: 0.5, inlineLabels: true,
        colorbar: colorbar ? Colorbar(label: "loss above minimum") : nil, opacity: 0.45))
    ]
  }

  /// P(class 1) shaded blue (0) – white (0.5) – red (1) with the 0.5 level drawn as the
  /// decision boundary.
  static func probability(x: [Double], y: [Double], values: [Double]) -> [Series] {
    let grid = ScalarGrid(x: x, y: y, values: values)
    return [
      .contour(ContourSeries(
        grid: grid, levels: .values(stride(from: 0.0, through: 1.0, by: 0.1).map { $0 }), filled: true,
        lines: false, colormap: .rdBu.reversed(), inlineLabels: false,
        colorbar: Colorbar(label: "P(class 1)"), opacity: 0.8)),
      .contour(ContourSeries(
        label: "P = 0.5", grid: grid, levels: .values([0.5]), filled: false, lines: true,
        lineColor: .text, lineWidth: 1.4, inlineLabels: false, colorbar: nil)),
    ]
  }

  static func classColor(_ label: Int, of classes: Int) -> Color {
    classes == 2 ? Color(hex: label == 0 ? 0x2166AC : 0xB2182B) : Palette.color(label)
  }

  /// Predicted class regions in light class colours.
  static func classes(x: [Double], y: [Double], values: [Double], classes: Int) -> [Series] {
    let stops = (0..<max(classes, 2)).map { k -> UInt32 in
      let c = classColor(k, of: classes).lightened(0.6)
      return UInt32((c.red * 255).rounded()) << 16 | UInt32((c.green * 255).rounded()) << 8 | UInt32((c.blue * 255).rounded())
    }
    return [
      .heatmap(HeatmapSeries(
        grid: ScalarGrid(x: x, y: y, values: values), colormap: Colormap(name: "classes", stops: stops),
        range: 0...Double(max(classes - 1, 1)), colorbar: nil))
    ]
  }

  /// An optimizer's path with a marker per step, arrowheads, and start and end markers.
  static func trajectory(label: String, x: [Double], y: [Double], color: Color) -> [Series] {
    [.trajectory(TrajectorySeries(label: label, x: x, y: y, color: color, width: 1.4, pointMarkers: true, arrowheads: 3))]
  }

  /// Grouped bars, one category per variant, with ± std error bars.
  static func bars(groups: [(label: String, values: [Double], errors: [Double], color: Color)], categories: [String]) -> [Series] {
    [.bars(BarSeries(
      categories: categories,
      groups: groups.map { BarGroup(label: $0.label, values: $0.values, errors: $0.errors, color: $0.color) }))]
  }

  /// A grid of cells coloured by value, each labelled with its value.
  static func heatmap(x: [Double], y: [Double], values: [Double], label: String) -> [Series] {
    [.heatmap(HeatmapSeries(grid: ScalarGrid(x: x, y: y, values: values), colormap: .viridis, showValues: true, colorbar: Colorbar(label: label)))]
  }
}
