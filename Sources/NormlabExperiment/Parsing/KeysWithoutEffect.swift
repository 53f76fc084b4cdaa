/// Keys a file sets that change nothing: `beta2` for SGD, a schedule's parameter for another
/// schedule, `classes` for a dataset that fixes them. Each becomes a warning at the key, saying
/// why; `--strict` makes warnings errors. The rules are the schema's "applies when" conditions.
extension ExperimentParser {
  func keysWithoutEffect(_ experiment: ExperimentFile, fileValues: [String: ConfigValue]) -> [Diagnostic] {
    var warnings: [Diagnostic] = []
    let resolved = experiment.variants.map { ($0, experiment.settings(of: $0)) }
    func warn(_ path: String, at position: SourcePosition?, file: String? = nil, _ reason: String) {
      var diagnostic = self.diagnostic(
        "`\(path)` has no effect: \(reason)", position: position,
        hint: "remove it, or change what it depends on", severity: .warning)
      if let file { diagnostic.file = file }
      warnings.append(diagnostic)
    }
    // A key of the base section: no effect in every variant that does not set it itself.
    for path in fileValues.keys.sorted() {
      guard let spec = Schema.byPath[path] else { continue }
      let inheriting = resolved.filter { $0.0.overrides[path] == nil }
      guard !inheriting.isEmpty else { continue }
      let reasons = inheriting.compactMap { spec.reasonWithoutEffect(in: $0.1) }
      if reasons.count == inheriting.count, let reason = reasons.first {
        warn(path, at: experiment.positions[path], reason)
      }
    }
    // A variant's own key: no effect in that variant.
    for (variant, settings) in resolved {
      for path in variant.overrides.keys.sorted() where experiment.positions["variants.\(variant.name).\(path)"] != nil {
        guard let reason = Schema.byPath[path]?.reasonWithoutEffect(in: settings) else { continue }
        warn(path, at: experiment.positions["variants.\(variant.name).\(path)"], "\(reason) (variant `\(variant.name)`)")
      }
    }
    // A `--set` flag: no effect in any variant.
    for override in experiment.commandLineOverrides {
      guard let spec = Schema.byPath[override.key] else { continue }
      let reasons = resolved.compactMap { spec.reasonWithoutEffect(in: $0.1) }
      if reasons.count == resolved.count, let reason = reasons.first {
        warn(override.key, at: nil, file: "--set \(override.key)=\(override.value)", reason)
      }
    }
    // A swept key: no effect in every variant that runs that search.
    for variant in experiment.variants {
      guard let sweep = experiment.sweep(of: variant) else { continue }
      var settings = experiment.settings(of: variant)
      Schema.apply(SweepSampler.trials(of: sweep).first ?? [:], to: &settings)
      for (path, _) in sweep.parameters {
        guard let reason = Schema.byPath[path]?.reasonWithoutEffect(in: settings) else { continue }
        let key = variant.sweep == nil ? "sweep" : "variants.\(variant.name)"
        let message = "`sweep.parameters.\(path)` has no effect: \(reason) (variant `\(variant.name)`)"
        if !warnings.contains(where: { $0.message == message }) {
          warnings.append(self.diagnostic(message, position: experiment.positions[key], hint: "sweep a key that changes these runs", severity: .warning))
        }
      }
    }
    return warnings.sorted {
      ($0.position?.line ?? Int.max, $0.position?.column ?? 0) < ($1.position?.line ?? Int.max, $1.position?.column ?? 0)
    }
  }
}
