import NormlabEngine

/// One documented key of an experiment file: its dotted path, where it lives in the typed
/// settings tree, its type and range, its documentation, and when it has an effect. The
/// validator, variant overrides, `--set`, sweeps, `normlab list --schema`, the docs and
/// metrics.json all go through this table.
public struct KeySpec: Sendable {
  public let path: String
  public let type: ValueType
  public let doc: String
  /// When the key has an effect, in words for the docs (nil: always).
  public let appliesWhen: String?
  private let read: @Sendable (ExperimentSettings) -> ConfigValue
  private let write: @Sendable (inout ExperimentSettings, ConfigValue) -> Bool
  private let inapplicable: @Sendable (ExperimentSettings) -> String?

  init<V: SettingValue>(
    _ path: String, _ keyPath: WritableKeyPath<ExperimentSettings, V> & Sendable, _ type: ValueType,
    _ doc: String, appliesWhen: String? = nil,
    unless inapplicable: @escaping @Sendable (ExperimentSettings) -> String? = { _ in nil }
  ) {
    self.path = path
    self.type = type
    self.doc = doc
    self.appliesWhen = appliesWhen
    read = { settings in settings[keyPath: keyPath].config }
    write = { settings, value in
      guard let typed = V(config: value) else { return false }
      settings[keyPath: keyPath] = typed
      return true
    }
    self.inapplicable = inapplicable
  }

  /// The default: the value in a fresh settings tree.
  public var defaultValue: ConfigValue { read(ExperimentSettings()) }

  /// The key's value in `settings`.
  public func value(in settings: ExperimentSettings) -> ConfigValue { read(settings) }

  /// Sets the key from a value that passed `type.check`; false (and nothing changed) for a
  /// value of another shape.
  @discardableResult
  public func set(_ value: ConfigValue, in settings: inout ExperimentSettings) -> Bool {
    write(&settings, value)
  }

  /// Why the key has no effect in `settings` (e.g. `beta2` for SGD), or nil when it does.
  public func reasonWithoutEffect(in settings: ExperimentSettings) -> String? {
    inapplicable(settings)
  }
}

/// Every key of the `data`, `model` and `train` sections.
public enum Schema {
  static let positive = ValueType.number(min: 0, max: .infinity, exclusiveMin: true)
  static let nonNegative = ValueType.number(min: 0, max: .infinity, exclusiveMin: false)
  static let unit = ValueType.number(min: 0, max: 1, exclusiveMin: false)
  static let openUnit = ValueType.number(min: 0, max: 1, exclusiveMin: true)

  public static let datasets = DatasetKind.names

  // Conditions shared by several keys.
  @Sendable static func generatorOnly(_ s: ExperimentSettings) -> String? {
    s.data.dataset.isGenerated ? nil : "`data.dataset: \(s.data.dataset.rawValue)` reads its samples from files"
  }
  @Sendable static func csvOnly(_ s: ExperimentSettings) -> String? {
    s.data.dataset == .csv ? nil : "only `data.dataset: csv` reads it, and the dataset is `\(s.data.dataset.rawValue)`"
  }
  @Sendable static func idxOnly(_ s: ExperimentSettings) -> String? {
    s.data.dataset == .idx ? nil : "only `data.dataset: idx` reads it, and the dataset is `\(s.data.dataset.rawValue)`"
  }
  @Sendable static func batchNormOnly(_ s: ExperimentSettings) -> String? {
    s.model.usesBatchNorm ? nil : "no hidden layer uses Batch Normalization (`model.batch_norm` is off)"
  }
  static func optimizers(_ kinds: Set<OptimizerKind>, _ what: String) -> @Sendable (ExperimentSettings) -> String? {
    { s in kinds.contains(s.train.optimizer.kind) ? nil : "\(what); the optimizer is `\(s.train.optimizer.kind.rawValue)`" }
  }
  static func schedule(_ kind: ScheduleKind) -> @Sendable (ExperimentSettings) -> String? {
    { s in s.train.schedule.kind == kind ? nil : "only the `\(kind.rawValue)` schedule reads it, and the schedule is `\(s.train.schedule.kind.rawValue)`" }
  }

  public static let keys: [KeySpec] = dataKeys + modelKeys + trainKeys

  static let dataKeys: [KeySpec] = [
    KeySpec("data.dataset", \.data.dataset, .choice(datasets),
      "Built-in generator (`blobs`, `moons`, `circles`, `spirals`, `scaled`) or a file format (`csv`, `idx`)."),
    KeySpec("data.samples", \.data.samples, .int(min: 4, max: 10_000_000),
      "Number of samples a generator makes (train and test together).",
      appliesWhen: "a generated dataset", unless: generatorOnly),
    // Bounded so generated features stay finite in float32 (noise 1e39 made them infinite).
    KeySpec("data.noise", \.data.noise, .optional(.number(min: 0, max: 100, exclusiveMin: false)),
      "Generator noise; null takes the generator's default (blobs 1.0, moons 0.2, circles 0.08, spirals 0.2, scaled 0.5).",
      appliesWhen: "a generated dataset", unless: generatorOnly),
    KeySpec("data.classes", \.data.classes, .int(min: 2, max: 1000),
      "Number of classes for `blobs` and `spirals` (the others have 2).",
      appliesWhen: "`blobs` or `spirals`",
      unless: { s in
        if !s.data.dataset.isGenerated { return "the files decide the classes of `\(s.data.dataset.rawValue)` data" }
        return s.data.dataset.fixedClasses.map { "`\(s.data.dataset.rawValue)` always has \($0) classes" }
      }),
    KeySpec("data.features", \.data.features, .int(min: 2, max: 100_000),
      "Number of input features for `blobs` and `scaled`.",
      appliesWhen: "`blobs` or `scaled`",
      unless: { s in
        if !s.data.dataset.isGenerated { return "the files decide the features of `\(s.data.dataset.rawValue)` data" }
        return s.data.dataset.takesFeatureCount ? nil : "`\(s.data.dataset.rawValue)` always has 2 features"
      }),
    KeySpec("data.scale_ratio", \.data.scaleRatio, .number(min: 1, max: 1e9, exclusiveMin: false),
      "For `scaled`: ratio between the largest and the smallest feature scale.",
      appliesWhen: "`scaled`",
      unless: { s in s.data.dataset == .scaled ? nil : "only `data.dataset: scaled` reads it, and the dataset is `\(s.data.dataset.rawValue)`" }),
    KeySpec("data.seed", \.data.seed, .int(min: 0, max: Int.max),
      "Seed of the data generator and of the train/test split; fixed across runs so every run sees the same data."),
    KeySpec("data.test_fraction", \.data.testFraction, .number(min: 0, max: 0.9, exclusiveMin: false),
      "Fraction of the samples held out as the test set (ignored when test files are given).",
      appliesWhen: "no test files are given",
      unless: { s in s.data.hasTestFiles ? "the test set comes from its own files" : nil }),
    KeySpec("data.normalize_inputs", \.data.normalizeInputs, .bool,
      "Standardise each feature with the training set's mean and standard deviation; the test set reuses them."),
    KeySpec("data.path", \.data.path, .optional(.string),
      "For `csv`: the file, relative to the experiment file.", appliesWhen: "`csv`", unless: csvOnly),
    KeySpec("data.label", \.data.label, .string,
      "For `csv`: name of the label column: integer class indices, or names (`cat`, `dog`) numbered in sorted order and shown in charts and tables; every other column is a numeric feature.",
      appliesWhen: "`csv`", unless: csvOnly),
    KeySpec("data.test_path", \.data.testPath, .optional(.string),
      "For `csv`: an optional separate test file with the same columns.", appliesWhen: "`csv`", unless: csvOnly),
    KeySpec("data.images", \.data.images, .optional(.string),
      "For `idx`: the training images file (MNIST IDX format).", appliesWhen: "`idx`", unless: idxOnly),
    KeySpec("data.labels", \.data.labels, .optional(.string),
      "For `idx`: the training labels file.", appliesWhen: "`idx`", unless: idxOnly),
    KeySpec("data.test_images", \.data.testImages, .optional(.string),
      "For `idx`: optional test images file.", appliesWhen: "`idx`", unless: idxOnly),
    KeySpec("data.test_labels", \.data.testLabels, .optional(.string),
      "For `idx`: optional test labels file.", appliesWhen: "`idx`", unless: idxOnly),
    KeySpec("data.dev_fraction", \.data.devFraction, .number(min: 0, max: 0.9, exclusiveMin: false),
      "Fraction of the training samples held out as the development set: a sweep picks its best trial on it, never on the test set (0: no development set, unless dev files are given).",
      appliesWhen: "no development files are given",
      unless: { s in s.data.hasDevFiles && s.data.devFraction > 0 ? "the development set comes from its own files" : nil }),
    KeySpec("data.dev_path", \.data.devPath, .optional(.string),
      "For `csv`: an optional development file with the same columns.", appliesWhen: "`csv`", unless: csvOnly),
    KeySpec("data.dev_images", \.data.devImages, .optional(.string),
      "For `idx`: optional development images file.", appliesWhen: "`idx`", unless: idxOnly),
    KeySpec("data.dev_labels", \.data.devLabels, .optional(.string),
      "For `idx`: optional development labels file.", appliesWhen: "`idx`", unless: idxOnly),
    KeySpec("data.columns", \.data.columns, .optional(.stringList),
      "For `csv`: the columns used as features, in this order (null: every column but the label).",
      appliesWhen: "`csv`", unless: csvOnly),
    KeySpec("data.missing", \.data.missing, .choice(MissingValuePolicy.names),
      "For `csv`: what an empty cell (or `NA`, `NaN`, `?`) does: `error` refuses the file, `drop` leaves the row out, `mean` fills a feature with its training-set mean (rows without a label are left out).",
      appliesWhen: "`csv`", unless: csvOnly),
    KeySpec("data.limit", \.data.limit, .optional(.int(min: 1, max: Int.max)),
      "Use at most this many training samples from a file (the first ones).",
      appliesWhen: "`csv` or `idx`",
      unless: { s in s.data.dataset.isGenerated ? "a generator makes exactly `data.samples` samples" : nil }),
  ]

  static let modelKeys: [KeySpec] = [
    KeySpec("model.layers", \.model.layers, .intList(min: 1, max: 1_000_000),
      "Units of each hidden layer, e.g. `[100, 100, 100]`."),
    KeySpec("model.activation", \.model.activation, .choice(Activation.names),
      "Activation of every hidden layer.",
      appliesWhen: "the network has hidden layers",
      unless: { s in s.model.layers.isEmpty ? "the network has no hidden layer" : nil }),
    KeySpec("model.output", \.model.output, .choice(OutputChoice.names),
      "Output layer and cost: sigmoid + binary cross-entropy, softmax + categorical cross-entropy, linear + MSE; `auto` is sigmoid for 2 classes, softmax otherwise."),
    KeySpec("model.batch_norm", \.model.batchNorm, .boolOrBoolList,
      "Batch Normalization on every hidden layer (true), or per layer as a list of booleans."),
    KeySpec("model.bn.momentum", \.model.bn.momentum, unit,
      "Running statistics update, PyTorch convention: running = (1 - momentum) * running + momentum * batch.",
      appliesWhen: "a layer uses BN", unless: batchNormOnly),
    KeySpec("model.bn.eps", \.model.bn.eps, positive, "Added to the variance before the square root.",
      appliesWhen: "a layer uses BN", unless: batchNormOnly),
    KeySpec("model.bn.placement", \.model.bn.placement, .choice(BatchNormPlacement.names),
      "BN before the activation (the paper's choice; the layer's bias is dropped) or after it.",
      appliesWhen: "a layer uses BN", unless: batchNormOnly),
    KeySpec("model.bn.inference", \.model.bn.inference, .choice(BatchNormInference.names),
      "Statistics used at inference: running averages, or the evaluated batch's own (for comparison).",
      appliesWhen: "a layer uses BN", unless: batchNormOnly),
    KeySpec("model.bn.unbiased", \.model.bn.unbiasedRunningVariance, .bool,
      "Running variance uses the unbiased m/(m-1) batch variance, as the paper and PyTorch do.",
      appliesWhen: "a layer uses BN", unless: batchNormOnly),
    KeySpec("model.init", \.model.initialization, .choice(InitChoice.names),
      "Weight initialization: zeros, random (normal × scale), xavier (Glorot normal), xavier_uniform, he; `auto` is he for ReLU-like activations, xavier otherwise."),
    KeySpec("model.init_scale", \.model.initScale, .optional(positive),
      "For `random`: the standard deviation (default 0.01); for the others a multiplier (default 1), to show too-large initialisations.",
      appliesWhen: "`model.init` is not `zeros`",
      unless: { s in s.model.initialization == .kind(.zeros) ? "zero weights stay zero whatever the scale" : nil }),
  ]

  static let trainKeys: [KeySpec] = [
    KeySpec("train.epochs", \.train.epochs, .int(min: 1, max: 1_000_000), "Passes over the training set.",
      appliesWhen: "`train.steps` is not set",
      unless: { s in s.train.steps.map { "`train.steps: \($0)` decides the length of training" } }),
    KeySpec("train.steps", \.train.steps, .optional(.int(min: 1, max: 100_000_000)),
      "Stop after this many parameter updates instead (overrides `epochs`)."),
    KeySpec("train.batch_size", \.train.batchSize, .intOrWord(min: 1, max: 10_000_000, word: "full"),
      "Mini-batch size; `full` is batch gradient descent (the whole training set), 1 stochastic gradient descent. The last batch of an epoch may be smaller."),
    KeySpec("train.shuffle", \.train.shuffle, .bool, "Reshuffle the training set every epoch.",
      appliesWhen: "mini-batches",
      unless: { s in s.train.batchSize == .full ? "`train.batch_size: full` uses the whole training set every step" : nil }),
    KeySpec("train.optimizer.name", \.train.optimizer.kind, .choice(OptimizerKind.names),
      "sgd, momentum, rmsprop or adam."),
    KeySpec("train.optimizer.lr", \.train.optimizer.lr, positive, "Learning rate alpha."),
    KeySpec("train.optimizer.beta1", \.train.optimizer.beta1, unit,
      "Momentum's beta and Adam's beta1 (first moment).", appliesWhen: "momentum or adam",
      unless: optimizers([.momentum, .adam], "only momentum and Adam keep a first moment")),
    KeySpec("train.optimizer.beta2", \.train.optimizer.beta2, unit,
      "RMSprop's beta and Adam's beta2 (second moment).", appliesWhen: "rmsprop or adam",
      unless: optimizers([.rmsprop, .adam], "only RMSprop and Adam keep a second moment")),
    KeySpec("train.optimizer.eps", \.train.optimizer.eps, positive, "Added to the RMSprop/Adam denominator.",
      appliesWhen: "rmsprop or adam",
      unless: optimizers([.rmsprop, .adam], "only RMSprop and Adam divide by a running average")),
    KeySpec("train.schedule.name", \.train.schedule.kind, .choice(ScheduleKind.names),
      "Learning-rate decay per epoch: none, inverse (lr0 / (1 + decay_rate * epoch)), exponential (lr0 * base^epoch), inverse_sqrt (lr0 * k / sqrt(epoch + 1)), step (lr0 * factor^floor(epoch / every))."),
    KeySpec("train.schedule.decay_rate", \.train.schedule.decayRate, nonNegative, "For `inverse`.",
      appliesWhen: "`inverse`", unless: schedule(.inverse)),
    KeySpec("train.schedule.base", \.train.schedule.base, openUnit, "For `exponential`.",
      appliesWhen: "`exponential`", unless: schedule(.exponential)),
    KeySpec("train.schedule.k", \.train.schedule.k, positive, "For `inverse_sqrt`.",
      appliesWhen: "`inverse_sqrt`", unless: schedule(.inverseSqrt)),
    KeySpec("train.schedule.every", \.train.schedule.every, .int(min: 1, max: Int.max), "For `step`: epochs per stair.",
      appliesWhen: "`step`", unless: schedule(.step)),
    KeySpec("train.schedule.factor", \.train.schedule.factor, openUnit, "For `step`: multiplier per stair.",
      appliesWhen: "`step`", unless: schedule(.step)),
    KeySpec("train.l2", \.train.l2, nonNegative, "L2 regularization lambda: the cost adds lambda / (2m) * sum W^2."),
    KeySpec("train.keep_prob", \.train.keepProb, openUnit,
      "Inverted dropout keep probability on hidden layers (1 = no dropout); off at inference.",
      appliesWhen: "the network has hidden layers",
      unless: { s in s.model.layers.isEmpty ? "the network has no hidden layer to drop units of" : nil }),
    KeySpec("train.log_every", \.train.logEvery, .optional(.int(min: 1, max: Int.max)),
      "Record metrics every this many steps; null aims at about 100 points per run."),
    KeySpec("train.eval_samples", \.train.evalSamples, .int(min: 0, max: Int.max),
      "Training-set samples used to measure the training loss at each log point (0 = all)."),
    KeySpec("train.probe_layer", \.train.probeLayer, .optional(.int(min: 0, max: 1000)),
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
    ("report", "Report options: `template`, `band` (what the band around mean curves shows over seeds: `std`, ± one standard deviation, the default; `ci95`, the 95% confidence interval of the mean; `minmax`, the range of the seeds), `charts` (list to include), `exclude`, `sections` (heading, text, charts), `language` (`en`, the default, or `zh`: the language of every text normlab writes into the report; the file's own prose is shown as written)."),
    ("expect", "A list of clauses on final metrics averaged over seeds, e.g. `bn.test_accuracy > no-bn.test_accuracy`; a failed clause makes `run` exit 1."),
  ]

  /// Section names under which dotted keys live.
  public static let sections = ["data", "model", "train"]

  /// Applies `values` (checked against their keys' types) to `settings`; unknown keys are
  /// left out (callers validate keys first).
  public static func apply(_ values: [String: ConfigValue], to settings: inout ExperimentSettings) {
    for (path, value) in values.sorted(by: { $0.key < $1.key }) {
      byPath[path]?.set(value, in: &settings)
    }
  }

  /// Every key's value in `settings`, in schema order.
  public static func values(of settings: ExperimentSettings) -> [(path: String, value: ConfigValue)] {
    keys.map { ($0.path, $0.value(in: settings)) }
  }
}

extension ExperimentSettings {
  /// Defaults with `values` set, keys and values as a file would write them (for tools and
  /// tests); values that do not pass their key's check are left at the default.
  public init(_ values: [String: ConfigValue]) {
    self.init()
    for (path, value) in values.sorted(by: { $0.key < $1.key }) {
      guard let spec = Schema.byPath[path], case .success(let checked) = spec.type.check(value) else { continue }
      spec.set(checked, in: &self)
    }
  }
}
