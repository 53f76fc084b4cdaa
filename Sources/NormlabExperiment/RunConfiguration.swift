import NormlabEngine

/// The typed engine configuration of one run, built from its flat values.
public struct RunConfiguration: Sendable {
  public var data: DataConfig
  public var network: NetworkSpec
  public var training: TrainingOptions

  /// `featureCount` and `classCount` come from the loaded data.
  public init(values: [String: ConfigValue], featureCount: Int, classCount: Int) {
    data = DataConfig(values: values)
    let layers = values["model.layers"]?.listValue?.compactMap(\.intValue) ?? [16, 16]
    let activation = Activation(rawValue: values["model.activation"]?.stringValue ?? "relu") ?? .relu
    let batchNormFlags: [Bool]
    switch values["model.batch_norm"] {
    case .bool(let b)?: batchNormFlags = Array(repeating: b, count: layers.count)
    case .list(let items)?: batchNormFlags = items.map { $0.boolValue ?? false }
    default: batchNormFlags = Array(repeating: false, count: layers.count)
    }
    let hidden = layers.enumerated().map { index, units in
      HiddenLayerSpec(
        units: units, activation: activation,
        batchNorm: index < batchNormFlags.count ? batchNormFlags[index] : false)
    }
    let loss: OutputLoss
    switch values["model.output"]?.stringValue ?? "auto" {
    case "sigmoid": loss = .sigmoidCrossEntropy
    case "softmax": loss = .softmaxCrossEntropy
    case "linear": loss = .meanSquaredError
    default: loss = classCount > 2 ? .softmaxCrossEntropy : .sigmoidCrossEntropy
    }
    let outputUnits = loss == .softmaxCrossEntropy ? max(classCount, 2) : 1
    let initName = values["model.init"]?.stringValue ?? "auto"
    let initKind: InitializerKind
    if initName == "auto" {
      initKind = activation == .relu || activation == .leakyRelu ? .he : .xavier
    } else {
      initKind = InitializerKind(rawValue: initName) ?? .he
    }
    let batchNorm = BatchNormOptions(
      momentum: values["model.bn.momentum"]?.doubleValue ?? 0.1,
      eps: values["model.bn.eps"]?.doubleValue ?? 1e-5,
      placement: BatchNormPlacement(rawValue: values["model.bn.placement"]?.stringValue ?? "") ?? .before,
      inference: BatchNormInference(rawValue: values["model.bn.inference"]?.stringValue ?? "") ?? .running,
      unbiasedRunningVariance: values["model.bn.unbiased"]?.boolValue ?? true)
    network = NetworkSpec(
      inputSize: featureCount, hidden: hidden, outputUnits: outputUnits, loss: loss,
      initializer: Initializer(kind: initKind, scale: values["model.init_scale"]?.doubleValue),
      batchNorm: batchNorm, l2: values["train.l2"]?.doubleValue ?? 0,
      keepProbability: values["train.keep_prob"]?.doubleValue ?? 1)

    let optimizer = OptimizerOptions(
      kind: OptimizerKind(rawValue: values["train.optimizer.name"]?.stringValue ?? "") ?? .sgd,
      lr: values["train.optimizer.lr"]?.doubleValue ?? 0.1,
      beta1: values["train.optimizer.beta1"]?.doubleValue ?? 0.9,
      beta2: values["train.optimizer.beta2"]?.doubleValue ?? 0.999,
      eps: values["train.optimizer.eps"]?.doubleValue ?? 1e-8)
    let schedule = LearningRateSchedule(
      kind: ScheduleKind(rawValue: values["train.schedule.name"]?.stringValue ?? "") ?? .none,
      decayRate: values["train.schedule.decay_rate"]?.doubleValue ?? 1,
      base: values["train.schedule.base"]?.doubleValue ?? 0.95,
      k: values["train.schedule.k"]?.doubleValue ?? 1,
      every: values["train.schedule.every"]?.intValue ?? 10,
      factor: values["train.schedule.factor"]?.doubleValue ?? 0.5)
    training = TrainingOptions(
      epochs: values["train.epochs"]?.intValue ?? 20,
      steps: values["train.steps"]?.intValue,
      // The engine reads batch size 0 as the whole training set.
      batchSize: values["train.batch_size"] == .string("full") ? 0 : values["train.batch_size"]?.intValue ?? 64,
      shuffle: values["train.shuffle"]?.boolValue ?? true,
      optimizer: optimizer, schedule: schedule,
      logEvery: values["train.log_every"]?.intValue ?? 0,
      evaluationSamples: values["train.eval_samples"]?.intValue ?? 2000,
      probeLayer: values["train.probe_layer"]?.intValue)
  }
}

/// `--quick`: fewer samples and steps, for smoke tests and CI previews.
public enum QuickMode {
  public static let maxSamples = 2000
  public static let maxSteps = 300

  public static func apply(to values: [String: ConfigValue]) -> [String: ConfigValue] {
    var out = values
    if let samples = values["data.samples"]?.intValue, samples > maxSamples {
      out["data.samples"] = .int(maxSamples)
    }
    let limit = values["data.limit"]?.intValue ?? Int.max
    out["data.limit"] = .int(min(limit, maxSamples * 5))
    if let eval = values["train.eval_samples"]?.intValue, eval == 0 || eval > 1000 {
      out["train.eval_samples"] = .int(1000)
    }
    return out
  }
}
