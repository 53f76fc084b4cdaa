import RealModule
import NormlabEngine

/// One training run to perform: a variant, an optional sweep trial, and a seed.
public struct PlannedRun: Sendable, Hashable {
  /// Position in the plan; results are stored in this order whatever `--jobs` is.
  public var index: Int
  public var variant: String
  public var label: String
  public var color: String?
  public var seed: UInt64
  /// Sweep trial number from 0, nil without a sweep.
  public var trial: Int?
  /// The swept keys' values for this trial.
  public var parameters: [String: ConfigValue]
  /// The run's resolved settings: base, the variant's overrides, the trial's values.
  public var settings: ExperimentSettings

  /// The group this run averages with over seeds: the variant, plus the trial in a sweep.
  public var group: String { trial.map { "\(variant)#\($0)" } ?? variant }
}

extension ExperimentFile {
  /// The settings of a variant before sweeps and seeds: the base with its overrides applied.
  public func settings(of variant: VariantSpec) -> ExperimentSettings {
    var settings = base
    Schema.apply(variant.overrides, to: &settings)
    return settings
  }

  /// Runs one experiment may plan; checked before the plan is expanded, because a grid of ten
  /// keys with ten values each would otherwise build 10^10 runs in memory.
  public static let maxRuns = 10_000

  /// variants × sweep trials × seeds without expanding anything; Int.max when it overflows.
  public static func runCount(variants: Int, sweep: SweepSpec?, seeds: Int) -> Int {
    var trials = 1
    if let sweep {
      switch sweep.method {
      case .random: trials = max(sweep.trials, 1)
      case .grid:
        for (_, parameter) in sweep.parameters {
          guard case .values(let options) = parameter else { continue }
          let (product, overflow) = trials.multipliedReportingOverflow(by: options.count)
          trials = overflow ? Int.max : product
        }
      }
    }
    let (perVariant, overflow1) = trials.multipliedReportingOverflow(by: seeds)
    let (total, overflow2) = perVariant.multipliedReportingOverflow(by: variants)
    return overflow1 || overflow2 ? Int.max : total
  }

  /// Every swept key, the top-level sweep's first, then the variants' own in order.
  public var sweepKeys: [String] {
    var keys: [String] = []
    for spec in [sweep] + variants.map(\.sweep) {
      for (key, _) in spec?.parameters ?? [] where !keys.contains(key) { keys.append(key) }
    }
    return keys
  }

  /// The search a variant runs: its own `sweep`, else the experiment's.
  public func sweep(of variant: VariantSpec) -> SweepSpec? { variant.sweep ?? sweep }

  /// Every run: variants × sweep trials × seeds, in that nesting order.
  public func plan() -> [PlannedRun] {
    var runs: [PlannedRun] = []
    for variant in variants {
      let variantSweep = sweep(of: variant)
      let trials = variantSweep.map { SweepSampler.trials(of: $0) } ?? [[:]]
      let variantSettings = settings(of: variant)
      for (trialIndex, trial) in trials.enumerated() {
        var settings = variantSettings
        Schema.apply(trial, to: &settings)
        for seed in seeds {
          runs.append(
            PlannedRun(
              index: runs.count, variant: variant.name, label: variant.label, color: variant.color,
              seed: seed, trial: variantSweep == nil ? nil : trialIndex, parameters: trial, settings: settings))
        }
      }
    }
    return runs
  }
}

/// Expands a sweep into trials: the grid's cartesian product, or seeded random samples.
public enum SweepSampler {
  public static func trials(of sweep: SweepSpec) -> [[String: ConfigValue]] {
    switch sweep.method {
    case .grid:
      var combos: [[String: ConfigValue]] = [[:]]
      for (key, parameter) in sweep.parameters {
        guard case .values(let options) = parameter else { continue }
        combos = combos.flatMap { combo in
          options.map { value in combo.merging([key: value]) { $1 } }
        }
      }
      return combos
    case .random:
      var rng = SplitMix64(seed: sweep.seed)
      return (0..<max(sweep.trials, 1)).map { _ in
        var trial: [String: ConfigValue] = [:]
        for (key, parameter) in sweep.parameters {
          trial[key] = sample(parameter, rng: &rng)
        }
        return trial
      }
    }
  }

  /// One draw: uniform on [low, high], log-uniform (uniform exponent), or 1 - log-uniform.
  public static func sample(_ parameter: SweepParameter, rng: inout SplitMix64) -> ConfigValue {
    switch parameter {
    case .values(let options):
      return options.isEmpty ? .null : options[rng.nextIndex(below: options.count)]
    case .distribution(let distribution, let low, let high, let integer):
      let u = rng.nextUniform()
      let value: Double
      switch distribution {
      case .uniform:
        value = low + (high - low) * u
      case .logUniform:
        value = Double.exp(Double.log(low) + (Double.log(high) - Double.log(low)) * u)
      case .oneMinusLogUniform:
        value = 1 - Double.exp(Double.log(low) + (Double.log(high) - Double.log(low)) * u)
      }
      if integer { return .int(Int(value.rounded())) }
      // Seven significant digits keep reports readable and the file round-trippable.
      return .number(SignificantDigits.round(value, digits: 7))
    }
  }
}
