import NormlabExperiment
import NormlabPlot

/// How classifiers do class by class on the test set: confusion matrices (counts summed over
/// seeds, and normalised by row so each true class reads as its recall) and, for two classes,
/// ROC curves with their area under the curve.
enum ClassificationCharts {
  /// Variants drawn; the table in the report lists them all.
  static let maxVariants = 3
  static let maxClasses = 20

  /// The groups (variant, or best trial of a search) with a classification record.
  static func groups(_ result: ExperimentResult) -> [(Int, RunGroup)] {
    let all = RunGroup.groups(of: result).enumerated().filter { _, group in group.runs.contains { $0.classification != nil } }
    // A search shows the variant's first trial only: one matrix per variant is what reads.
    var seen = Set<String>()
    return all.filter { seen.insert($0.1.variant).inserted }.map { ($0.0, $0.1) }
  }

  static func confusionMatrix(_ result: ExperimentResult) -> Figure? {
    let strings = result.strings
    let chosen = Array(groups(result).prefix(maxVariants))
    guard !chosen.isEmpty else { return nil }
    var panels: [Axes] = []
    for (_, group) in chosen {
      let records = group.runs.compactMap(\.classification)
      guard let first = records.first else { continue }
      let k = first.confusion.count
      guard k >= 2, k <= maxClasses, records.allSatisfy({ $0.confusion.count == k }) else { continue }
      // Counts summed over seeds, [true][predicted].
      var counts = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
      for record in records {
        for t in 0..<k {
          for p in 0..<k where p < record.confusion[t].count { counts[t][p] += Double(record.confusion[t][p]) }
        }
      }
      let names = ClassNames.names(result.classNames, count: k, strings: strings)
      // Grid rows run from the bottom: the first class goes on top, as in scikit-learn.
      let cells = (0..<k).map(Double.init)
      func grid(_ value: (Int, Int) -> Double) -> ScalarGrid {
        ScalarGrid(x: cells, y: cells, values: (0..<k).flatMap { row in (0..<k).map { column in value(k - 1 - row, column) } })
      }
      let totals = counts.map { $0.reduce(0, +) }
      let seeds = records.count == 1 ? strings[.oneSeed] : strings(.seedsSummed, "\(records.count)")
      panels.append(Axes(
        title: strings(.countsPanel, group.label, seeds), xLabel: strings[.predictedClass], yLabel: strings[.trueClass],
        series: [.heatmap(HeatmapSeries(grid: grid { counts[$0][$1] }, colormap: .viridis, showValues: k <= 10, colorbar: nil))],
        legend: .none, grid: false, xCategories: names, yCategories: names.reversed()))
      panels.append(Axes(
        title: strings(.sharePanel, group.label), xLabel: strings[.predictedClass], yLabel: nil,
        series: [.heatmap(HeatmapSeries(
          grid: grid { totals[$0] > 0 ? counts[$0][$1] / totals[$0] : 0 }, colormap: .viridis, range: 0...1,
          showValues: k <= 10, colorbar: nil))],
        legend: .none, grid: false, xCategories: names, yCategories: names.reversed()))
    }
    guard !panels.isEmpty else { return nil }
    return Figure(
      size: Size(560, 250 * Double(panels.count / 2) + 40), title: strings[.confusionTitle],
      panels: panels, columns: 2,
      note: strings[.confusionNote])
  }

  static func roc(_ result: ExperimentResult) -> Figure? {
    let strings = result.strings
    var series: [Series] = [.line(LineSeries(x: [0, 1], y: [0, 1], color: Color.muted, width: 1, dash: .dashed))]
    var any = false
    for (position, (index, group)) in groups(result).prefix(6).enumerated() {
      let records = group.runs.compactMap(\.classification)
      let curves = records.compactMap(\.roc)
      guard let first = curves.first else { continue }
      any = true
      let color = ChartBuilder.color(of: group, index: index)
      // Every seed faintly, the first seed's curve drawn over them.
      for curve in curves.dropFirst() {
        series.append(.line(LineSeries(x: curve.falsePositiveRate, y: curve.truePositiveRate, color: color, width: 0.8, opacity: 0.35)))
      }
      let auc = FinalStatistic(curves.map(\.auc))
      let label = strings(
        .aucLabel, group.label,
        Format.number(auc.mean, digits: 3) + (auc.count > 1 ? " ± " + Format.number(auc.std, digits: 2) : ""))
      series.append(.line(LineSeries(
        label: label, x: first.falsePositiveRate, y: first.truePositiveRate, color: color, width: 1.8,
        dash: position % 2 == 0 ? .solid : .dashed)))
    }
    guard any else { return nil }
    return Figure(
      size: Size(420, 400), title: strings[.rocTitle],
      panels: [Axes(
        xLabel: strings[.falsePositiveRate], yLabel: strings[.truePositiveRate], xLimits: 0...1, yLimits: 0...1,
        series: series, legend: .lowerRight)],
      note: strings[.rocNote])
  }
}
