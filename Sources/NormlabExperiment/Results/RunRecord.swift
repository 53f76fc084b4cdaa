import Foundation

/// The version of normlab: `--version`, every `metrics.json`, the report's title page.
public let normlabVersion = "0.2.0"

/// Final metrics of one run, as the contract names them.
public struct FinalMetrics: Sendable, Codable, Hashable {
  public var trainLoss: Double?
  public var testLoss: Double?
  public var trainAccuracy: Double?
  public var testAccuracy: Double?
  /// On the development set; nil (and left out of metrics.json) without one.
  public var devLoss: Double? = nil
  public var devAccuracy: Double? = nil
  public var steps: Int
  public var epochs: Double
  public var diverged: Bool
  public var divergedAtStep: Int?
  public var interrupted: Bool
  /// The only wall-clock figures; excluded from determinism checks.
  public var wallSeconds: Double
  public var stepsPerSecond: Double

  enum CodingKeys: String, CodingKey {
    case trainLoss = "train_loss", testLoss = "test_loss", trainAccuracy = "train_accuracy"
    case testAccuracy = "test_accuracy", devLoss = "dev_loss", devAccuracy = "dev_accuracy", steps, epochs, diverged
    case divergedAtStep = "diverged_at_step", interrupted
    case wallSeconds = "wall_seconds", stepsPerSecond = "steps_per_second"
  }

  /// Missing values are written as `null`, not left out: the contract's keys are always there.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(trainLoss, forKey: .trainLoss)
    try container.encode(testLoss, forKey: .testLoss)
    try container.encode(trainAccuracy, forKey: .trainAccuracy)
    try container.encode(testAccuracy, forKey: .testAccuracy)
    try container.encodeIfPresent(devLoss, forKey: .devLoss)
    try container.encodeIfPresent(devAccuracy, forKey: .devAccuracy)
    try container.encode(steps, forKey: .steps)
    try container.encode(epochs, forKey: .epochs)
    try container.encode(diverged, forKey: .diverged)
    try container.encode(divergedAtStep, forKey: .divergedAtStep)
    try container.encode(interrupted, forKey: .interrupted)
    try container.encode(wallSeconds, forKey: .wallSeconds)
    try container.encode(stepsPerSecond, forKey: .stepsPerSecond)
  }
}

/// Logged series of one run; null where a value was not finite.
public struct HistoryRecord: Sendable, Codable, Hashable {
  public var step: [Int]
  public var epoch: [Double]
  public var trainLoss: [Double?]
  public var testLoss: [Double?]
  public var trainAccuracy: [Double?]
  public var testAccuracy: [Double?]
  public var learningRate: [Double?]
  public var batchLoss: [Double?]
  /// On the development set; nil (and left out of metrics.json) without one.
  public var devLoss: [Double?]? = nil
  public var devAccuracy: [Double?]? = nil

  enum CodingKeys: String, CodingKey {
    case step, epoch, trainLoss = "train_loss", testLoss = "test_loss"
    case trainAccuracy = "train_accuracy", testAccuracy = "test_accuracy"
    case learningRate = "learning_rate", batchLoss = "batch_loss"
    case devLoss = "dev_loss", devAccuracy = "dev_accuracy"
  }
}

/// Diagnostics of one run at the same logging points as its history.
public struct DiagnosticsRecord: Sendable, Codable, Hashable {
  /// [point][layer] Frobenius norm of dW.
  public var gradientNorms: [[Double?]]
  /// [point][layer] Frobenius norm of W.
  public var weightNorms: [[Double?]]
  /// [point] 15th, 50th, 85th percentiles of the watched unit's activation input.
  public var probePercentiles: [[Double?]]
  /// Hidden layer watched by `probePercentiles`.
  public var probeLayer: Int
  /// [point][hidden layer] fraction of saturated (sigmoid/tanh) or dead (ReLU) units.
  public var saturation: [[Double?]]
  /// [point][hidden layer] mean over units of BN's running mean; null for layers without BN.
  public var batchNormRunningMean: [[Double?]]? = nil
  /// [point][hidden layer] mean over units of BN's running variance; null without BN.
  public var batchNormRunningVariance: [[Double?]]? = nil

  enum CodingKeys: String, CodingKey {
    case gradientNorms = "gradient_norms", weightNorms = "weight_norms"
    case probePercentiles = "probe_percentiles", probeLayer = "probe_layer", saturation
    case batchNormRunningMean = "bn_running_mean", batchNormRunningVariance = "bn_running_variance"
  }
}

/// A predicted-probability grid over the input plane of a 2-feature classifier.
public struct BoundaryGrid: Sendable, Codable, Hashable {
  public var xRange: [Double]
  public var yRange: [Double]
  public var resolution: Int
  /// Row-major, `resolution` × `resolution`, y rows from bottom; P(class 1), or the predicted
  /// class index for more than two classes.
  public var values: [Double]
  public var classes: Int

  enum CodingKeys: String, CodingKey {
    case xRange = "x_range", yRange = "y_range", resolution, values, classes
  }
}

/// Points of the test set, for drawing data over decision boundaries.
public struct DataSample: Sendable, Codable, Hashable {
  public var x: [Double]
  public var y: [Double]
  public var label: [Int]
}

public struct RunRecord: Sendable, Codable, Hashable {
  public var variant: String
  public var label: String
  public var color: String?
  public var seed: UInt64
  public var trial: Int?
  /// The swept keys' values of this run's trial, typed.
  public var parameters: [String: ConfigValue]
  /// Every setting this run trained with. Files of normlab 0.1 lack it: decoding fills it in
  /// from the variant and the trial's parameters.
  public var settings: ExperimentSettings?
  public var final: FinalMetrics
  public var history: HistoryRecord
  public var diagnostics: DiagnosticsRecord
  public var boundary: BoundaryGrid?
  /// Per-class evaluation on the test set at the end of training (classifiers only).
  public var classification: ClassificationRecord? = nil

  public init(
    variant: String, label: String, color: String?, seed: UInt64, trial: Int?,
    parameters: [String: ConfigValue], settings: ExperimentSettings?, final: FinalMetrics,
    history: HistoryRecord, diagnostics: DiagnosticsRecord, boundary: BoundaryGrid?
  ) {
    self.variant = variant
    self.label = label
    self.color = color
    self.seed = seed
    self.trial = trial
    self.parameters = parameters
    self.settings = settings
    self.final = final
    self.history = history
    self.diagnostics = diagnostics
    self.boundary = boundary
  }

  enum CodingKeys: String, CodingKey {
    case variant, label, color, seed, trial, parameters, settings, final, history, diagnostics, boundary
    case classification
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    variant = try c.decode(String.self, forKey: .variant)
    label = try c.decode(String.self, forKey: .label)
    color = try c.decodeIfPresent(String.self, forKey: .color)
    seed = try c.decode(UInt64.self, forKey: .seed)
    trial = try c.decodeIfPresent(Int.self, forKey: .trial)
    parameters = try c.decode(LegacyValues.self, forKey: .parameters).values
    settings = try c.decodeIfPresent(ExperimentSettings.self, forKey: .settings)
    final = try c.decode(FinalMetrics.self, forKey: .final)
    history = try c.decode(HistoryRecord.self, forKey: .history)
    diagnostics = try c.decode(DiagnosticsRecord.self, forKey: .diagnostics)
    boundary = try c.decodeIfPresent(BoundaryGrid.self, forKey: .boundary)
    classification = try c.decodeIfPresent(ClassificationRecord.self, forKey: .classification)
  }
}
