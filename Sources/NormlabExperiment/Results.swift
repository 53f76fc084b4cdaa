/// The version written into every `metrics.json`.
public let normlabVersion = "0.1.0"

/// Final metrics of one run, as the contract names them.
public struct FinalMetrics: Sendable, Codable, Hashable {
  public var trainLoss: Double?
  public var testLoss: Double?
  public var trainAccuracy: Double?
  public var testAccuracy: Double?
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
    case testAccuracy = "test_accuracy", steps, epochs, diverged
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

  enum CodingKeys: String, CodingKey {
    case step, epoch, trainLoss = "train_loss", testLoss = "test_loss"
    case trainAccuracy = "train_accuracy", testAccuracy = "test_accuracy"
    case learningRate = "learning_rate", batchLoss = "batch_loss"
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
  public var parameters: [String: String]
  public var final: FinalMetrics
  public var history: HistoryRecord
  public var diagnostics: DiagnosticsRecord
  public var boundary: BoundaryGrid?
}

/// A variant's fully resolved configuration, for the report's configuration page.
public struct VariantRecord: Sendable, Codable, Hashable {
  public var name: String
  public var label: String
  public var color: String?
  public var values: [String: String]
}

public struct ReportSectionRecord: Sendable, Codable, Hashable {
  public var heading: String
  public var text: String
  public var charts: [String]
}

public struct ReportRecord: Sendable, Codable, Hashable {
  public var template: String
  public var charts: [String]
  public var exclude: [String]
  public var sections: [ReportSectionRecord]
}

/// Everything `metrics.json` holds: enough to re-render every output without training.
public struct ExperimentResult: Sendable, Codable, Hashable {
  public var experiment: String
  public var normlabVersion: String
  public var title: String
  public var description: String
  public var seeds: [UInt64]
  public var quick: Bool
  public var interrupted: Bool
  /// `K/N` when this is a partial result of `--shard`.
  public var shard: String?
  public var variants: [VariantRecord]
  /// Swept keys, in file order.
  public var sweepKeys: [String]
  public var report: ReportRecord
  public var runs: [RunRecord]
  public var expectations: [ExpectationResult]
  public var dataSample: DataSample?
  /// ISO 8601 date of the report: SOURCE_DATE_EPOCH, else the source commit's date.
  public var date: String?
  /// The source commit the run came from, when known.
  public var commit: String?
  /// Figures computed after training (loss surfaces); absent when the report needs none.
  public var analyses: AnalysesRecord? = nil
  /// The `expect:` clauses as written, so `normlab merge` can evaluate them on joined shards.
  public var expectClauses: [String]? = nil
  /// For a partial result of `--shard`: the runs of the whole plan, and the SHA-256 of this
  /// shard's runs as written, so `merge` refuses shards whose runs were removed or edited.
  public var plannedRuns: Int? = nil
  public var shardDigest: String? = nil

  enum CodingKeys: String, CodingKey {
    case experiment, normlabVersion = "normlab_version", title, description, seeds, quick
    case interrupted, shard, variants, sweepKeys = "sweep_keys", report, runs, expectations
    case dataSample = "data_sample", date, commit, analyses
    case expectClauses = "expect_clauses"
    case plannedRuns = "planned_runs", shardDigest = "shard_digest"
  }

  /// True when every clause held and no run was cut short.
  public var expectationsPassed: Bool { expectations.allSatisfy(\.passed) }
}

extension Double {
  /// nil for NaN and infinities, which JSON cannot hold.
  var finiteOrNil: Double? { isFinite ? self : nil }
}
