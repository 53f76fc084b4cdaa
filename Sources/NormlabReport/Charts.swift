import NormlabExperiment
import NormlabPlot
import RealModule

/// One chart of a report: its name (also its file name), figure and caption.
public struct ReportChart: Sendable {
  public var name: String
  public var figure: Figure
  public var caption: String
}

/// Builds the figures a report can show from a result alone (so `normlab report` re-renders
/// without training); each builder returns nil when the data does not support its chart.
public enum ChartBuilder {
  /// Every chart this result supports, in `names` order.
  public static func charts(for result: ExperimentResult, names: [String], captions: [String: String])
    -> [ReportChart]
  {
    names.compactMap { name in
      guard let figure = figure(named: name, result: result) else { return nil }
      return ReportChart(
        name: name, figure: figure,
        caption: captions[name] ?? ChartCaptions.caption(name, result: result))
    }
  }

  /// What each chart shows and what to look at, used when the template gives no caption.
  public static let defaultCaptions: [String: String] = defaultCaptions(.en)

  /// The built-in captions in one language.
  public static func defaultCaptions(_ strings: ReportStrings) -> [String: String] {
    let keys: [String: ReportStrings.Key] = [
      "loss": .captionLoss, "accuracy": .captionAccuracy, "learning_rate": .captionLearningRate,
      "ema": .captionEMA, "contours": .captionContours, "optimizer_paths": .captionOptimizerPaths, "decision_boundary": .captionDecisionBoundary,
      "percentiles": .captionPercentiles, "gradient_norms": .captionGradientNorms,
      "saturation": .captionSaturation, "final_metrics": .captionFinalMetrics, "sweep": .captionSweep,
      "confusion_matrix": .captionConfusionMatrix, "roc": .captionROC,
    ]
    return keys.mapValues { strings[$0] }
  }

  public static func figure(named name: String, result: ExperimentResult) -> Figure? {
    let strings = result.strings
    switch name {
    case "loss":
      return curves(
        result, train: \.trainLoss, test: \.testLoss, title: strings[.lossTitle], yLabel: strings[.lossAxis],
        logWhenWide: true)
    case "accuracy":
      return curves(
        result, train: \.trainAccuracy, test: \.testAccuracy, title: strings[.accuracyTitle],
        yLabel: strings[.accuracyAxis], logWhenWide: false)
    case "learning_rate": return learningRate(result)
    case "ema": return EMAChart.figure(strings)
    case "contours": return SurfaceCharts.contours(result)
    case "optimizer_paths": return SurfaceCharts.optimizerPaths(result.strings)
    case "decision_boundary": return SurfaceCharts.decisionBoundary(result)
    case "percentiles": return DiagnosticCharts.percentiles(result)
    case "gradient_norms": return DiagnosticCharts.gradientNorms(result)
    case "saturation": return DiagnosticCharts.saturation(result)
    case "final_metrics": return SummaryCharts.finalMetrics(result)
    case "sweep": return SummaryCharts.sweep(result)
    case "confusion_matrix": return ClassificationCharts.confusionMatrix(result)
    case "roc": return ClassificationCharts.roc(result)
    default: return nil
    }
  }

  /// The colour of a group: its own, or the palette's in group order.
  static func color(of group: RunGroup, index: Int) -> Color {
    group.color.flatMap { Color(hexString: $0) } ?? Palette.color(index)
  }

  /// True when a series changes direction often enough to be noise rather than a trend: more
  /// than a third of consecutive differences flip sign (a smooth curve flips rarely, white
  /// noise about two thirds of the time).
  static func isNoisy(_ values: [Double]) -> Bool {
    let finite = values.filter(\.isFinite)
    guard finite.count >= 12 else { return false }
    let differences = zip(finite.dropFirst(), finite).map { $0 - $1 }.filter { $0 != 0 }
    guard differences.count >= 10 else { return false }
    let flips = zip(differences.dropFirst(), differences).filter { ($0 > 0) != ($1 > 0) }.count
    return Double(flips) / Double(differences.count - 1) > 1.0 / 3
  }

  /// Train and test curves per group: mean over seeds, ± std band, × where runs diverged; a
  /// noisy mean is drawn faintly with its debiased moving average on top (as TensorBoard does).
  static func curves(
    _ result: ExperimentResult, train: KeyPath<HistoryRecord, [Double?]>,
    test: KeyPath<HistoryRecord, [Double?]>, title: String, yLabel: String, logWhenWide: Bool
  ) -> Figure? {
    let strings = result.strings
    let (groups, note) = RunGroup.displayed(of: result)
    guard !groups.isEmpty, groups.contains(where: { $0.runs.contains { !$0.history.step.isEmpty } }) else {
      return nil
    }
    // Different batch sizes take different numbers of steps per epoch: compared per step, the
    // small batches stretch the axis and the large ones are squeezed into its first pixels.
    let byEpoch = Set(groups.compactMap { VariantSettings.batchSize(of: $0, in: result) }).count > 1
      && groups.allSatisfy { $0.runs.allSatisfy { $0.history.epoch.count == $0.history.step.count } }
    var series: [Series] = []
    var allValues: [Double] = []
    var kinds = Set<String>()
    for (index, group) in groups.enumerated() {
      let color = color(of: group, index: index)
      let xs = group.runs.map { byEpoch ? $0.history.epoch : $0.history.step.map(Double.init) }
      var labelled = false
      for (path, dash, suffix) in [(train, LineDash.solid, strings[.train]), (test, LineDash.dashed, strings[.test])] {
        let stats = SeriesStatistics.of(group.runs.map { $0.history[keyPath: path] }, x: xs)
        guard stats.mean.contains(where: \.isFinite) else { continue }
        kinds.insert(suffix)
        allValues += stats.mean.filter(\.isFinite)
        if group.runs.count > 1 {
          let band = stats.band(result.report.band)
          series.append(.band(BandSeries(x: stats.x, lower: band.lower, upper: band.upper, color: color, opacity: 0.15)))
        }
        let diverged = group.runs.first(where: \.final.diverged)
        var shown = stats.mean
        if isNoisy(stats.mean) {
          series.append(.line(LineSeries(x: stats.x, y: stats.mean, color: color, width: 0.8, dash: dash, opacity: 0.3)))
          shown = Smoothing.exponentialMovingAverage(stats.mean, weight: 0.6)
        }
        // Colour names the variant and the dash says train or test: one legend entry per
        // variant plus two for the dashes, not two per variant.
        series.append(
          .line(LineSeries(
            label: labelled ? nil : group.label, x: stats.x, y: shown, color: color,
            width: 1.6, dash: dash,
            divergedAtX: diverged.map { byEpoch ? $0.final.epochs : Double($0.final.divergedAtStep ?? 0) })))
        labelled = true
      }
    }
    guard !series.isEmpty, !allValues.isEmpty else { return nil }
    if kinds.count == 2 {
      for (name, dash) in [(strings[.train], LineDash.solid), (strings[.test], LineDash.dashed)] {
        series.append(.line(LineSeries(label: name, x: [], y: [], color: .muted, width: 1.6, dash: dash)))
      }
    }
    let positive = allValues.filter { $0 > 0 }
    let wide = logWhenWide && positive.count == allValues.count
      && (positive.max() ?? 1) / max(positive.min() ?? 1, 1e-300) > 100
    var axes = Axes(
      title: nil, xLabel: strings[byEpoch ? .epochAxis : .stepAxis], yLabel: yLabel + (wide ? strings[.logScaleSuffix] : ""),
      yScale: wide ? .log : .linear, series: series, legend: .best)
    axes.divergedLabel = strings[.divergedLegend]
    let epochNote = byEpoch ? strings[.perEpochNote] : nil
    let notes = [note, epochNote].compactMap { $0 }
    return Figure(
      title: strings(.figureTitle, title, ReportProse.plain(result.title)), panels: [axes],
      note: notes.isEmpty ? nil : notes.joined(separator: " "))
  }

  /// The schedule of every group whose learning rate changes (a constant rate says nothing).
  static func learningRate(_ result: ExperimentResult) -> Figure? {
    let groups = RunGroup.displayed(of: result).groups
    var series: [Series] = []
    var varies = false
    var values: [Double] = []
    for (index, group) in groups.enumerated() {
      guard let run = group.runs.first else { continue }
      let rates = run.history.learningRate.map { $0 ?? .nan }
      let finite = rates.filter(\.isFinite)
      guard let low = finite.min(), let high = finite.max() else { continue }
      if high > low * (1 + 1e-9) { varies = true }
      values += finite
      series.append(.line(LineSeries(
        label: group.label, x: run.history.step.map(Double.init), y: rates,
        color: color(of: group, index: index))))
    }
    guard varies else { return nil }
    let positive = values.filter { $0 > 0 }
    let log = positive.count == values.count && (positive.max() ?? 1) / max(positive.min() ?? 1, 1e-300) > 100
    let strings = result.strings
    return Figure(
      title: strings(.figureTitle, strings[.learningRateTitle], ReportProse.plain(result.title)),
      panels: [Axes(
        xLabel: strings[.stepAxis], yLabel: strings[.learningRateAxis], yScale: log ? .log : .linear,
        series: series)])
  }
}
