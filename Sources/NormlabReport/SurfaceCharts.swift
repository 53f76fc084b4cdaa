import NormlabExperiment
import NormlabPlot
import RealModule

/// Charts over a plane: loss-surface contours with optimizer paths, decision boundaries.
enum SurfaceCharts {
  static let optimizerNames = ["gd": "gradient descent", "momentum": "momentum", "rmsprop": "RMSprop", "adam": "Adam"]

  /// Cell centres of a grid spanning `range` with `count` points.
  static func axis(_ range: [Double], _ count: Int) -> [Double] {
    guard range.count == 2, count >= 2 else { return [] }
    return (0..<count).map { range[0] + (range[1] - range[0]) * Double($0) / Double(count - 1) }
  }

  static func contours(_ result: ExperimentResult) -> Figure? {
    guard let surfaces = result.analyses?.lossSurfaces, surfaces.count >= 1 else { return nil }
    var panels: [Axes] = []
    var unequalScales: [String] = []
    for surface in surfaces {
      let x = axis(surface.xRange, surface.resolution)
      let y = axis(surface.yRange, surface.resolution)
      guard !x.isEmpty, !y.isEmpty, surface.values.count == x.count * y.count else { continue }
      let spanX = surface.xRange[1] - surface.xRange[0]
      let spanY = surface.yRange[1] - surface.yRange[0]
      if abs(spanX - spanY) > 1e-4 * max(abs(spanX), abs(spanY)) {
        unequalScales.append(surface.inputs == "raw" ? "raw-input" : "normalized-input")
      }
      // Height above the minimum spans many decades: colour and level it logarithmically.
      let excess = surface.values.map { max($0 - surface.minimumLoss, 0) }
      var series = ReportSeries.contour(x: x, y: y, values: excess, logarithmic: true, colorbar: true)
      for (index, path) in surface.paths.enumerated() {
        series += ReportSeries.trajectory(
          label: optimizerNames[path.optimizer] ?? path.optimizer, x: path.x, y: path.y,
          color: pathColors[index % pathColors.count])
      }
      series.append(.scatter(ScatterSeries(x: [surface.minimum[0]], y: [surface.minimum[1]], color: .text, radius: 2.5, opacity: 1)))
      panels.append(Axes(
        title: (surface.inputs == "raw" ? "Raw inputs" : "Normalized inputs")
          + ", κ = \(Format.number(surface.conditionNumber, digits: 2))",
        xLabel: "w₁ (feature \(surface.features.first.map { $0 + 1 } ?? 1))",
        yLabel: panels.isEmpty ? "w₂ (feature \(surface.features.last.map { $0 + 1 } ?? 2))" : nil,
        xLimits: .checked(x[0], x[x.count - 1]), yLimits: .checked(y[0], y[y.count - 1]),
        series: series, legend: panels.isEmpty ? .lowerRight : .none, grid: false))
    }
    guard !panels.isEmpty else { return nil }
    return Figure(
      size: Size(640, 320), title: "Loss surface before and after input normalization", panels: panels,
      columns: panels.count,
      note: "κ: condition number of the Hessian. Least-squares loss of y ≈ w₁x₁ + w₂x₂ (y = ±1); contours at logarithmic heights above the minimum (black dot)."
        + (unequalScales.isEmpty ? "" : " The \(unequalScales.joined(separator: " and ")) axes have different scales: at equal scales that valley would be a line."))
  }

  /// Colours that stay visible over the light shading.
  static let pathColors = [Color(hex: 0x222222), Color(hex: 0xEE6677), Color(hex: 0x228833), Color(hex: 0x4477AA)]

  static func decisionBoundary(_ result: ExperimentResult) -> Figure? {
    let groups = Array(RunGroup.displayed(of: result).groups.filter { $0.runs.contains { $0.boundary != nil } }.prefix(6))
    guard !groups.isEmpty else { return nil }
    var panels: [Axes] = []
    for group in groups {
      guard let run = group.runs.first(where: { $0.boundary != nil }), let grid = run.boundary else { continue }
      let x = axis(grid.xRange, grid.resolution)
      let y = axis(grid.yRange, grid.resolution)
      guard !x.isEmpty, grid.values.count == x.count * y.count else { continue }
      var series: [Series] = grid.classes == 2
        ? ReportSeries.probability(x: x, y: y, values: grid.values)
        : ReportSeries.classes(x: x, y: y, values: grid.values, classes: grid.classes)
      if let sample = result.dataSample {
        let classes = Set(sample.label).sorted()
        for label in classes {
          let indices = sample.label.indices.filter { sample.label[$0] == label }
          // A white ring under each point keeps it visible over a region of its own colour.
          series.append(.scatter(ScatterSeries(
            x: indices.map { sample.x[$0] }, y: indices.map { sample.y[$0] }, color: .white, radius: 3.1, opacity: 1)))
          series.append(.scatter(ScatterSeries(
            label: panels.isEmpty ? "class \(label)" : nil, x: indices.map { sample.x[$0] }, y: indices.map { sample.y[$0] },
            color: ReportSeries.classColor(label, of: max(grid.classes, classes.count)), radius: 2.2, opacity: 0.95)))
        }
      }
      panels.append(Axes(
        title: group.label, xLabel: "x₁", yLabel: panels.isEmpty ? "x₂" : nil,
        xLimits: .checked(x[0], x[x.count - 1]), yLimits: .checked(y[0], y[y.count - 1]), series: series,
        legend: panels.isEmpty ? .upperRight : .none, grid: false))
    }
    guard !panels.isEmpty else { return nil }
    let columns = DiagnosticCharts.columns(panels.count)
    let rows = (panels.count + columns - 1) / columns
    return Figure(
      size: Size(panels.count == 1 ? 400 : 640, rows == 1 ? (panels.count == 1 ? 340 : 300) : 250 * Double(rows)),
      title: "Decision boundary", panels: panels, columns: columns)
  }
}
