import NormlabExperiment
import NormlabPlot

/// A table as header, rows and relative column widths.
struct TableData: Sendable, Equatable {
  var header: [String]
  var rows: [[String]]
  var weights: [Double]?
}

/// The resolved configuration of every variant: one row per key, one column per variant.
enum ConfigurationTable {
  /// At most this many variants side by side; more are split into further tables.
  static let variantsPerTable = 4

  /// The keys that differ between variants, one column per variant; then every other key
  /// once, with its common value.
  static func make(_ result: ExperimentResult) -> [TableData] {
    var variants = result.variants
    guard !variants.isEmpty else { return [] }
    // A swept key shows the values the variant's trials used, not its unswept default.
    for index in variants.indices {
      for key in result.sweepKeys {
        if let swept = sweptValues(of: key, variant: variants[index].name, in: result) {
          variants[index].values[key] = swept
        }
      }
    }
    let keys = Set(variants.flatMap { $0.values.keys }).sorted()
    let differing = variants.count > 1 ? keys.filter { key in Set(variants.map { $0.values[key] ?? "" }).count > 1 } : []
    let same = keys.filter { !differing.contains($0) }
    var tables: [TableData] = []
    var start = 0
    while !differing.isEmpty && start < variants.count {
      let chunk = Array(variants[start..<min(start + variantsPerTable, variants.count)])
      tables.append(TableData(
        header: ["differs between variants"] + chunk.map(\.label),
        rows: differing.map { key in [key] + chunk.map { $0.values[key] ?? "—" } },
        weights: [1.5] + Array(repeating: 1.0, count: chunk.count)))
      start += variantsPerTable
    }
    if !same.isEmpty {
      tables.append(TableData(
        header: [variants.count > 1 ? "same for every variant" : "key", "value"],
        rows: same.map { [$0, variants[0].values[$0] ?? "—"] }, weights: [1.5, 1.5]))
    }
    return tables
  }

  /// "swept: 0.001, 0.01, 0.1" or "swept: 12 values, 0.00026 to 0.47"; nil when the variant's
  /// runs do not sweep `key`.
  static func sweptValues(of key: String, variant: String, in result: ExperimentResult) -> String? {
    var values: [String] = []
    for run in result.runs where run.variant == variant && run.trial != nil {
      if let value = run.parameters[key], !values.contains(value) { values.append(value) }
    }
    guard !values.isEmpty else { return nil }
    let numbers = values.compactMap(Double.init)
    if numbers.count == values.count {
      let sorted = numbers.sorted()
      if sorted.count <= 5 {
        return "swept: " + sorted.map { Format.number($0, digits: 3) }.joined(separator: ", ")
      }
      return "swept: \(sorted.count) values, \(Format.number(sorted[0], digits: 3)) to \(Format.number(sorted[sorted.count - 1], digits: 3))"
    }
    return values.count <= 5 ? "swept: " + values.joined(separator: ", ") : "swept: \(values.count) values"
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
