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
    let variants = result.variants
    guard !variants.isEmpty else { return [] }
    // Each variant's value of each key as shown; a swept key shows the values its trials used.
    let shown: [[String: String]] = variants.map { variant in
      var row: [String: String] = [:]
      for spec in Schema.keys { row[spec.path] = display(spec.value(in: variant.settings)) }
      for key in result.sweepKeys {
        if let swept = sweptValues(of: key, variant: variant.name, in: result) { row[key] = swept }
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
        header: ["differs between variants"] + chunk.map { variants[$0].label },
        rows: differing.map { key in [key] + chunk.map { shown[$0][key] ?? "—" } },
        weights: [1.5] + Array(repeating: 1.0, count: chunk.count)))
      start += variantsPerTable
    }
    if !same.isEmpty {
      tables.append(TableData(
        header: [variants.count > 1 ? "same for every variant" : "key", "value"],
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
  static func sweptValues(of key: String, variant: String, in result: ExperimentResult) -> String? {
    var values: [ConfigValue] = []
    for run in result.runs where run.variant == variant && run.trial != nil {
      if let value = run.parameters[key], !values.contains(value) { values.append(value) }
    }
    guard !values.isEmpty else { return nil }
    let numbers = values.compactMap(\.doubleValue)
    if numbers.count == values.count {
      let sorted = numbers.sorted()
      if sorted.count <= 5 {
        return "swept: " + sorted.map { Format.number($0, digits: 3) }.joined(separator: ", ")
      }
      return "swept: \(sorted.count) values, \(Format.number(sorted[0], digits: 3)) to \(Format.number(sorted[sorted.count - 1], digits: 3))"
    }
    return values.count <= 5 ? "swept: " + values.map(\.description).joined(separator: ", ") : "swept: \(values.count) values"
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
  /// them out; `compare` and custom summary templates can ask for them.
  static func make(_ result: ExperimentResult, timing: Bool = false) -> TableData {
    let accuracy = SummaryCharts.hasAccuracy(result)
    var header = ["variant", "train loss", "test loss"]
    if accuracy { header += ["test acc."] }
    header += ["best epoch", "steps"]
    if timing { header += ["wall s", "steps/s"] }
    header += ["diverged"]
    let rows = RunGroup.groups(of: result).map { group -> [String] in
      let finals = group.runs.map(\.final)
      var row = [
        group.label, Format.meanStd(FinalStatistic(finals.map(\.trainLoss))),
        Format.meanStd(FinalStatistic(finals.map(\.testLoss))),
      ]
      if accuracy { row.append(Format.meanStd(FinalStatistic(finals.map(\.testAccuracy)), percent: true)) }
      let best = FinalStatistic(group.runs.map(bestEpoch))
      row.append(best.count > 0 ? Format.number(best.mean, digits: 3) : "—")
      row.append(Format.number(FinalStatistic(finals.map { Double($0.steps) }).mean, digits: 6))
      if timing {
        row.append(Format.number(FinalStatistic(finals.map(\.wallSeconds)).mean, digits: 3))
        row.append(Format.number(FinalStatistic(finals.map(\.stepsPerSecond)).mean, digits: 3))
      }
      row.append("\(finals.filter(\.diverged).count) of \(finals.count)")
      return row
    }
    return TableData(header: header, rows: rows, weights: [1.5] + Array(repeating: 1.0, count: header.count - 1))
  }
}
