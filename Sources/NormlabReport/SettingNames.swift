/// Words for setting keys on axes, titles and notes: "learning rate", not `train.optimizer.lr`.
enum SettingNames {
  static let readable: [String: ReportStrings.Key] = [
    "train.optimizer.lr": .settingLearningRate,
    "train.optimizer.momentum": .settingMomentum,
    "train.optimizer.name": .settingOptimizer,
    "train.batch_size": .settingBatchSize,
    "train.epochs": .settingEpochs,
    "train.steps": .settingSteps,
    "train.l2": .settingL2,
    "train.keep_prob": .settingKeepProbability,
    "train.schedule.decay_rate": .settingDecayRate,
    "model.layers": .settingLayers,
    "model.activation": .settingActivation,
    "model.init": .settingInitialization,
    "model.init_scale": .settingInitScale,
    "model.batch_norm": .settingBatchNorm,
    "model.bn.momentum": .settingBNMomentum,
    "data.noise": .settingNoise,
    "data.samples": .settingSamples,
  ]

  /// Symbols that read the same in every language.
  static let symbols: [String: String] = [
    "train.optimizer.beta1": "β₁",
    "train.optimizer.beta2": "β₂",
    "train.optimizer.eps": "ε",
  ]

  /// The readable name of `key`; an unknown key becomes its last component with spaces.
  static func name(_ key: String, _ strings: ReportStrings) -> String {
    if let symbol = symbols[key] { return symbol }
    if let name = readable[key] { return strings[name] }
    let last = key.split(separator: ".").last.map(String.init) ?? key
    return String(last.map { $0 == "_" ? " " : $0 })
  }

  /// "1 − β₁" for a coefficient drawn as its distance from 1.
  static func oneMinus(_ key: String, _ strings: ReportStrings) -> String { strings(.oneMinus, name(key, strings)) }
}
