import NormlabExperiment

/// The charts' reads of a run's configuration, from its typed settings.
enum VariantSettings {
  /// A setting of a run as text: its resolved value (a sweep trial's own value included).
  static func text(_ key: String, of run: RunRecord, in result: ExperimentResult) -> String? {
    Schema.byPath[key].map { $0.value(in: result.settings(of: run)).description }
  }

  /// A swept parameter of a trial as a number (nil when absent or not numeric).
  static func sweptNumber(_ key: String, of run: RunRecord) -> Double? {
    run.parameters[key]?.doubleValue
  }

  /// The mini-batch size of a group's runs as written ("64", or "full" for batch GD).
  static func batchSize(of group: RunGroup, in result: ExperimentResult) -> String? {
    group.runs.first.flatMap { text("train.batch_size", of: $0, in: result) }
  }

  /// True when any group trains with Batch Normalization.
  static func usesBatchNorm(_ groups: [RunGroup], in result: ExperimentResult) -> Bool {
    groups.contains { group in
      group.runs.first.map { result.settings(of: $0).model.usesBatchNorm } ?? false
    }
  }
}
