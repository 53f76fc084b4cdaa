/// One named variant: overrides of the base configuration plus how charts show it.
public struct VariantSpec: Sendable, Hashable {
  public var name: String
  public var label: String
  public var color: String?
  /// The keys the variant sets, checked against their types (`--set` flags included).
  public var overrides: [String: ConfigValue]
  /// The variant's own search, replacing the experiment's `sweep` (e.g. a grid beside a random
  /// search of the same budget).
  public var sweep: SweepSpec? = nil
}

/// A sampled or gridded hyperparameter.
public enum SweepDistribution: String, Sendable, Hashable, CaseIterable {
  case uniform
  case logUniform = "log_uniform"
  /// Samples 1 - value on a log scale, for betas close to 1 (0.9 ... 0.999).
  case oneMinusLogUniform = "one_minus_log_uniform"
}

public enum SweepParameter: Sendable, Hashable {
  case values([ConfigValue])
  case distribution(SweepDistribution, low: Double, high: Double, integer: Bool)
}

public enum SweepMethod: String, Sendable, Hashable, CaseIterable {
  case grid
  case random
}

public struct SweepSpec: Sendable, Hashable {
  public var method: SweepMethod
  public var trials: Int
  public var seed: UInt64
  /// In file order, so trial numbering is stable.
  public var parameters: [(key: String, parameter: SweepParameter)]

  public static func == (lhs: SweepSpec, rhs: SweepSpec) -> Bool {
    lhs.method == rhs.method && lhs.trials == rhs.trials && lhs.seed == rhs.seed
      && lhs.parameters.map(\.key) == rhs.parameters.map(\.key)
      && lhs.parameters.map(\.parameter) == rhs.parameters.map(\.parameter)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(method)
    hasher.combine(trials)
    hasher.combine(seed)
    for (key, parameter) in parameters {
      hasher.combine(key)
      hasher.combine(parameter)
    }
  }
}

/// A narrative section of the report: heading, Markdown text and the charts that illustrate it.
public struct ReportSection: Sendable, Hashable {
  public var heading: String
  public var text: String
  public var charts: [String]
}

/// What the band around a mean curve shows over seeds.
public enum BandMode: String, Sendable, Hashable, Codable, CaseIterable {
  /// ± one sample standard deviation: how much single runs vary (the default, as in most plots).
  case std
  /// The 95% Student t confidence interval of the mean: how well the mean is known.
  case ci95
  /// The lowest and highest seed.
  case minmax
}

/// The language of the text normlab writes into a report (headings, tables, chart labels,
/// captions); the experiment's own prose is shown as written.
public enum ReportLanguage: String, Sendable, Hashable, Codable, CaseIterable {
  case en
  /// Simplified Chinese.
  case zh

  static let hint = "report languages are `en` (English) and `zh` (Simplified Chinese)"
}

public struct ReportOptions: Sendable, Hashable {
  public var template: String = "default"
  public var band: BandMode = .std
  public var language: ReportLanguage = .en
  /// Charts to include, in order; empty means the template's list.
  public var charts: [String] = []
  public var exclude: [String] = []
  public var sections: [ReportSection] = []
}

/// The chart names an experiment's `report:` section may list.
public enum ChartName {
  public static let all = [
    "loss", "accuracy", "learning_rate", "ema", "contours", "optimizer_paths", "decision_boundary", "percentiles",
    "gradient_norms", "saturation", "final_metrics", "sweep", "confusion_matrix", "roc",
  ]

  /// The `positions` key of the first place the report asks for `name`.
  public static func positionKey(_ name: String) -> String { "report.chart \(name)" }
}

/// A parsed, validated experiment file: defaults filled in, nothing trained yet.
public struct ExperimentFile: Sendable {
  public var file: String
  public var name: String
  public var title: String
  public var description: String
  public var seeds: [UInt64]
  /// The `data`, `model` and `train` sections, given or defaulted (`--set` flags applied).
  public var base: ExperimentSettings
  public var variants: [VariantSpec]
  /// `--set KEY=VALUE` flags, in the order given: applied to the base and every variant, and
  /// recorded so the report says what the command line changed.
  public var commandLineOverrides: [SettingOverride] = []
  /// Problems that do not stop a run, such as keys that have no effect; `--strict` makes them
  /// errors.
  public var warnings: [Diagnostic] = []
  public var sweep: SweepSpec?
  public var report: ReportOptions
  public var expectations: [ExpectationClause]
  /// Where each given key was written, as `data.samples` or `variants.bn.model.batch_norm`.
  public var positions: [String: SourcePosition]
  /// The file's lines, for caret displays of errors found after parsing.
  public var lines: [String]

  /// The key a variant's value of `key` was written under: the variant's own override
  /// (`variants.NAME.KEY`) when it sets one, else the base key.
  public func location(of key: String, variant: String) -> String {
    let own = "variants.\(variant).\(key)"
    return positions[own] != nil ? own : key
  }

  /// A diagnostic pointing at `key` (a base key, or `variants.NAME.KEY`), or the file.
  public func diagnostic(at key: String, _ message: String, hint: String? = nil) -> Diagnostic {
    let position = positions[key]
    return Diagnostic(
      file: file, position: position, message: message, hint: hint,
      sourceLine: position.flatMap { p in p.line - 1 < lines.count ? lines[p.line - 1] : nil })
  }
}

/// One key set from outside the file (`--set model.layers=[64,64]`), typed.
public struct SettingOverride: Sendable, Hashable, Codable {
  public var key: String
  public var value: ConfigValue

  public init(key: String, value: ConfigValue) {
    self.key = key
    self.value = value
  }
}
