import NormlabEngine
import RealModule

public enum DataLoader {
  /// Classes a dataset may have (the output layer has one unit per class).
  public static let maxClasses = 1000

  /// Generates or reads the data of `config`, splits it and normalizes it if asked. A file
  /// problem names the experiment key that points at the file (`DataError.key`).
  public static func load(_ config: DataSettings, reader: (any DataFileReader)?) throws(DataError)
    -> LoadedData
  {
    var train: Dataset<Float>
    var test: Dataset<Float>
    /// `key digest` of every file read, in reading order: the data's fingerprint.
    var fileDigests: [String] = []
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
        let bytes = try reader.read(path)
        fileDigests.append("\(key) \(ContentDigest.sha256(bytes))")
        return try parse(bytes, shown)
      } catch {
        var tagged = error
        tagged.key = tagged.key ?? key
        if tagged.file == path { tagged.file = shown }
        throw tagged
      }
    }
    switch config.dataset {
    case .csv:
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
        (train, test) = split(all, fraction: config.testFraction, seed: UInt64(config.seed))
      }
    case .idx:
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
        (train, test) = split(all, fraction: config.testFraction, seed: UInt64(config.seed))
      }
    default:
      let all = Generators.generate(config)
      (train, test) = split(all, fraction: config.testFraction, seed: UInt64(config.seed))
    }
    if let limit = config.limit, train.count > limit {
      train = train.subset(Array(0..<limit))
    }
    guard train.count > 0 else {
      throw DataError(file: config.path ?? config.dataset.rawValue, message: "the dataset has no training samples", key: "data.dataset")
    }
    // A class the network never trains on cannot be predicted; a test label outside the
    // training labels is a mistake in the data (or a split of too few samples).
    let trainClasses = Set(train.labels)
    if let unseen = Set(test.labels).subtracting(trainClasses).min() {
      let key: String
      let file: String
      switch config.dataset {
      case .csv: (key, file) = config.testPath.map { ("data.test_path", $0) } ?? ("data.path", config.path ?? "csv")
      case .idx: (key, file) = config.testLabels.map { ("data.test_labels", $0) } ?? ("data.labels", config.labels ?? "idx")
      default: (key, file) = ("data.samples", config.dataset.rawValue)
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
    let origin = fileDigests.isEmpty ? ["generator \(config.dataset.rawValue)"] : ["files"] + fileDigests
    return LoadedData(
      train: train, test: test, normalizer: normalizer,
      fingerprint: ContentDigest.sha256((origin.joined(separator: "\n")).utf8))
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
