/// Words for setting keys on axes, titles and notes: "learning rate", not `train.optimizer.lr`.
enum SettingNames {
  static let readable: [String: String] = [
    "train.optimizer.lr": "learning rate",
    "train.optimizer.beta1": "β₁",
    "train.optimizer.beta2": "β₂",
    "train.optimizer.momentum": "momentum",
    "train.optimizer.eps": "ε",
    "train.optimizer.name": "optimizer",
    "train.batch_size": "batch size",
    "train.epochs": "epochs",
    "train.steps": "steps",
    "train.l2": "L2 λ",
    "train.keep_prob": "keep probability",
    "train.schedule.decay_rate": "decay rate",
    "model.layers": "hidden layers",
    "model.activation": "activation",
    "model.init": "initialization",
    "model.init_scale": "initial weight scale",
    "model.batch_norm": "Batch Normalization",
    "model.bn.momentum": "BN momentum",
    "data.noise": "data noise",
    "data.samples": "samples",
  ]

  /// The readable name of `key`; an unknown key becomes its last component with spaces.
  static func name(_ key: String) -> String {
    if let name = readable[key] { return name }
    let last = key.split(separator: ".").last.map(String.init) ?? key
    return String(last.map { $0 == "_" ? " " : $0 })
  }

  /// "1 − β₁" for a coefficient drawn as its distance from 1.
  static func oneMinus(_ key: String) -> String { "1 − \(name(key))" }
}
