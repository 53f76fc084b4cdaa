import NormlabExperiment
import NormlabPlot
import RealModule

/// One chart of a report: its name (also its file name), figure and caption.
public struct ReportChart: Sendable {
  public var name: String
  public var figure: Figure
  public var caption: String
}

/// Builds the figures a report can show from a result; each builder returns nil when the data
/// does not support its chart.
public enum ChartBuilder {
  /// Every chart this result supports, in `names` order.
  public static func charts(for result: ExperimentResult, names: [String], captions: [String: String])
    -> [ReportChart]
  {
    names.compactMap { name in
      guard let figure = figure(named: name, result: result) else { return nil }
      return ReportChart(name: name, figure: figure, caption: captions[name] ?? defaultCaptions[name] ?? "")
    }
  }

  public static let defaultCaptions: [String: String] = [
    "loss": "Training (solid) and test (dashed) loss, mean over seeds with a band of ± one standard deviation.",
    "accuracy": "Training (solid) and test (dashed) accuracy, mean over seeds with a band of ± one standard deviation.",
  ]

  public static func figure(named name: String, result: ExperimentResult) -> Figure? {
    switch name {
    case "loss": return curves(result, train: \.trainLoss, test: \.testLoss, title: "Loss", yLabel: "loss", logWhenWide: true)
    case "accuracy":
      return curves(result, train: \.trainAccuracy, test: \.testAccuracy, title: "Accuracy", yLabel: "accuracy", logWhenWide: false)
    default: return nil
    }
  }

  /// The colour of a group: its own, or the palette's in group order.
  static func color(of group: RunGroup, index: Int) -> Color {
    group.color.flatMap { Color(hexString: $0) } ?? Palette.color(index)
  }

  /// Train and test curves per group: mean over seeds, ± std band, × where runs diverged.
  static func curves(
    _ result: ExperimentResult, train: KeyPath<HistoryRecord, [Double?]>,
    test: KeyPath<HistoryRecord, [Double?]>, title: String, yLabel: String, logWhenWide: Bool
  ) -> Figure? {
    let groups = RunGroup.groups(of: result)
    guard !groups.isEmpty, groups.contains(where: { $0.runs.contains { !$0.history.step.isEmpty } }) else {
      return nil
    }
    var series: [Series] = []
    var allValues: [Double] = []
    for (index, group) in groups.enumerated() {
      let color = color(of: group, index: index)
      let steps = group.runs.map { $0.history.step.map(Double.init) }
      for (path, dash, suffix) in [(train, LineDash.solid, "train"), (test, LineDash.dashed, "test")] {
        let stats = SeriesStatistics.of(group.runs.map { $0.history[keyPath: path] }, x: steps)
        guard stats.mean.contains(where: \.isFinite) else { continue }
        allValues += stats.mean.filter(\.isFinite)
        if group.runs.count > 1 {
          series.append(
            .band(BandSeries(
              x: stats.x, lower: zip(stats.mean, stats.std).map { $0 - $1 },
              upper: zip(stats.mean, stats.std).map { $0 + $1 }, color: color, opacity: 0.15)))
        }
        let diverged = group.runs.first(where: \.final.diverged)
        series.append(
          .line(LineSeries(
            label: "\(group.label) (\(suffix))", x: stats.x, y: stats.mean, color: color,
            width: 1.6, dash: dash,
            divergedAtX: diverged?.final.divergedAtStep.map(Double.init))))
      }
    }
    guard !series.isEmpty else { return nil }
    let positive = allValues.filter { $0 > 0 }
    let wide = logWhenWide && positive.count == allValues.count
      && (positive.max() ?? 1) / max(positive.min() ?? 1, 1e-300) > 100
    let axes = Axes(
      title: nil, xLabel: "step", yLabel: yLabel, yScale: wide ? .log : .linear,
      series: series, legend: .best)
    return Figure(title: "\(title) — \(result.title)", panels: [axes])
  }
}
