import NormlabExperiment
import NormlabPlot

/// A table as header, rows and relative column widths.
struct TableData: Sendable, Equatable {
  var header: [String]
  var rows: [[String]]
  var weights: [Double]?
}

/// The resolved configuration of every variant: what differs between variants, then the
/// settings every variant shares, leaving out keys that have no effect in any variant (no IDX
/// paths for a generated dataset, no Adam betas for SGD), so it fits a page.
enum ConfigurationTable {
  /// At most this many variants side by side; more are split into further tables.
  static let variantsPerTable = 4

  static func make(_ result: ExperimentResult) -> [TableData] {
    let strings = result.strings
    let variants = result.variants
    guard !variants.isEmpty else { return [] }
    // Each variant's value of each key as shown; a swept key shows the values its trials used.
    let shown: [[String: String]] = variants.map { variant in
      var row: [String: String] = [:]
      for spec in Schema.keys { row[spec.path] = display(spec.value(in: variant.settings)) }
      for key in result.sweepKeys {
        if let swept = sweptValues(of: key, variant: variant.name, in: result, strings: strings) { row[key] = swept }
      }
      return row
    }
    let applicable = Schema.keys.filter { spec in
      result.sweepKeys.contains(spec.path)
        || variants.contains { spec.reasonWithoutEffect(in: $0.settings) == nil }
    }.map(\.path)
    let differing = variants.count > 1 ? applicable.filter { key in Set(shown.map { $0[key] ?? "" }).count > 1 } : []
    let same = applicable.filter { !differing.contains($0) }
    var tables: [TableData] = []
    var start = 0
    while !differing.isEmpty && start < variants.count {
      let chunk = Array(start..<min(start + variantsPerTable, variants.count))
      tables.append(TableData(
        header: [strings[.differsBetweenVariants]] + chunk.map { variants[$0].label },
        rows: differing.map { key in [key] + chunk.map { shown[$0][key] ?? "—" } },
        weights: [1.5] + Array(repeating: 1.0, count: chunk.count)))
      start += variantsPerTable
    }
    if !same.isEmpty {
      tables.append(TableData(
        header: [strings[variants.count > 1 ? .sameForEveryVariant : .key], strings[.value]],
        rows: same.map { [$0, shown[0][$0] ?? "—"] }, weights: [1.5, 1.5]))
    }
    return tables
  }

  /// A value as the table shows it.
  static func display(_ value: ConfigValue) -> String {
    switch value {
    case .null: return "null"
    case .number(let d): return Format.number(d, digits: 6)
    default: return value.description
    }
  }

  /// The keys set on the command line, as `--set KEY=VALUE` flags would write them.
  static func commandLine(_ result: ExperimentResult) -> String? {
    guard !result.commandLineOverrides.isEmpty else { return nil }
    return result.commandLineOverrides.map { "--set \($0.key)=\($0.value)" }.joined(separator: " ")
  }

  /// "swept: 0.001, 0.01, 0.1" or "swept: 12 values, 0.00026 to 0.47"; nil when the variant's
  /// runs do not sweep `key`.
  static func sweptValues(of key: String, variant: String, in result: ExperimentResult, strings: ReportStrings) -> String? {
    var values: [ConfigValue] = []
    for run in result.runs where run.variant == variant && run.trial != nil {
      if let value = run.parameters[key], !values.contains(value) { values.append(value) }
    }
    guard !values.isEmpty else { return nil }
    let numbers = values.compactMap(\.doubleValue)
    if numbers.count == values.count {
      let sorted = numbers.sorted()
      if sorted.count <= 5 {
        return strings(.sweptList, sorted.map { Format.number($0, digits: 3) }.joined(separator: ", "))
      }
      return strings(
        .sweptRange, "\(sorted.count)", Format.number(sorted[0], digits: 3),
        Format.number(sorted[sorted.count - 1], digits: 3))
    }
    return values.count <= 5
      ? strings(.sweptList, values.map(\.description).joined(separator: ", ")) : strings(.sweptCount, "\(values.count)")
  }
}

/// The detailed final metrics per variant (or sweep trial).
enum MetricsTable {
  /// Epoch of the best test metric of one run: highest test accuracy, else lowest test loss.
  static func bestEpoch(_ run: RunRecord) -> Double? {
    let h = run.history
    let accuracy = h.testAccuracy.enumerated().compactMap { i, v in v.map { (i, $0) } }.filter { $0.1.isFinite }
    if let best = accuracy.max(by: { $0.1 < $1.1 }) { return h.epoch[best.0] }
    let loss = h.testLoss.enumerated().compactMap { i, v in v.map { (i, $0) } }.filter { $0.1.isFinite }
    return loss.min(by: { $0.1 < $1.1 }).map { h.epoch[$0.0] }
  }

  /// Wall-clock columns break byte-identical reports, so the PDF and the default summary leave
  /// them out; `compare` and custom summary templates can ask for them. Every metric carries its
  /// spread and 95% confidence interval; development-set metrics and the metrics the
  /// experiment's clauses name (steps to a target) get columns of their own.
  static func make(_ result: ExperimentResult, timing: Bool = false) -> TableData {
    let strings = result.strings
    let accuracy = SummaryCharts.hasAccuracy(result)
    let hasDev = result.runs.contains { $0.final.devLoss != nil }
    var metrics: [(String, ExpectMetric, Bool)] = [
      (strings[.trainLoss], .trainLoss, false), (strings[.testLoss], .testLoss, false),
    ]
    if accuracy { metrics.append((strings[.testAccuracyShort], .testAccuracy, true)) }
    if hasDev {
      metrics.append((strings[.devLoss], .devLoss, false))
      if accuracy { metrics.append((strings[.devAccuracyShort], .devAccuracy, true)) }
    }
    let standard = Set(metrics.map { $0.1.description })
    var extra: [String] = []
    for summary in result.variantSummaries {
      for key in summary.metrics.keys.sorted() where !standard.contains(key) && !extra.contains(key) && key.contains("_to(") {
        extra.append(key)
      }
    }
    var header = [strings[.variant], strings[.seedCount]] + metrics.map(\.0) + extra
    header += [strings[.bestEpoch], strings[.steps]]
    if timing { header += [strings[.wallSeconds], strings[.stepsPerSecond]] }
    header += [strings[.diverged]]
    let rows = RunGroup.groups(of: result).map { group -> [String] in
      let finals = group.runs.map(\.final)
      let summary = result.summary(of: group.variant, trial: group.trial)
      var row = [group.label, "\(finals.count)"]
      for (_, metric, percent) in metrics {
        row.append(Format.summary(summary?.metrics[metric.description], percent: percent, strings: strings))
      }
      for key in extra { row.append(Format.summary(summary?.metrics[key], strings: strings)) }
      let best = FinalStatistic(group.runs.map(bestEpoch))
      row.append(best.count > 0 ? Format.number(best.mean, digits: 3) : "—")
      row.append(Format.number(FinalStatistic(finals.map { Double($0.steps) }).mean, digits: 6))
      if timing {
        row.append(Format.number(FinalStatistic(finals.map(\.wallSeconds)).mean, digits: 3))
        row.append(Format.number(FinalStatistic(finals.map(\.stepsPerSecond)).mean, digits: 3))
      }
      row.append(strings(.countOf, "\(finals.filter(\.diverged).count)", "\(finals.count)"))
      return row
    }
    // Narrow count columns, wide metric cells (they wrap their interval onto a second line).
    let weights = [1.3, 0.35] + Array(repeating: 1.45, count: metrics.count + extra.count)
      + Array(repeating: 0.8, count: header.count - 3 - metrics.count - extra.count) + [1.0]
    return TableData(header: header, rows: rows, weights: weights)
  }
}

/// Per-class precision, recall and F1 on the test set, mean over seeds, for each variant of a
/// classifier (and the confusion matrix's accuracy).
enum ClassScoresTable {
  static func make(_ result: ExperimentResult) -> [TableData] {
    let strings = result.strings
    let groups = RunGroup.groups(of: result).filter { group in group.runs.contains { $0.classification != nil } }
    // A large search would give one table per trial: keep it to the first eight groups.
    return groups.prefix(8).compactMap { group in
      let records = group.runs.compactMap(\.classification)
      guard let first = records.first else { return nil }
      let classes = first.perClass.count
      let names = ClassNames.names(result.classNames, count: classes, strings: strings)
      func mean(_ value: (ClassScoreRecord) -> Double, _ row: Int?) -> String {
        let values = records.map { record -> Double? in
          guard let row else { return value(record.macroAverage) }
          return row < record.perClass.count ? value(record.perClass[row]) : nil
        }
        let stat = FinalStatistic(values)
        return stat.count > 0 ? Format.number(stat.mean, digits: 3) : "—"
      }
      var rows: [[String]] = (0..<min(classes, 30)).map { c in
        [names[c], mean(\.precision, c), mean(\.recall, c), mean(\.f1, c), "\(first.perClass[c].support)"]
      }
      if classes > 30 { rows.append([strings(.moreClasses, "\(classes - 30)"), "", "", "", ""]) }
      rows.append([strings[.macroAverage], mean(\.precision, nil), mean(\.recall, nil), mean(\.f1, nil), "\(first.macroAverage.support)"])
      let auc = FinalStatistic(records.map { $0.roc?.auc })
      let title = strings(records.count == 1 ? .classScoresTitleOne : .classScoresTitleMany, group.label, "\(records.count)")
        + (auc.count > 0 ? strings(.rocAUCSuffix, Format.number(auc.mean, digits: 3)) : "")
      return TableData(
        header: [title, strings[.precision], strings[.recall], strings[.f1], strings[.support]], rows: rows,
        weights: [2.2, 1, 1, 1, 1])
    }
  }
}

/// Names of classes for charts and tables: the data's own (`cat`, `dog`), else `class 0`, ….
enum ClassNames {
  static func names(_ given: [String]?, count: Int, strings: ReportStrings) -> [String] {
    (0..<count).map { index in given.flatMap { index < $0.count ? $0[index] : nil } ?? strings(.className, "\(index)") }
  }
}

/// Which data chose a search's best trial, said wherever a best trial is reported.
enum SelectionNote {
  static func text(_ result: ExperimentResult) -> String? {
    guard result.runs.contains(where: { $0.trial != nil }) else { return nil }
    switch BestTrial.selectionSet(of: result.runs) {
    case .development: return result.strings[.selectionDevelopment]
    case .test: return result.strings[.selectionTest]
    }
  }
}
