import NormlabExperiment
import NormlabPlot
import RealModule

/// Charts over a plane: loss-surface contours with optimizer paths, decision boundaries.
enum SurfaceCharts {
  /// An optimizer's name in a legend; RMSprop and Adam are names in every language.
  static func optimizerName(_ key: String, _ strings: ReportStrings) -> String {
    switch key {
    case "gd": return strings[.gradientDescent]
    case "momentum": return strings[.momentum]
    case "rmsprop": return "RMSprop"
    case "adam": return "Adam"
    default: return key
    }
  }

  /// Cell centres of a grid spanning `range` with `count` points.
  static func axis(_ range: [Double], _ count: Int) -> [Double] {
    guard range.count == 2, count >= 2 else { return [] }
    return (0..<count).map { range[0] + (range[1] - range[0]) * Double($0) / Double(count - 1) }
  }

  static func contours(_ result: ExperimentResult) -> Figure? {
    guard let surfaces = result.analyses?.lossSurfaces, surfaces.count >= 1 else { return nil }
    return surfaceFigure(surfaces, title: result.strings[.surfaceTitle], strings: result.strings)
  }

  /// The optimizers on an elongated bowl that does not depend on the data.
  static func optimizerPaths(_ strings: ReportStrings) -> Figure? {
    guard let surface = LossSurface.illustration() else { return nil }
    let title = strings(.optimizerPathsTitle, Format.number(surface.conditionNumber, digits: 2))
    guard var figure = surfaceFigure([surface], title: title, strings: strings) else { return nil }
    figure.size = Size(420, 400)
    // The figure's title names the bowl; a panel title would repeat it.
    figure.panels[0].title = nil
    figure.note = strings[.optimizerPathsNote]
    return figure
  }

  static func surfaceFigure(_ surfaces: [LossSurfaceRecord], title: String, strings: ReportStrings) -> Figure? {
    var usable: [(LossSurfaceRecord, [Double], [Double], [Double])] = []
    for surface in surfaces {
      let x = axis(surface.xRange, surface.resolution)
      let y = axis(surface.yRange, surface.resolution)
      guard !x.isEmpty, !y.isEmpty, surface.values.count == x.count * y.count else { continue }
      // Height above the minimum spans decades: levels and colours follow it logarithmically.
      usable.append((surface, x, y, surface.values.map { max($0 - surface.minimumLoss, 0) }))
    }
    guard !usable.isEmpty else { return nil }
    // One set of levels for every panel, so one colour bar reads them all. Heights within a
    // hair of the minimum would add empty decades: floor at the 2nd percentile of each panel.
    var tops: [Double] = []
    var floors: [Double] = []
    for (_, _, _, excess) in usable {
      let positive = excess.filter { $0 > 0 && $0.isFinite }.sorted()
      guard let top = positive.last else { continue }
      tops.append(top)
      floors.append(max(positive[positive.count / 50], top * 1e-5))
    }
    let floor = floors.min() ?? 1e-3
    let levels = ReportSeries.surfaceLevels(low: floor, high: tops.max() ?? 1)
    var panels: [Axes] = []
    var unequalScales: [String] = []
    for (surface, x, y, excess) in usable {
      let spanX = surface.xRange[1] - surface.xRange[0]
      let spanY = surface.yRange[1] - surface.yRange[0]
      let equal = abs(spanX - spanY) <= 1e-4 * max(abs(spanX), abs(spanY))
      if !equal { unequalScales.append(strings[surface.inputs == "raw" ? .rawInputPanel : .normalizedInputPanel]) }
      var series = ReportSeries.contour(
        x: x, y: y, values: excess.map { max($0, floor) }, levels: levels, colorbar: true, strings: strings)
      var start: (Double, Double)?
      for (index, path) in surface.paths.enumerated() {
        if start == nil, let x0 = path.x.first, let y0 = path.y.first { start = (x0, y0) }
        series += ReportSeries.trajectory(
          label: optimizerName(path.optimizer, strings), x: path.x, y: path.y,
          color: pathColors[index % pathColors.count])
      }
      var notes: [Annotation] = []
      if let (x0, y0) = start {
        series.append(.scatter(ScatterSeries(
          label: strings[.start], x: [x0], y: [y0], color: .text, radius: 3.5, opacity: 1, edgeColor: .white)))
        notes.append(Annotation(text: strings[.start], x: x0, y: y0, anchor: .bottomLeft, arrowTo: nil))
      }
      series.append(.scatter(ScatterSeries(
        label: strings[.minimum], x: [surface.minimum[0]], y: [surface.minimum[1]], color: .text, radius: 5,
        opacity: 1, markerShape: .star, edgeColor: .white)))
      let illustration = surface.features.isEmpty
      let kind = strings[illustration ? .elongatedBowl : surface.inputs == "raw" ? .rawInputs : .normalizedInputs]
      panels.append(Axes(
        title: strings(.conditionNumber, kind, Format.number(surface.conditionNumber, digits: 2)),
        xLabel: illustration ? "w₁" : strings(.weightAxis, "w₁", "\(surface.features.first.map { $0 + 1 } ?? 1)"),
        yLabel: panels.isEmpty
          ? (illustration ? "w₂" : strings(.weightAxis, "w₂", "\(surface.features.last.map { $0 + 1 } ?? 2)")) : nil,
        xLimits: .checked(x[0], x[x.count - 1]), yLimits: .checked(y[0], y[y.count - 1]),
        series: series, annotations: notes, legend: .best, grid: false, aspect: equal ? 1 : nil))
    }
    return Figure(
      size: Size(640, 340), title: title, panels: panels,
      columns: panels.count,
      note: strings[.surfaceNote]
        + (unequalScales.isEmpty ? "" : strings(.unequalScalesNote, unequalScales.joined(separator: strings[.and]))),
      legend: .below)
  }

  /// Colours that stay visible over the light shading.
  static let pathColors = [Color(hex: 0x222222), Color(hex: 0xEE6677), Color(hex: 0x228833), Color(hex: 0x4477AA)]

  /// Train and test accuracy of a group's runs, mean over seeds, when both are known.
  static func accuracies(_ group: RunGroup) -> (train: Double, test: Double)? {
    let train = FinalStatistic(group.runs.map(\.final.trainAccuracy)).mean
    let test = FinalStatistic(group.runs.map(\.final.testAccuracy)).mean
    return train.isFinite && test.isFinite ? (train, test) : nil
  }

  static func decisionBoundary(_ result: ExperimentResult) -> Figure? {
    let strings = result.strings
    let groups = Array(RunGroup.displayed(of: result).groups.filter { $0.runs.contains { $0.boundary != nil } }.prefix(6))
    guard !groups.isEmpty else { return nil }
    var panels: [Axes] = []
    var ratio = 1.0
    for group in groups {
      guard let run = group.runs.first(where: { $0.boundary != nil }), let grid = run.boundary else { continue }
      let x = axis(grid.xRange, grid.resolution)
      let y = axis(grid.yRange, grid.resolution)
      guard !x.isEmpty, grid.values.count == x.count * y.count else { continue }
      ratio = (y[y.count - 1] - y[0]) / max(x[x.count - 1] - x[0], 1e-12)
      let sampleClasses = Set(result.dataSample?.label ?? []).sorted()
      let names = ClassNames.names(
        result.classNames, count: max(grid.classes, (sampleClasses.last ?? 0) + 1), strings: strings)
      var series: [Series] = grid.classes == 2
        ? ReportSeries.probability(x: x, y: y, values: grid.values, positive: names[1], strings: strings)
        : ReportSeries.classes(x: x, y: y, values: grid.values, classes: grid.classes)
      if let sample = result.dataSample {
        for label in sampleClasses where label >= 0 && label < names.count {
          let indices = sample.label.indices.filter { sample.label[$0] == label }
          // Shape and colour both name the class; a white rim keeps a point visible over a
          // region of its own colour.
          series.append(.scatter(ScatterSeries(
            label: names[label], x: indices.map { sample.x[$0] }, y: indices.map { sample.y[$0] },
            color: ReportSeries.classColor(label, of: max(grid.classes, sampleClasses.count)), radius: 2.9,
            opacity: 1, markerShape: ReportSeries.classShape(label), edgeColor: .white)))
        }
      }
      var title = group.label
      if let (train, test) = accuracies(group) {
        title += "\n" + strings(.trainTestAccuracy, percent(train), percent(test))
      }
      // The data's aspect, unless the features' scales differ so much that the plane would
      // be a line (the `scaled` dataset): then each axis fits its own feature.
      let keepAspect = ratio >= 0.25 && ratio <= 4
      panels.append(Axes(
        title: title, xLabel: "x₁", yLabel: "x₂",
        xLimits: .checked(x[0], x[x.count - 1]), yLimits: .checked(y[0], y[y.count - 1]), series: series,
        legend: .best, grid: false, aspect: keepAspect ? 1 : nil))
    }
    guard !panels.isEmpty else { return nil }
    let columns = DiagnosticCharts.columns(panels.count)
    let rows = (panels.count + columns - 1) / columns
    // Height from the data's aspect: plot width per column, times the ratio, plus labels.
    let width = panels.count == 1 ? 420.0 : 640
    let plotWidth = (width - 130) / Double(columns) - 45
    // Extra height keeps the plots usable when a printed page draws the figure narrower.
    let shown = ratio >= 0.25 && ratio <= 4 ? ratio : 1
    let rowHeight = min(max(plotWidth * shown, 90), 320) + 110
    return Figure(
      size: Size(width, 40 + rowHeight * Double(rows) + 30),
      title: strings[panels.count > 1 ? .decisionBoundaries : .decisionBoundary], panels: panels, columns: columns,
      // Every panel spans the same plane: tick labels on the outer panels leave the plots room.
      shareX: true, shareY: true, legend: .below)
  }

  static func percent(_ value: Double) -> String {
    // Whole percent: short enough for three panels on a printed page (the caption has the gaps).
    TickFormatter.format(value * 100, decimals: 0) + "%"
  }
}
