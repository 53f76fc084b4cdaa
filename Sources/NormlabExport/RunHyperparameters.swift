import NormlabExperiment
import NormlabInterop

/// A run's hyperparameters for TensorBoard's HParams dashboard and the tidy CSV's swept
/// columns: its typed settings, by dotted key.
public enum RunHyperparameters {
  /// The run's swept keys, `variant`, `trial` (in a sweep) and `seed`, then every key of the
  /// settings tree that has an effect on this run (`KeySpec.reasonWithoutEffect`), unset
  /// optional keys left out.
  public static func of(_ run: RunRecord, in result: ExperimentResult) -> [String: HParamValue] {
    var values: [String: HParamValue] = ["variant": .string(run.variant), "seed": .number(Double(run.seed))]
    if let trial = run.trial { values["trial"] = .integer(trial) }
    let settings = result.settings(of: run)
    for key in Schema.keys where key.reasonWithoutEffect(in: settings) == nil {
      if let value = hparam(key.value(in: settings)) { values[key.path] = value }
    }
    for (key, value) in run.parameters {
      if let value = hparam(value) { values[key] = value }
    }
    return values
  }

  /// The column order: swept keys first (as the experiment lists them), then the run's
  /// identity; the remaining settings follow by name.
  public static func order(_ result: ExperimentResult) -> [String] {
    result.sweepKeys + ["variant", "trial", "seed"]
  }

  /// Each key's documentation, as the dashboard's tooltips.
  public static var descriptions: [String: String] {
    var docs = Dictionary(Schema.keys.map { ($0.path, $0.doc) }, uniquingKeysWith: { a, _ in a })
    docs["variant"] = "The variant of the experiment file."
    docs["seed"] = "The run's seed (initialisation, shuffling, dropout)."
    docs["trial"] = "The sweep trial, from 0."
    return docs
  }

  /// A setting as TensorBoard types it: integers and numbers as numbers, booleans, strings;
  /// lists as their text (`[64, 64]`); null as absent.
  public static func hparam(_ value: ConfigValue) -> HParamValue? {
    switch value {
    case .null: return nil
    case .bool(let flag): return .bool(flag)
    case .int(let number): return .integer(number)
    case .number(let number): return .number(number)
    case .string(let text): return .string(text)
    case .list: return .string(value.description)
    }
  }
}
