/// `normlab report DIR --experiment FILE`: a result re-dressed with the current experiment
/// file's prose and report options, so editing the text never needs retraining. Only the parts
/// that do not change what was trained are taken from the file; when its training settings no
/// longer match the runs, the differences are listed and nothing is rendered.
public enum ReportRevision {
  /// Why the file cannot describe these results: one line per difference, naming keys.
  public static func differences(between result: ExperimentResult, and experiment: ExperimentFile) -> [String] {
    var found: [String] = []
    let resultNames = result.variants.map(\.name)
    let fileNames = experiment.variants.map(\.name)
    if resultNames != fileNames {
      found.append("variants: the results have \(list(resultNames)); the file has \(list(fileNames))")
      return found
    }
    if result.seeds != experiment.seeds {
      found.append("seeds: the results used \(list(result.seeds.map(String.init))); the file lists \(list(experiment.seeds.map(String.init)))")
    }
    if result.sweepKeys != experiment.sweepKeys {
      found.append("sweep: the results searched \(list(result.sweepKeys)); the file searches \(list(experiment.sweepKeys))")
    }
    // Run by run: the file's plan must hold every run the results hold, with the same settings.
    struct RunKey: Hashable {
      var variant: String
      var trial: Int?
      var seed: UInt64
    }
    var planned: [RunKey: ExperimentSettings] = [:]
    for run in experiment.plan() {
      planned[RunKey(variant: run.variant, trial: run.trial, seed: run.seed)] =
        result.quick ? QuickMode.apply(to: run.settings) : run.settings
    }
    var changed: [String: [String]] = [:]  // key → variants
    var missing = 0
    for run in result.runs {
      guard let settings = planned[RunKey(variant: run.variant, trial: run.trial, seed: run.seed)] else {
        missing += 1
        continue
      }
      let trained = result.settings(of: run)
      for spec in Schema.keys where spec.value(in: trained) != spec.value(in: settings) {
        if !(changed[spec.path]?.contains(run.variant) ?? false) { changed[spec.path, default: []].append(run.variant) }
      }
    }
    if missing > 0 {
      found.append("\(missing) of the \(result.runs.count) runs in the results are not in the file's plan")
    }
    for spec in Schema.keys {
      guard let variants = changed[spec.path] else { continue }
      let variant = variants[0]
      let before = result.variants.first { $0.name == variant }.map { spec.value(in: $0.settings) }
      let after = experiment.variants.first { $0.name == variant }.map { spec.value(in: experiment.settings(of: $0)) }
      var line = "`\(spec.path)`"
      if let before, let after, before != after {
        line += ": trained with \(before), the file says \(after)"
      }
      line += variants.count == experiment.variants.count ? " (every variant)" : " (variant\(variants.count == 1 ? "" : "s") \(list(variants)))"
      found.append(line)
    }
    return found
  }

  /// `result` with the file's title, description, report options, variant labels and colours,
  /// and its `expect:` clauses evaluated on the runs.
  public static func applying(
    _ experiment: ExperimentFile, to result: ExperimentResult, allowUnderpowered: Bool = false
  ) -> ExperimentResult {
    var revised = result
    revised.title = experiment.title
    revised.description = experiment.description
    revised.report = ReportRecord(
      template: experiment.report.template, charts: experiment.report.charts,
      exclude: experiment.report.exclude,
      sections: experiment.report.sections.map {
        ReportSectionRecord(heading: $0.heading, text: $0.text, charts: $0.charts)
      }, band: experiment.report.band, language: experiment.report.language)
    for index in revised.variants.indices {
      guard let variant = experiment.variants.first(where: { $0.name == revised.variants[index].name }) else { continue }
      revised.variants[index].label = variant.label
      revised.variants[index].color = variant.color
    }
    let plannedLabels = Dictionary(
      experiment.plan().map { ("\($0.variant)#\($0.trial ?? -1)", ($0.label, $0.color)) },
      uniquingKeysWith: { first, _ in first })
    for index in revised.runs.indices {
      let run = revised.runs[index]
      guard let (label, color) = plannedLabels["\(run.variant)#\(run.trial ?? -1)"] else { continue }
      revised.runs[index].label = label
      revised.runs[index].color = color
    }
    revised.expectClauses = experiment.expectations.map(\.text)
    // A partial result (one shard) has its clauses evaluated by `merge`, as after `run`.
    if result.shard == nil {
      revised.expectations = ExpectationEvaluator.evaluate(
        experiment.expectations, runs: result.runs, seeds: result.seeds, allowUnderpowered: allowUnderpowered)
    }
    return revised
  }

  static func list(_ items: [String]) -> String {
    items.isEmpty ? "none" : items.map { "`\($0)`" }.joined(separator: ", ")
  }
}
