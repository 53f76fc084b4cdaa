import NormlabExperiment
import NormlabPlot
import RealModule

/// Charts of final results: metrics per variant, and metrics against swept parameters.
enum SummaryCharts {
  /// Whether the runs are classifiers (they report an accuracy).
  static func hasAccuracy(_ result: ExperimentResult) -> Bool {
    result.runs.contains { $0.final.testAccuracy != nil || $0.final.trainAccuracy != nil }
  }

  static func finalMetrics(_ result: ExperimentResult) -> Figure? {
    let strings = result.strings
    let (groups, note) = RunGroup.displayed(of: result)
    guard !groups.isEmpty, groups.count <= 24 else { return nil }
    var metrics: [(String, KeyPath<FinalMetrics, Double?>, KeyPath<FinalMetrics, Double?>)] = [
      (strings[.finalLoss], \.trainLoss, \.testLoss)
    ]
    if hasAccuracy(result) { metrics.insert((strings[.finalAccuracy], \.trainAccuracy, \.testAccuracy), at: 0) }
    var panels: [Axes] = []
    for (title, train, test) in metrics {
      let trainStats = groups.map { FinalStatistic($0.runs.map { $0.final[keyPath: train] }) }
      let testStats = groups.map { FinalStatistic($0.runs.map { $0.final[keyPath: test] }) }
      let top = zip(trainStats, testStats).map { max($0.mean + $0.std, $1.mean + $1.std) }.filter(\.isFinite).max() ?? 1
      guard top > 0 else { continue }
      // A variant whose every run diverged has no final value: say so where its bar would be.
      let missing = zip(groups, trainStats).map { group, stat in
        stat.count > 0 ? "" : strings[group.runs.allSatisfy(\.final.diverged) ? .diverged : .noValue]
      }
      let series = ReportSeries.bars(
        groups: [
          (strings[.train], trainStats.map(\.mean), trainStats.map(\.std), Color(hex: 0x4477AA).lightened(0.45), missing),
          (strings[.test], testStats.map(\.mean), testStats.map(\.std), Color(hex: 0x4477AA), []),
        ], categories: groups.map(\.label))
      panels.append(Axes(
        title: title, yLabel: strings[.meanStd],
        yLimits: 0...(top * 1.22), series: series, legend: .best))
    }
    guard !panels.isEmpty else { return nil }
    // Long variant names need the full width: stack the panels then.
    let labelLength = groups.map(\.label.count).reduce(0, +)
    let stacked = panels.count > 1 && labelLength * 2 > 48
    return Figure(
      size: Size(640, stacked ? 200 * Double(panels.count) : 288), title: strings[.finalMetricsTitle], panels: panels,
      columns: stacked ? 1 : panels.count, note: note)
  }

  /// True for averaging coefficients (betas) close to 1 that span decades of 1 − beta: they read
  /// best as 1 − beta on a log axis (0.9, 0.99, 0.999 evenly spaced), as the notes sample them.
  static func oneMinus(_ key: String, _ values: [Double]) -> Bool {
    guard key.contains("beta"), !values.isEmpty, values.allSatisfy({ $0 >= 0 && $0 < 1 }),
      let low = values.min(), let high = values.max()
    else { return false }
    return (1 - low) / (1 - high) >= 10
  }

  /// True for keys whose values are usually read on a log scale, or values spanning decades.
  static func logarithmic(_ key: String, _ values: [Double]) -> Bool {
    let positive = values.filter { $0 > 0 }
    guard positive.count == values.count, let low = positive.min(), let high = positive.max() else { return false }
    if key.hasSuffix("lr") || key.contains("learning_rate") || key.contains("weight_decay") { return high > low }
    return high / low >= 100
  }

  /// The metric a sweep is judged by: test accuracy for classifiers, else test loss.
  static func sweepMetric(_ result: ExperimentResult) -> SweepMetric {
    let strings = result.strings
    return hasAccuracy(result)
      ? SweepMetric(name: strings[.testAccuracyMetric], lowerIsBetter: false, value: { $0.testAccuracy })
      : SweepMetric(name: strings[.testLossMetric], lowerIsBetter: true, value: { $0.testLoss })
  }

  /// The final metric a search is judged by, its name in the report's language, and which way
  /// is better.
  struct SweepMetric {
    var name: String
    var lowerIsBetter: Bool
    var value: (FinalMetrics) -> Double?
  }

  static func sweep(_ result: ExperimentResult) -> Figure? {
    let keys = result.sweepKeys
    guard !keys.isEmpty else { return nil }
    let groups = RunGroup.groups(of: result).filter { $0.trial != nil }
    guard !groups.isEmpty else { return nil }
    let strings = result.strings
    let metric = sweepMetric(result)
    func value(_ group: RunGroup, _ key: String) -> Double? {
      group.runs.first.flatMap { VariantSettings.sweptNumber(key, of: $0) }
    }
    var variants: [String] = []
    for group in groups where !variants.contains(group.variant) { variants.append(group.variant) }
    if keys.count >= 2 && variants.count > 1 {
      return searchComparison(
        groups: groups, variants: variants, keys: Array(keys.prefix(2)), metric: metric, strings: strings,
        value: value)
    }
    if keys.count >= 2 {
      return heatmap(result, groups: groups, keys: Array(keys.prefix(2)), metric: metric, value: value)
    }
    let key = keys[0]
    var series: [Series] = []
    var xs: [Double] = []
    for (index, variant) in variants.enumerated() {
      let points = groups.filter { $0.variant == variant }.compactMap { group -> (Double, FinalStatistic)? in
        guard let x = value(group, key) else { return nil }
        return (x, FinalStatistic(group.runs.map { metric.value($0.final) }))
      }.sorted { $0.0 < $1.0 }
      guard !points.isEmpty else { continue }
      xs += points.map(\.0)
      let color = groups.first { $0.variant == variant }.map { ChartBuilder.color(of: $0, index: index) } ?? Palette.color(index)
      let label = groups.first { $0.variant == variant }?.runs.first?.label ?? variant
      if isGrid(points.map(\.0), log: logarithmic(key, points.map(\.0))) {
        series.append(.band(BandSeries(
          x: points.map(\.0), lower: points.map { $0.1.mean - $0.1.std }, upper: points.map { $0.1.mean + $0.1.std },
          color: color, opacity: 0.15)))
        series.append(.line(LineSeries(label: label, x: points.map(\.0), y: points.map(\.1.mean), color: color, markers: true)))
      } else {
        // Random trials: a band between them would invent values in the gaps.
        series.append(.scatter(ScatterSeries(
          label: label, x: points.map(\.0), y: points.map(\.1.mean), color: color, radius: 3, opacity: 1,
          markerShape: ReportSeries.classShape(index), yErrors: points.map { $0.1.std.isFinite ? $0.1.std : 0 })))
      }
    }
    guard !series.isEmpty else { return nil }
    let name = SettingNames.name(key, strings)
    return Figure(
      title: strings(.sweepTitle, metric.name, name),
      panels: [Axes(
        xLabel: name, yLabel: strings(.finalOf, metric.name), xScale: logarithmic(key, xs) ? .log : .linear,
        series: series, legend: variants.count > 1 ? .best : .none)],
      note: strings[.sweepNote])
  }

  /// True when the values sit on an even grid (linear or, for log axes, in log space): a line
  /// may join them; random draws are drawn as separate points.
  static func isGrid(_ values: [Double], log: Bool) -> Bool {
    let sorted = Array(Set(values)).sorted().map { log && $0 > 0 ? Double.log10($0) : $0 }
    guard sorted.count >= 3, let first = sorted.first, let last = sorted.last, last > first else { return true }
    let step = (last - first) / Double(sorted.count - 1)
    return sorted.enumerated().allSatisfy { k, v in abs(v - (first + Double(k) * step)) <= 0.02 * step }
  }

  /// Searches of different variants over the same two keys (a grid beside a random search):
  /// one panel per variant on shared axes and one colour scale, the best trial ringed.
  static func searchComparison(
    groups: [RunGroup], variants: [String], keys: [String], metric: SweepMetric, strings: ReportStrings,
    value: (RunGroup, String) -> Double?
  ) -> Figure? {
    let shown = Array(variants.prefix(4))
    var trialsByVariant: [(label: String, cells: [(Double, Double, Double)], best: (Double, Double, Double)?)] = []
    for variant in shown {
      let trials = groups.filter { $0.variant == variant }
      func cell(_ group: RunGroup) -> (Double, Double, Double)? {
        guard let a = value(group, keys[0]), let b = value(group, keys[1]) else { return nil }
        return (a, b, FinalStatistic(group.runs.map { metric.value($0.final) }).mean)
      }
      // The same best trial as `expect:` clauses and the curve charts pick.
      let winner = BestTrial.find(in: trials.flatMap(\.runs), value: metric.value, lowerIsBetter: metric.lowerIsBetter)
      let best = trials.first { $0.trial == winner?.trial }.flatMap(cell)
      trialsByVariant.append((trials.first?.runs.first?.label ?? variant, trials.compactMap(cell), best))
    }
    let all = trialsByVariant.flatMap(\.cells)
    let finite = all.map(\.2).filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else { return nil }
    // Betas near 1 are drawn as 1 − beta on a log axis.
    let flipX = oneMinus(keys[0], all.map(\.0))
    let flipY = oneMinus(keys[1], all.map(\.1))
    func x(_ v: Double) -> Double { flipX ? 1 - v : v }
    func y(_ v: Double) -> Double { flipY ? 1 - v : v }
    let logX = flipX || logarithmic(keys[0], all.map(\.0))
    let logY = flipY || logarithmic(keys[1], all.map(\.1))
    let xLabel = flipX ? SettingNames.oneMinus(keys[0], strings) : SettingNames.name(keys[0], strings)
    let yLabel = flipY ? SettingNames.oneMinus(keys[1], strings) : SettingNames.name(keys[1], strings)
    var panels: [Axes] = []
    for (label, cells, best) in trialsByVariant {
      var series: [Series] = [
        .scatter(ScatterSeries(
          x: cells.map { x($0.0) }, y: cells.map { y($0.1) }, color: .text, radius: 5, opacity: 1,
          colorValues: cells.map(\.2), colorRange: low...high,
          colorbar: Colorbar(label: strings(.finalOf, metric.name))))
      ]
      if let best {
        // A ring around the best trial, over its own colour.
        series.append(.scatter(ScatterSeries(
          label: strings[.bestTrial], x: [x(best.0)], y: [y(best.1)], color: .text, radius: 9, opacity: 1,
          filled: false)))
      }
      let bestText = best.map { strings(.bestValue, Format.number($0.2, digits: 3)) } ?? strings[.noFiniteTrial]
      panels.append(Axes(
        title: strings(.searchPanelTitle, label, "\(cells.count)", bestText), xLabel: xLabel, yLabel: yLabel,
        xScale: logX ? .log : .linear, yScale: logY ? .log : .linear, series: series, legend: .none))
    }
    return Figure(
      size: Size(640, 300),
      title: strings(.searchTitle, metric.name, SettingNames.name(keys[0], strings), SettingNames.name(keys[1], strings)),
      panels: panels, columns: min(panels.count, 2),
      note: strings[.searchNote],
      shareX: true, shareY: true)
  }

  /// Two swept parameters: the metric per (a, b) cell, mean over seeds; a random search gives
  /// scattered points instead of a grid.
  static func heatmap(
    _ result: ExperimentResult, groups: [RunGroup], keys: [String], metric: SweepMetric,
    value: (RunGroup, String) -> Double?
  ) -> Figure? {
    let strings = result.strings
    let names = (SettingNames.name(keys[0], strings), SettingNames.name(keys[1], strings))
    let firstVariant = groups[0].variant
    let trials = groups.filter { $0.variant == firstVariant }
    let cells = trials.compactMap { group -> (Double, Double, Double)? in
      guard let a = value(group, keys[0]), let b = value(group, keys[1]) else { return nil }
      return (a, b, FinalStatistic(group.runs.map { metric.value($0.final) }).mean)
    }
    guard !cells.isEmpty else { return nil }
    let xs = Array(Set(cells.map(\.0))).sorted()
    let ys = Array(Set(cells.map(\.1))).sorted()
    let logX = logarithmic(keys[0], xs)
    let logY = logarithmic(keys[1], ys)
    func coordinate(_ v: Double, _ log: Bool) -> Double { log ? Double.log10(v) : v }
    var series: [Series]
    if xs.count * ys.count == cells.count, xs.count >= 2, ys.count >= 2 {
      var values = [Double](repeating: .nan, count: xs.count * ys.count)
      for (a, b, v) in cells {
        if let i = xs.firstIndex(of: a), let j = ys.firstIndex(of: b) { values[j * xs.count + i] = v }
      }
      series = ReportSeries.heatmap(
        x: xs.indices.map(Double.init), y: ys.indices.map(Double.init), values: values, label: strings(.finalOf, metric.name))
      let axes = Axes(
        xLabel: names.0, yLabel: names.1, series: series, legend: .none, grid: false,
        xCategories: xs.map { Format.number($0, digits: 3) }, yCategories: ys.map { Format.number($0, digits: 3) })
      return Figure(
        title: strings(.gridTitle, metric.name, names.0, names.1), panels: [axes],
        note: strings(.gridNote, groups[0].runs.first?.label ?? firstVariant))
    }
    let values = cells.map(\.2)
    let finite = values.filter(\.isFinite)
    let low = finite.min() ?? 0
    let high = finite.max() ?? 1
    series = [
      .scatter(ScatterSeries(
        x: cells.map(\.0), y: cells.map(\.1), color: .text, radius: 5, opacity: 1, colorValues: values,
        colorRange: low...max(high, low), colorbar: Colorbar(label: strings(.finalOf, metric.name))))
    ]
    let lowerIsBetter = metric.lowerIsBetter
    if let best = cells.filter({ $0.2.isFinite }).min(by: { lowerIsBetter ? $0.2 < $1.2 : $0.2 > $1.2 }) {
      series.append(.scatter(ScatterSeries(
        x: [best.0], y: [best.1], color: .text, radius: 9, opacity: 1, filled: false)))
    }
    return Figure(
      title: strings(.gridTitle, metric.name, names.0, names.1),
      panels: [Axes(
        xLabel: names.0, yLabel: names.1, xScale: logX ? .log : .linear,
        yScale: logY ? .log : .linear, series: series, legend: .none)],
      note: strings[.scatterGridNote])
  }
}
