import NormlabExperiment

/// The charts' only reads of a variant's configuration, kept in one place because the result
/// model is moving to typed settings: today these parse the strings of `VariantRecord.values`
/// and `RunRecord.parameters` (a sweep trial's own values).
enum VariantSettings {
  /// A setting of a run as text: the trial's swept value, else its variant's resolved value.
  static func text(_ key: String, of run: RunRecord, in result: ExperimentResult) -> String? {
    run.parameters[key] ?? result.variants.first { $0.name == run.variant }?.values[key]
  }

  /// A swept parameter of a trial as a number (nil when absent or not numeric).
  static func sweptNumber(_ key: String, of run: RunRecord) -> Double? {
    run.parameters[key].flatMap(Double.init)
  }

  /// The mini-batch size of a group's runs as written ("64", or "full" for batch GD).
  static func batchSize(of group: RunGroup, in result: ExperimentResult) -> String? {
    group.runs.first.flatMap { text("train.batch_size", of: $0, in: result) }
  }

  /// True when any group trains with Batch Normalization.
  static func usesBatchNorm(_ groups: [RunGroup], in result: ExperimentResult) -> Bool {
    groups.contains { group in
      group.runs.first.flatMap { text("model.batch_norm", of: $0, in: result) } == "true"
    }
  }
}
