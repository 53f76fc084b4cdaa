import NormlabEngine
import RealModule

/// The data-related settings of a run; runs with equal settings share one loaded dataset.
public struct DataConfig: Sendable, Hashable {
  public var dataset: String
  public var samples: Int
  public var noise: Double?
  public var classes: Int
  public var features: Int
  public var scaleRatio: Double
  public var seed: UInt64
  public var testFraction: Double
  public var normalizeInputs: Bool
  public var path: String?
  public var label: String
  public var testPath: String?
  public var images: String?
  public var labels: String?
  public var testImages: String?
  public var testLabels: String?
  public var limit: Int?

  public init(values: [String: ConfigValue]) {
    func string(_ key: String) -> String? { values[key]?.stringValue }
    dataset = string("data.dataset") ?? "blobs"
    samples = values["data.samples"]?.intValue ?? 1000
    noise = values["data.noise"]?.doubleValue
    classes = values["data.classes"]?.intValue ?? 2
    features = values["data.features"]?.intValue ?? 2
    scaleRatio = values["data.scale_ratio"]?.doubleValue ?? 1000
    seed = UInt64(values["data.seed"]?.intValue ?? 0)
    testFraction = values["data.test_fraction"]?.doubleValue ?? 0.2
    normalizeInputs = values["data.normalize_inputs"]?.boolValue ?? false
    path = string("data.path")
    label = string("data.label") ?? "label"
    testPath = string("data.test_path")
    images = string("data.images")
    labels = string("data.labels")
    testImages = string("data.test_images")
    testLabels = string("data.test_labels")
    limit = values["data.limit"]?.intValue
  }

  /// Class count the generator produces.
  public var generatedClasses: Int {
    ["blobs", "spirals"].contains(dataset) ? classes : 2
  }
}

/// Train and test sets ready for the engine, plus what the report needs to know about them.
public struct LoadedData: Sendable {
  public var train: Dataset<Float>
  public var test: Dataset<Float>
  public var normalizer: InputNormalizer?
  public var classCount: Int { max(train.classCount, test.classCount) }
}

/// Reads data files named in an experiment; the CLI supplies one rooted at the experiment's
/// folder (this library does no file I/O itself).
public protocol DataFileReader: Sendable {
  /// The bytes of `path` as written in the experiment file.
  func read(_ path: String) throws(DataError) -> [UInt8]
  /// How to name `path` in messages so the user can open it (e.g. relative to the working folder).
  func displayPath(_ path: String) -> String
}

extension DataFileReader {
  public func displayPath(_ path: String) -> String { path }
}

/// A data file problem, with the file and, where known, the row and column.
public struct DataError: Error, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int?
  public var column: Int?
  public var message: String
  public var hint: String?
  /// The experiment key that names the file (`data.path`, `data.images`, ...), when known;
  /// problems without a row in the file are reported at that key of the experiment.
  public var key: String?
  /// The offending line of a text file, for the caret display.
  public var sourceLine: String?

  public init(
    file: String, line: Int? = nil, column: Int? = nil, message: String, hint: String? = nil,
    key: String? = nil, sourceLine: String? = nil
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
    self.hint = hint
    self.key = key
    self.sourceLine = sourceLine
  }

  public var description: String {
    if line != nil { return diagnostic.description }
    var text = "\(file): error: \(message)"
    if let hint { text += "\n    hint: \(hint)" }
    return text
  }

  /// The problem as a diagnostic inside the data file (row and column from 1).
  public var diagnostic: Diagnostic {
    Diagnostic(
      file: file, position: line.map { SourcePosition(line: $0, column: column ?? 1) },
      message: message, hint: hint, sourceLine: sourceLine)
  }
}

public enum DataLoader {
  /// Classes a dataset may have (the output layer has one unit per class).
  public static let maxClasses = 1000

  /// Generates or reads the data of `config`, splits it and normalizes it if asked. A file
  /// problem names the experiment key that points at the file (`DataError.key`).
  public static func load(_ config: DataConfig, reader: (any DataFileReader)?) throws(DataError)
    -> LoadedData
  {
    var train: Dataset<Float>
    var test: Dataset<Float>
    /// Reads one named file and runs `parse` on it, tagging errors with the key and a path the
    /// user can open.
    func loadFile<T>(
      _ key: String, _ path: String, _ parse: ([UInt8], String) throws(DataError) -> T
    ) throws(DataError) -> T {
      guard let reader else {
        throw DataError(file: path, message: "cannot read data files here", key: key)
      }
      let shown = reader.displayPath(path)
      do {
        return try parse(try reader.read(path), shown)
      } catch {
        var tagged = error
        tagged.key = tagged.key ?? key
        if tagged.file == path { tagged.file = shown }
        throw tagged
      }
    }
    switch config.dataset {
    case "csv":
      guard let path = config.path else {
        throw DataError(file: "experiment", message: "`data.dataset: csv` needs `data.path`", key: "data.dataset")
      }
      let label = config.label
      let all = try loadFile("data.path", path) { (bytes, shown) throws(DataError) in
        try CSVLoader.load(bytes: bytes, file: shown, labelColumn: label)
      }
      if let testPath = config.testPath {
        train = all
        test = try loadFile("data.test_path", testPath) { (bytes, shown) throws(DataError) in
          try CSVLoader.load(bytes: bytes, file: shown, labelColumn: label)
        }
        guard test.featureCount == train.featureCount else {
          throw DataError(
            file: testPath,
            message: "has \(test.featureCount) feature columns but `\(path)` has \(train.featureCount)",
            key: "data.test_path")
        }
      } else {
        (train, test) = split(all, fraction: config.testFraction, seed: config.seed)
      }
    case "idx":
      guard let images = config.images, let labels = config.labels else {
        throw DataError(
          file: "experiment", message: "`data.dataset: idx` needs `data.images` and `data.labels`",
          key: "data.dataset")
      }
      func loadPair(_ imagesKey: String, _ images: String, _ labelsKey: String, _ labels: String)
        throws(DataError) -> Dataset<Float>
      {
        let imageBytes = try loadFile(imagesKey, images) { (bytes, _) throws(DataError) in bytes }
        let labelBytes = try loadFile(labelsKey, labels) { (bytes, _) throws(DataError) in bytes }
        do {
          return try IDXLoader.load(images: imageBytes, imagesFile: images, labels: labelBytes, labelsFile: labels)
        } catch {
          var tagged = error
          tagged.key = tagged.file == images ? imagesKey : labelsKey
          throw tagged
        }
      }
      let all = try loadPair("data.images", images, "data.labels", labels)
      if let testImages = config.testImages, let testLabels = config.testLabels {
        train = all
        test = try loadPair("data.test_images", testImages, "data.test_labels", testLabels)
        guard test.featureCount == train.featureCount else {
          throw DataError(
            file: testImages,
            message: "images have \(test.featureCount) pixels but the training images have \(train.featureCount)",
            key: "data.test_images")
        }
      } else {
        (train, test) = split(all, fraction: config.testFraction, seed: config.seed)
      }
    default:
      let all = Generators.generate(config)
      (train, test) = split(all, fraction: config.testFraction, seed: config.seed)
    }
    if let limit = config.limit, train.count > limit {
      train = train.subset(Array(0..<limit))
    }
    guard train.count > 0 else {
      throw DataError(file: config.path ?? config.dataset, message: "the dataset has no training samples", key: "data.dataset")
    }
    // A class the network never trains on cannot be predicted; a test label outside the
    // training labels is a mistake in the data (or a split of too few samples).
    let trainClasses = Set(train.labels)
    if let unseen = Set(test.labels).subtracting(trainClasses).min() {
      let key: String
      let file: String
      switch config.dataset {
      case "csv": (key, file) = config.testPath.map { ("data.test_path", $0) } ?? ("data.path", config.path ?? "csv")
      case "idx": (key, file) = config.testLabels.map { ("data.test_labels", $0) } ?? ("data.labels", config.labels ?? "idx")
      default: (key, file) = ("data.samples", config.dataset)
      }
      let separateFile = config.testPath != nil || config.testLabels != nil
      throw DataError(
        file: file,
        message: "test label \(unseen) never occurs in the training data (training labels: \(trainClasses.sorted().prefix(10).map(String.init).joined(separator: ", "))\(trainClasses.count > 10 ? ", …" : ""))",
        hint: separateFile
          ? "the test file must use the training file's classes"
          : "a class has too few samples to appear in both the training and the test set; add samples or lower `data.test_fraction`",
        key: key)
    }
    var normalizer: InputNormalizer?
    if config.normalizeInputs {
      let fitted = InputNormalizer(fitting: train)
      train = fitted.apply(to: train)
      test = fitted.apply(to: test)
      normalizer = fitted
    }
    return LoadedData(train: train, test: test, normalizer: normalizer)
  }

  /// A seeded shuffle, then the last `fraction` of the samples become the test set.
  public static func split(_ data: Dataset<Float>, fraction: Double, seed: UInt64)
    -> (Dataset<Float>, Dataset<Float>)
  {
    var order = Array(0..<data.count)
    var rng = SplitMix64(seed: seed).derived(0x5EED)
    rng.shuffle(&order)
    let testCount = min(Int((Double(data.count) * fraction).rounded()), max(data.count - 1, 0))
    let trainCount = data.count - testCount
    return (data.subset(Array(order[0..<trainCount])), data.subset(Array(order[trainCount...])))
  }
}

/// The built-in dataset generators, all determined by `data.seed`.
public enum Generators {
  public static let defaultNoise: [String: Double] = [
    "blobs": 1.0, "moons": 0.2, "circles": 0.08, "spirals": 0.2, "scaled": 0.5,
  ]

  public static func generate(_ config: DataConfig) -> Dataset<Float> {
    var rng = SplitMix64(seed: config.seed)
    let noise = config.noise ?? defaultNoise[config.dataset] ?? 0.2
    let n = config.samples
    var features: [Float] = []
    var labels: [Int32] = []
    var featureCount = 2
    var classes = 2
    switch config.dataset {
    case "moons":
      // sklearn's make_moons: two interleaved half circles.
      for i in 0..<n {
        let label = i % 2
        let t = Double.pi * rng.nextUniform()
        let x = label == 0 ? Double.cos(t) : 1 - Double.cos(t)
        let y = label == 0 ? Double.sin(t) : 0.5 - Double.sin(t)
        features += [Float(x + noise * rng.nextNormal()), Float(y + noise * rng.nextNormal())]
        labels.append(Int32(label))
      }
    case "circles":
      // Two concentric circles, the inner one half the radius.
      for i in 0..<n {
        let label = i % 2
        let t = 2 * Double.pi * rng.nextUniform()
        let r = label == 0 ? 1.0 : 0.5
        features += [
          Float(r * Double.cos(t) + noise * rng.nextNormal()),
          Float(r * Double.sin(t) + noise * rng.nextNormal()),
        ]
        labels.append(Int32(label))
      }
    case "spirals":
      // CS231n's spirals: each class is one arm, radius growing along it.
      classes = config.classes
      for i in 0..<n {
        let label = i % classes
        let position = rng.nextUniform()
        let r = position
        let t = Double(label) * 4 + position * 4 + noise * rng.nextNormal()
        features += [Float(r * Double.sin(t)), Float(r * Double.cos(t))]
        labels.append(Int32(label))
      }
    case "scaled":
      // Two Gaussian classes apart along every feature, then feature j multiplied by
      // ratio^(j / (d - 1)): the first on scale 1, the last on scale `scale_ratio`.
      featureCount = config.features
      for i in 0..<n {
        let label = i % 2
        let center = label == 0 ? -1.0 : 1.0
        for j in 0..<featureCount {
          let scale = Double.pow(config.scaleRatio, Double(j) / Double(max(featureCount - 1, 1)))
          features.append(Float((center + noise * 2 * rng.nextNormal()) * scale + 2 * scale))
        }
        labels.append(Int32(label))
      }
    default:
      // blobs: class centres evenly spaced on a circle of radius 3 (extra features centred at
      // 0), isotropic Gaussian noise.
      classes = config.classes
      featureCount = config.features
      for i in 0..<n {
        let label = i % classes
        let angle = 2 * Double.pi * Double(label) / Double(classes)
        for j in 0..<featureCount {
          let center = j == 0 ? 3 * Double.cos(angle) : (j == 1 ? 3 * Double.sin(angle) : 0)
          features.append(Float(center + noise * rng.nextNormal()))
        }
        labels.append(Int32(label))
      }
    }
    return Dataset(features: features, labels: labels, featureCount: featureCount, classCount: classes)
  }
}
