import NormlabPlot
import RealModule

/// The series the report's charts compose: loss surfaces, probability and class maps, optimizer
/// paths, grouped bars and value heatmaps, each styled the same wherever it appears.
enum ReportSeries {
  /// Levels for loss surfaces: steps of 1-2-5 per decade from `low` to `high`, or finer (R5,
  /// R10) or coarser steps, whichever gives closest to 12 levels, so a bowl shows 10-15 thin
  /// labelled contours whatever its depth.
  static func surfaceLevels(low: Double, high: Double) -> [Double] {
    guard low > 0, high > low, low.isFinite, high.isFinite else { return [] }
    let first = Int(Double.log10(low).rounded(.down))
    let last = Int(Double.log10(high).rounded(.up))
    guard last - first < 300 else { return [] }
    let steps: [[Double]] = [
      [1], [1, 3], [1, 2, 5], [1, 1.5, 2.5, 4, 6], [1, 1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.3, 8],
    ]
    var best: [Double] = []
    for multipliers in steps {
      var levels: [Double] = []
      for exponent in first...last {
        for m in multipliers {
          let value = m * Double.pow(10, Double(exponent))
          if value >= low * (1 - 1e-9), value <= high * (1 + 1e-9) { levels.append(value) }
        }
      }
      if best.isEmpty || abs(levels.count - 12) < abs(best.count - 12) { best = levels }
    }
    return best
  }

  /// viridis mixed two thirds toward white: a light, opaque fill under dark lines and paths
  /// (translucent bands would stack their opacity where regions nest).
  static let lightViridis = Colormap(
    name: "viridis-light",
    stops: Colormap.viridis.stops.map { stop in
      let c = Color(hex: stop).lightened(0.62)
      return UInt32((c.red * 255).rounded()) << 16 | UInt32((c.green * 255).rounded()) << 8
        | UInt32((c.blue * 255).rounded())
    })

  /// A loss surface: a light fill under thin labelled level lines at `levels` (shared by every
  /// panel of a figure, so one colour bar serves them all), so paths drawn on top stay readable.
  static func contour(
    x: [Double], y: [Double], values: [Double], levels: [Double], colorbar: Bool, strings: ReportStrings
  ) -> [Series] {
    let grid = ScalarGrid(x: x, y: y, values: values)
    return [
      .contour(ContourSeries(
        grid: grid, levels: .values(levels), filled: true, lines: true,
        colormap: lightViridis, lineColor: Color(hex: 0x555555), lineWidth: 0.45, inlineLabels: true,
        colorbar: colorbar ? Colorbar(label: strings[.lossAboveMinimum]) : nil, opacity: 1))
    ]
  }

  /// P(class 1) shaded blue (0) – white (0.5) – red (1), the 0.5 level drawn and labelled as
  /// the decision boundary; `positive` names class 1 on the colour bar.
  static func probability(x: [Double], y: [Double], values: [Double], positive: String, strings: ReportStrings) -> [Series] {
    let grid = ScalarGrid(x: x, y: y, values: values)
    return [
      .contour(ContourSeries(
        grid: grid, levels: .values(stride(from: 0.0, through: 1.0, by: 0.1).map { $0 }), filled: true,
        lines: false, colormap: .rdBu.reversed(), inlineLabels: false,
        colorbar: Colorbar(label: strings(.probabilityOf, positive)), opacity: 0.8)),
      .contour(ContourSeries(
        label: strings[.decisionBoundaryLegend], grid: grid, levels: .values([0.5]), filled: false,
        lines: true, lineColor: .text, lineWidth: 1.4, inlineLabels: true, colorbar: nil)),
    ]
  }

  /// Marker shapes by class: readable in grey and without colour vision.
  static let classShapes: [MarkerShape] = [.circle, .triangle, .square, .diamond, .star, .plus, .cross]

  static func classShape(_ label: Int) -> MarkerShape {
    classShapes[((label % classShapes.count) + classShapes.count) % classShapes.count]
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

  /// An optimizer's path: a thin line with a small dot per step and two arrowheads; the shared
  /// start and the minimum are marked once by the chart, not per path.
  static func trajectory(label: String, x: [Double], y: [Double], color: Color) -> [Series] {
    [.trajectory(TrajectorySeries(
      label: label, x: x, y: y, color: color, width: 0.9, pointMarkers: true, arrowheads: 2,
      startMarker: nil, endMarker: nil))]
  }

  /// Grouped bars, one category per variant, with ± std error bars.
  static func bars(
    groups: [(label: String, values: [Double], errors: [Double], color: Color, missing: [String])],
    categories: [String]
  ) -> [Series] {
    [.bars(BarSeries(
      categories: categories,
      groups: groups.map {
        // A bar missing because every run diverged says so instead of reading as zero.
        BarGroup(
          label: $0.label, values: $0.values, errors: $0.errors, color: $0.color,
          missingLabels: $0.missing)
      }))]
  }

  /// A grid of cells coloured by value, each labelled with its value.
  static func heatmap(x: [Double], y: [Double], values: [Double], label: String) -> [Series] {
    [.heatmap(HeatmapSeries(grid: ScalarGrid(x: x, y: y, values: values), colormap: .viridis, showValues: true, colorbar: Colorbar(label: label)))]
  }
}
