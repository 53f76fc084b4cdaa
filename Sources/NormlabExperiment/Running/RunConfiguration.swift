import NormlabEngine

/// The engine's configuration of one run, made from its typed settings and the shape of its
/// data. Every engine option takes its value from the settings tree.
public struct RunConfiguration: Sendable {
  public var data: DataSettings
  public var network: NetworkSpec
  public var training: TrainingOptions

  /// `featureCount` and `classCount` come from the loaded data.
  public init(settings: ExperimentSettings, featureCount: Int, classCount: Int) {
    data = settings.data
    let model = settings.model
    let hidden = model.layers.enumerated().map { index, units in
      HiddenLayerSpec(units: units, activation: model.activation, batchNorm: model.batchNorm.isOn(layer: index))
    }
    let loss: OutputLoss
    switch model.output {
    case .sigmoid: loss = .sigmoidCrossEntropy
    case .softmax: loss = .softmaxCrossEntropy
    case .linear: loss = .meanSquaredError
    case .auto: loss = classCount > 2 ? .softmaxCrossEntropy : .sigmoidCrossEntropy
    }
    network = NetworkSpec(
      inputSize: featureCount, hidden: hidden,
      outputUnits: loss == .softmaxCrossEntropy ? max(classCount, 2) : 1, loss: loss,
      initializer: Initializer(kind: model.initialization.resolved(for: model.activation), scale: model.initScale),
      batchNorm: model.bn, l2: settings.train.l2, keepProbability: settings.train.keepProb)
    let train = settings.train
    training = TrainingOptions(
      epochs: train.epochs, steps: train.steps, batchSize: train.batchSize.engineValue,
      shuffle: train.shuffle, optimizer: train.optimizer, schedule: train.schedule,
      logEvery: train.logEvery ?? 0, evaluationSamples: train.evalSamples,
      probeLayer: train.probeLayer)
  }
}

/// `--quick`: fewer samples and steps, for smoke tests and CI previews.
public enum QuickMode {
  public static let maxSamples = 2000
  public static let maxSteps = 300

  public static func apply(to settings: ExperimentSettings) -> ExperimentSettings {
    var out = settings
    out.data.samples = min(settings.data.samples, maxSamples)
    out.data.limit = min(settings.data.limit ?? Int.max, maxSamples * 5)
    if settings.train.evalSamples == 0 || settings.train.evalSamples > 1000 {
      out.train.evalSamples = 1000
    }
    return out
  }
}
