import NormlabEngine

/// The type and allowed range of one configuration key.
public indirect enum ValueType: Sendable, Hashable {
  case bool
  case int(min: Int, max: Int)
  /// A number in [min, max]; `exclusiveMin` makes the lower bound open.
  case number(min: Double, max: Double, exclusiveMin: Bool)
  case string
  case choice([String])
  case intList(min: Int, max: Int)
  case boolList
  case optional(ValueType)
  /// A bool for every hidden layer, or one list of bools.
  case boolOrBoolList
  /// An integer in [min, max], or the single word `word` (e.g. `batch_size: full`).
  case intOrWord(min: Int, max: Int, word: String)

  public var summary: String {
    switch self {
    case .bool: return "boolean"
    case .int(let lo, let hi):
      return hi == Int.max ? "integer ≥ \(lo)" : "integer in [\(lo), \(hi)]"
    case .number(let lo, let hi, let open):
      let low = lo == -Double.infinity ? "-∞" : ValueType.compact(lo)
      let high = hi == Double.infinity ? "∞" : ValueType.compact(hi)
      return "number in \(open ? "(" : "[")\(low), \(high)\(hi == .infinity ? ")" : "]")"
    case .string: return "string"
    case .choice(let options): return "one of " + options.joined(separator: ", ")
    case .intList(let lo, let hi):
      return "list of integers in [\(lo), \(hi == Int.max ? "∞" : String(hi))]"
    case .boolList: return "list of booleans"
    case .optional(let inner): return inner.summary + ", or null"
    case .boolOrBoolList: return "boolean, or a list of booleans (one per hidden layer)"
    case .intOrWord(let lo, let hi, let word):
      return ValueType.int(min: lo, max: hi).summary + ", or `\(word)`"
    }
  }
}

extension ValueType {
  /// Bounds as people write them: `0` and `1`, not `0.0` and `1.0`.
  static func compact(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : ConfigValue.format(value)
  }
}

/// One documented key of an experiment file.
public struct KeySpec: Sendable, Hashable {
  public let path: String
  public let type: ValueType
  public let defaultValue: ConfigValue
  public let doc: String

  public init(_ path: String, _ type: ValueType, _ defaultValue: ConfigValue, _ doc: String) {
    self.path = path
    self.type = type
    self.defaultValue = defaultValue
    self.doc = doc
  }
}

/// Every key of the `data`, `model` and `train` sections with type, default and meaning. The
/// validator, the variant overrides, `--set` and `docs/experiment-file.md` all read this table.
public enum Schema {
  static let positive = ValueType.number(min: 0, max: .infinity, exclusiveMin: true)
  static let nonNegative = ValueType.number(min: 0, max: .infinity, exclusiveMin: false)
  static let unit = ValueType.number(min: 0, max: 1, exclusiveMin: false)
  static let openUnit = ValueType.number(min: 0, max: 1, exclusiveMin: true)
  static let beta = ValueType.number(min: 0, max: 1, exclusiveMin: false)

  public static let datasets = ["blobs", "moons", "circles", "spirals", "scaled", "csv", "idx"]

  public static let keys: [KeySpec] = [
    // data
    KeySpec("data.dataset", .choice(datasets), .string("blobs"),
      "Built-in generator (`blobs`, `moons`, `circles`, `spirals`, `scaled`) or a file format (`csv`, `idx`)."),
    KeySpec("data.samples", .int(min: 4, max: 10_000_000), .int(1000),
      "Number of samples a generator makes (train and test together)."),
    // Bounded so generated features stay finite in float32 (noise 1e39 made them infinite).
    KeySpec("data.noise", .optional(.number(min: 0, max: 100, exclusiveMin: false)), .null,
      "Generator noise; null takes the generator's default (blobs 1.0, moons 0.2, circles 0.08, spirals 0.2, scaled 0.5)."),
    KeySpec("data.classes", .int(min: 2, max: 1000), .int(2),
      "Number of classes for `blobs` and `spirals` (the others have 2)."),
    KeySpec("data.features", .int(min: 2, max: 100_000), .int(2),
      "Number of input features for `blobs` and `scaled`."),
    KeySpec("data.scale_ratio", .number(min: 1, max: 1e9, exclusiveMin: false), .number(1000),
      "For `scaled`: ratio between the largest and the smallest feature scale."),
    KeySpec("data.seed", .int(min: 0, max: Int.max), .int(0),
      "Seed of the data generator and of the train/test split; fixed across runs so every run sees the same data."),
    KeySpec("data.test_fraction", .number(min: 0, max: 0.9, exclusiveMin: false), .number(0.2),
      "Fraction of the samples held out as the test set (ignored when test files are given)."),
    KeySpec("data.normalize_inputs", .bool, .bool(false),
      "Standardise each feature with the training set's mean and standard deviation; the test set reuses them."),
    KeySpec("data.path", .optional(.string), .null,
      "For `csv`: the file, relative to the experiment file."),
    KeySpec("data.label", .string, .string("label"),
      "For `csv`: name of the label column (integer class indices); every other column is a numeric feature."),
    KeySpec("data.test_path", .optional(.string), .null,
      "For `csv`: an optional separate test file with the same columns."),
    KeySpec("data.images", .optional(.string), .null, "For `idx`: the training images file (MNIST IDX format)."),
    KeySpec("data.labels", .optional(.string), .null, "For `idx`: the training labels file."),
    KeySpec("data.test_images", .optional(.string), .null, "For `idx`: optional test images file."),
    KeySpec("data.test_labels", .optional(.string), .null, "For `idx`: optional test labels file."),
    KeySpec("data.limit", .optional(.int(min: 1, max: Int.max)), .null,
      "Use at most this many training samples from a file (the first ones)."),

    // model
    KeySpec("model.layers", .intList(min: 1, max: 1_000_000), .list([.int(16), .int(16)]),
      "Units of each hidden layer, e.g. `[100, 100, 100]`."),
    KeySpec("model.activation", .choice(Activation.allCases.map(\.rawValue)), .string("relu"),
      "Activation of every hidden layer."),
    KeySpec("model.output", .choice(["auto", "sigmoid", "softmax", "linear"]), .string("auto"),
      "Output layer and cost: sigmoid + binary cross-entropy, softmax + categorical cross-entropy, linear + MSE; `auto` is sigmoid for 2 classes, softmax otherwise."),
    KeySpec("model.batch_norm", .boolOrBoolList, .bool(false),
      "Batch Normalization on every hidden layer (true), or per layer as a list of booleans."),
    KeySpec("model.bn.momentum", unit, .number(0.1),
      "Running statistics update, PyTorch convention: running = (1 - momentum) * running + momentum * batch."),
    KeySpec("model.bn.eps", positive, .number(1e-5), "Added to the variance before the square root."),
    KeySpec("model.bn.placement", .choice(BatchNormPlacement.allCases.map(\.rawValue)), .string("before"),
      "BN before the activation (the paper's choice; the layer's bias is dropped) or after it."),
    KeySpec("model.bn.inference", .choice(BatchNormInference.allCases.map(\.rawValue)), .string("running"),
      "Statistics used at inference: running averages, or the evaluated batch's own (for comparison)."),
    KeySpec("model.bn.unbiased", .bool, .bool(true),
      "Running variance uses the unbiased m/(m-1) batch variance, as the paper and PyTorch do."),
    KeySpec("model.init", .choice(["auto"] + InitializerKind.allCases.map(\.rawValue)), .string("auto"),
      "Weight initialization: zeros, random (normal × scale), xavier (Glorot normal), xavier_uniform, he; `auto` is he for ReLU-like activations, xavier otherwise."),
    KeySpec("model.init_scale", .optional(positive), .null,
      "For `random`: the standard deviation (default 0.01); for the others a multiplier (default 1), to show too-large initialisations."),

    // train
    KeySpec("train.epochs", .int(min: 1, max: 1_000_000), .int(20), "Passes over the training set."),
    KeySpec("train.steps", .optional(.int(min: 1, max: 100_000_000)), .null,
      "Stop after this many parameter updates instead (overrides `epochs`)."),
    KeySpec("train.batch_size", .intOrWord(min: 1, max: 10_000_000, word: "full"), .int(64),
      "Mini-batch size; `full` is batch gradient descent (the whole training set), 1 stochastic gradient descent. The last batch of an epoch may be smaller."),
    KeySpec("train.shuffle", .bool, .bool(true), "Reshuffle the training set every epoch."),
    KeySpec("train.optimizer.name", .choice(OptimizerKind.allCases.map(\.rawValue)), .string("sgd"),
      "sgd, momentum, rmsprop or adam."),
    KeySpec("train.optimizer.lr", positive, .number(0.1), "Learning rate alpha."),
    KeySpec("train.optimizer.beta1", beta, .number(0.9),
      "Momentum's beta and Adam's beta1 (first moment)."),
    KeySpec("train.optimizer.beta2", beta, .number(0.999),
      "RMSprop's beta and Adam's beta2 (second moment)."),
    KeySpec("train.optimizer.eps", positive, .number(1e-8), "Added to the RMSprop/Adam denominator."),
    KeySpec("train.schedule.name", .choice(ScheduleKind.allCases.map(\.rawValue)), .string("none"),
      "Learning-rate decay per epoch: none, inverse (lr0 / (1 + decay_rate * epoch)), exponential (lr0 * base^epoch), inverse_sqrt (lr0 * k / sqrt(epoch + 1)), step (lr0 * factor^floor(epoch / every))."),
    KeySpec("train.schedule.decay_rate", nonNegative, .number(1), "For `inverse`."),
    KeySpec("train.schedule.base", openUnit, .number(0.95), "For `exponential`."),
    KeySpec("train.schedule.k", positive, .number(1), "For `inverse_sqrt`."),
    KeySpec("train.schedule.every", .int(min: 1, max: Int.max), .int(10), "For `step`: epochs per stair."),
    KeySpec("train.schedule.factor", openUnit, .number(0.5), "For `step`: multiplier per stair."),
    KeySpec("train.l2", nonNegative, .number(0),
      "L2 regularization lambda: the cost adds lambda / (2m) * sum W^2."),
    KeySpec("train.keep_prob", openUnit, .number(1),
      "Inverted dropout keep probability on hidden layers (1 = no dropout); off at inference."),
    KeySpec("train.log_every", .optional(.int(min: 1, max: Int.max)), .null,
      "Record metrics every this many steps; null aims at about 100 points per run."),
    KeySpec("train.eval_samples", .int(min: 0, max: Int.max), .int(2000),
      "Training-set samples used to measure the training loss at each log point (0 = all)."),
    KeySpec("train.probe_layer", .optional(.int(min: 0, max: 1000)), .null,
      "Hidden layer (from 0) whose first unit's input distribution is recorded; null is the last hidden layer."),
  ]

  public static let byPath: [String: KeySpec] = Dictionary(
    uniqueKeysWithValues: keys.map { ($0.path, $0) })

  /// Top-level keys and what they hold.
  public static let topLevel: [(key: String, doc: String)] = [
    ("name", "Short name; the output folder is `reports/NAME/`. Default: the file name without `.yaml`."),
    ("title", "Title of the report. Default: the name."),
    ("description", "A paragraph shown on the report's title page."),
    ("seeds", "Seeds of the runs: a list of integers, or a count n meaning 1...n. Default `[1, 2, 3]`."),
    ("data", "The dataset (keys `data.*` below)."),
    ("model", "The network (keys `model.*` below)."),
    ("train", "The training procedure (keys `train.*` below)."),
    ("variants", "Named variants, each a map of dotted-key overrides of the base (`model.batch_norm: true`), plus optional `label` and `color` (`#RRGGBB`) for charts, and an optional `sweep` of its own that replaces the top-level one for this variant. Default: one variant named `base`."),
    ("sweep", "Hyperparameter search over keys: `method` (grid or random), `trials`, `seed`, and `parameters` mapping a dotted key to a list (grid) or a distribution `{distribution, low, high}` with distribution `uniform`, `log_uniform` or `one_minus_log_uniform`."),
    ("report", "Report options: `template`, `charts` (list to include), `exclude`, `sections` (heading, text, charts)."),
    ("expect", "A list of clauses on final metrics averaged over seeds, e.g. `bn.test_accuracy > no-bn.test_accuracy`; a failed clause makes `run` exit 1."),
  ]

  /// Section names under which dotted keys live.
  public static let sections = ["data", "model", "train"]

  /// Default value of every key, as a flat dictionary.
  public static var defaults: [String: ConfigValue] {
    Dictionary(uniqueKeysWithValues: keys.map { ($0.path, $0.defaultValue) })
  }
}
