import NormlabEngine

/// Everything that decides how one run trains, typed: the resolved `data`, `model` and `train`
/// sections of an experiment file. The property initialisers (and the engine option types the
/// tree embeds) are the only defaults normlab has; `Schema` reads them to document and print
/// the defaults.
public struct ExperimentSettings: Sendable, Hashable {
  public var data = DataSettings()
  public var model = ModelSettings()
  public var train = TrainSettings()

  public init() {}
}

/// The built-in generators and the two file formats.
public enum DatasetKind: String, Sendable, Hashable, CaseIterable {
  case blobs, moons, circles, spirals, scaled, csv, idx

  /// True for the built-in generators.
  public var isGenerated: Bool { self != .csv && self != .idx }

  /// Class count the generator fixes, nil where `data.classes` decides (or the file does).
  public var fixedClasses: Int? {
    switch self {
    case .moons, .circles, .scaled: return 2
    default: return nil
    }
  }

  /// True where `data.features` decides the number of inputs.
  public var takesFeatureCount: Bool { self == .blobs || self == .scaled }
}

public struct DataSettings: Sendable, Hashable {
  public var dataset: DatasetKind = .blobs
  public var samples = 1000
  public var noise: Double? = nil
  public var classes = 2
  public var features = 2
  public var scaleRatio = 1000.0
  public var seed = 0
  public var testFraction = 0.2
  public var normalizeInputs = false
  public var path: String? = nil
  public var label = "label"
  public var testPath: String? = nil
  public var images: String? = nil
  public var labels: String? = nil
  public var testImages: String? = nil
  public var testLabels: String? = nil
  public var limit: Int? = nil
  /// Fraction of the training samples held out as the development set.
  public var devFraction = 0.0
  public var devPath: String? = nil
  public var devImages: String? = nil
  public var devLabels: String? = nil
  /// The CSV columns used as features (nil: every column but the label).
  public var columns: ColumnNames? = nil
  public var missing: MissingValuePolicy = .error

  public init() {}

  /// True when the development set comes from its own files rather than a split.
  public var hasDevFiles: Bool {
    dataset == .csv ? devPath != nil : dataset == .idx ? devImages != nil : false
  }

  /// True when runs have a development set.
  public var hasDevSet: Bool { hasDevFiles || devFraction > 0 }

  /// Class count a generator produces.
  public var generatedClasses: Int { dataset.fixedClasses ?? classes }

  /// Input features of a generated dataset (a file decides its own).
  public var generatedFeatures: Int { dataset.takesFeatureCount ? features : 2 }

  /// True when the test set comes from its own file rather than a split.
  public var hasTestFiles: Bool {
    dataset == .csv ? testPath != nil : dataset == .idx ? testImages != nil : false
  }
}

/// What a CSV cell without a value (empty, `NA`, `NaN`, `?`) does.
public enum MissingValuePolicy: String, Sendable, Hashable, CaseIterable {
  /// Refuse the file, naming the row and column.
  case error
  /// Leave out every row with a missing value.
  case drop
  /// Fill a missing feature with its column's mean over the training set (never over test or
  /// development data); a row without a label is left out.
  case mean
}

/// The output layer and cost, or `auto`: sigmoid for two classes, softmax for more.
public enum OutputChoice: String, Sendable, Hashable, CaseIterable {
  case auto, sigmoid, softmax, linear
}

/// Batch Normalization on every hidden layer, or per layer.
public enum BatchNormLayers: Sendable, Hashable {
  case all(Bool)
  case perLayer([Bool])

  /// The flag of hidden layer `index` (a per-layer list shorter than the network leaves the
  /// rest without BN; validation refuses such lists).
  public func isOn(layer index: Int) -> Bool {
    switch self {
    case .all(let on): return on
    case .perLayer(let flags): return index < flags.count ? flags[index] : false
    }
  }

  public func isOnAnywhere(layers: Int) -> Bool { (0..<layers).contains { isOn(layer: $0) } }
}

/// A weight initialization, or `auto`: He for ReLU-like activations, Xavier otherwise.
public enum InitChoice: Sendable, Hashable {
  case auto
  case kind(InitializerKind)

  public static let names = ["auto"] + InitializerKind.allCases.map(\.rawValue)

  public init?(name: String) {
    if name == "auto" {
      self = .auto
    } else if let kind = InitializerKind(rawValue: name) {
      self = .kind(kind)
    } else {
      return nil
    }
  }

  public var name: String {
    switch self {
    case .auto: return "auto"
    case .kind(let kind): return kind.rawValue
    }
  }

  /// The initializer this choice means for hidden layers with `activation`.
  public func resolved(for activation: Activation) -> InitializerKind {
    switch self {
    case .kind(let kind): return kind
    case .auto: return activation == .relu || activation == .leakyRelu ? .he : .xavier
    }
  }
}

public struct ModelSettings: Sendable, Hashable {
  public var layers = [16, 16]
  public var activation: Activation = .relu
  public var output: OutputChoice = .auto
  public var batchNorm: BatchNormLayers = .all(false)
  /// The engine's own options type: its initial values are the defaults.
  public var bn = BatchNormOptions()
  public var initialization: InitChoice = .auto
  public var initScale: Double? = nil

  public init() {}

  public var usesBatchNorm: Bool { batchNorm.isOnAnywhere(layers: layers.count) }
}

/// Mini-batch size, or the whole training set.
public enum BatchSize: Sendable, Hashable {
  case full
  case size(Int)

  /// The engine's convention: 0 is the whole training set.
  public var engineValue: Int {
    switch self {
    case .full: return 0
    case .size(let n): return n
    }
  }

  /// Rows per step for a training set of `rows`.
  public func rows(of rows: Int) -> Int {
    switch self {
    case .full: return rows
    case .size(let n): return min(n, rows)
    }
  }
}

public struct TrainSettings: Sendable, Hashable {
  public var epochs = TrainingOptions().epochs
  public var steps: Int? = nil
  public var batchSize: BatchSize = .size(TrainingOptions().batchSize)
  public var shuffle = TrainingOptions().shuffle
  /// The engine's own options types: their initial values are the defaults.
  public var optimizer = OptimizerOptions(kind: .sgd, lr: 0.1)
  public var schedule = LearningRateSchedule()
  public var l2 = 0.0
  public var keepProb = 1.0
  /// nil aims at about 100 logged points per run.
  public var logEvery: Int? = nil
  public var evalSamples = TrainingOptions().evaluationSamples
  public var probeLayer: Int? = nil

  public init() {}
}
