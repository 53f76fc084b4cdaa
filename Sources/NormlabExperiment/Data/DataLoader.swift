import NormlabEngine
import RealModule

/// Generates or reads the data of a run and splits it into training, test and (optionally)
/// development sets, as the course notes teach: the development set picks among models, the
/// test set only reports.
public enum DataLoader {
  /// Classes a dataset may have (the output layer has one unit per class).
  public static let maxClasses = 1000
  /// Derived seeds of the two splits, so the test split stays what it always was and the
  /// development split is independent of it.
  public static let testSplitStream: UInt64 = 0x5EED
  public static let devSplitStream: UInt64 = 0xDE5E7

  /// Generates or reads the data of `config`, splits it and normalizes it if asked. A file
  /// problem names the experiment key that points at the file (`DataError.key`).
  public static func load(_ config: DataSettings, reader: (any DataFileReader)?) throws(DataError)
    -> LoadedData
  {
    var train: Dataset<Float>
    var test: Dataset<Float>
    var dev: Dataset<Float>?
    var classNames: [String]?
    let files = FileAccess(reader: reader)
    switch config.dataset {
    case .csv:
      (train, test, dev, classNames) = try loadCSV(config, files: files)
    case .idx:
      guard let images = config.images, let labels = config.labels else {
        throw DataError(
          file: "experiment", message: "`data.dataset: idx` needs `data.images` and `data.labels`",
          key: "data.dataset")
      }
      let all = try files.idx("data.images", images, "data.labels", labels)
      if let testImages = config.testImages, let testLabels = config.testLabels {
        train = all
        test = try files.idx("data.test_images", testImages, "data.test_labels", testLabels)
        try checkWidth(test.featureCount, train.featureCount, file: testImages, key: "data.test_images")
      } else {
        (train, test) = split(all, fraction: config.testFraction, seed: UInt64(config.seed), stream: testSplitStream)
      }
      if let devImages = config.devImages, let devLabels = config.devLabels {
        let devSet = try files.idx("data.dev_images", devImages, "data.dev_labels", devLabels)
        try checkWidth(devSet.featureCount, train.featureCount, file: devImages, key: "data.dev_images")
        dev = devSet
      }
    default:
      let all = Generators.generate(config)
      (train, test) = split(all, fraction: config.testFraction, seed: UInt64(config.seed), stream: testSplitStream)
    }
    if dev == nil && config.devFraction > 0 {
      let (rest, held) = split(train, fraction: config.devFraction, seed: UInt64(config.seed), stream: devSplitStream)
      train = rest
      dev = held
    }
    if let limit = config.limit, train.count > limit {
      train = train.subset(Array(0..<limit))
    }
    guard train.count > 0 else {
      throw DataError(file: config.path ?? config.dataset.rawValue, message: "the dataset has no training samples", key: "data.dataset")
    }
    try checkLabels(of: test, against: train, role: "test", config: config)
    if let dev { try checkLabels(of: dev, against: train, role: "development", config: config) }
    var normalizer: InputNormalizer?
    if config.normalizeInputs {
      let fitted = InputNormalizer(fitting: train)
      train = fitted.apply(to: train)
      test = fitted.apply(to: test)
      dev = dev.map(fitted.apply)
      normalizer = fitted
    }
    return LoadedData(
      train: train, test: test, dev: dev, normalizer: normalizer, classNames: classNames,
      fingerprint: files.fingerprint(generator: config.dataset))
  }

  /// CSV: the training file (split, or beside its own test and development files), missing
  /// values handled by `data.missing`, labels encoded as the training file decides.
  static func loadCSV(_ config: DataSettings, files: FileAccess) throws(DataError)
    -> (Dataset<Float>, Dataset<Float>, Dataset<Float>?, [String]?)
  {
    guard let path = config.path else {
      throw DataError(file: "experiment", message: "`data.dataset: csv` needs `data.path`", key: "data.dataset")
    }
    func read(_ key: String, _ file: String) throws(DataError) -> CSVTable {
      var table = try files.csv(key, file, config)
      // `drop`: rows with any missing value go; `mean`: rows without a label go.
      switch config.missing {
      case .error: break
      case .drop: table = table.keeping { !table.isIncomplete($0) }
      case .mean: table = table.keeping { table.labels[$0] != nil }
      }
      return table
    }
    var trainTable = try read("data.path", path)
    var testTable: CSVTable
    if let testPath = config.testPath {
      testTable = try read("data.test_path", testPath)
      try checkWidth(testTable.featureNames.count, trainTable.featureNames.count, file: testPath, key: "data.test_path")
    } else {
      (trainTable, testTable) = trainTable.split(fraction: config.testFraction, seed: UInt64(config.seed), stream: testSplitStream)
    }
    var devTable: CSVTable?
    if let devPath = config.devPath {
      let table = try read("data.dev_path", devPath)
      try checkWidth(table.featureNames.count, trainTable.featureNames.count, file: devPath, key: "data.dev_path")
      devTable = table
    } else if config.devFraction > 0 {
      let (rest, held) = trainTable.split(fraction: config.devFraction, seed: UInt64(config.seed), stream: devSplitStream)
      trainTable = rest
      devTable = held
    }
    guard trainTable.count > 0 else {
      throw DataError(file: path, message: "no training rows are left (every row has a missing value?)", key: "data.path")
    }
    // Means of the training rows only: test and development data never inform training.
    let means = config.missing == .mean ? trainTable.columnMeans() : nil
    let encoding: LabelEncoding
    do {
      encoding = try LabelEncoding(training: trainTable)
    } catch {
      throw error.tagged(key: "data.path")
    }
    func dataset(_ table: CSVTable, _ key: String) throws(DataError) -> Dataset<Float> {
      do {
        return try encoding.dataset(table, filling: means)
      } catch {
        throw error.tagged(key: key)
      }
    }
    let train = try dataset(trainTable, "data.path")
    let test = try dataset(testTable, config.testPath == nil ? "data.path" : "data.test_path")
    let dev = try devTable.map { (table) throws(DataError) in try dataset(table, config.devPath == nil ? "data.path" : "data.dev_path") }
    return (train, test, dev, encoding.classNames)
  }

  static func checkWidth(_ width: Int, _ trainWidth: Int, file: String, key: String) throws(DataError) {
    guard width == trainWidth else {
      throw DataError(file: file, message: "has \(width) features but the training data has \(trainWidth)", key: key)
    }
  }

  /// A class the network never trains on cannot be predicted: a test or development label
  /// outside the training labels is a mistake in the data (or a split of too few samples).
  static func checkLabels(of set: Dataset<Float>, against train: Dataset<Float>, role: String, config: DataSettings) throws(DataError) {
    let trainClasses = Set(train.labels)
    guard let unseen = Set(set.labels).subtracting(trainClasses).min() else { return }
    let key: String
    let file: String
    let isTest = role == "test"
    switch config.dataset {
    case .csv:
      let own = isTest ? config.testPath.map { ("data.test_path", $0) } : config.devPath.map { ("data.dev_path", $0) }
      (key, file) = own ?? ("data.path", config.path ?? "csv")
    case .idx:
      let own = isTest ? config.testLabels.map { ("data.test_labels", $0) } : config.devLabels.map { ("data.dev_labels", $0) }
      (key, file) = own ?? ("data.labels", config.labels ?? "idx")
    default: (key, file) = ("data.samples", config.dataset.rawValue)
    }
    let separateFile = isTest ? config.hasTestFiles : config.hasDevFiles
    throw DataError(
      file: file,
      message: "\(role) label \(unseen) never occurs in the training data (training labels: \(trainClasses.sorted().prefix(10).map(String.init).joined(separator: ", "))\(trainClasses.count > 10 ? ", …" : ""))",
      hint: separateFile
        ? "the \(role) file must use the training file's classes"
        : "a class has too few samples to appear in both the training and the \(role) set; add samples or lower `data.\(isTest ? "test" : "dev")_fraction`",
      key: key)
  }

  /// A seeded shuffle, then the last `fraction` of the samples are held out.
  public static func split(_ data: Dataset<Float>, fraction: Double, seed: UInt64, stream: UInt64 = testSplitStream)
    -> (Dataset<Float>, Dataset<Float>)
  {
    let (kept, held) = splitOrder(count: data.count, fraction: fraction, seed: seed, stream: stream)
    return (data.subset(kept), data.subset(held))
  }

  /// The rows kept and held out by a seeded split of `count` rows.
  static func splitOrder(count: Int, fraction: Double, seed: UInt64, stream: UInt64) -> ([Int], [Int]) {
    var order = Array(0..<count)
    var rng = SplitMix64(seed: seed).derived(stream)
    rng.shuffle(&order)
    let heldCount = min(Int((Double(count) * fraction).rounded()), max(count - 1, 0))
    let keptCount = count - heldCount
    return (Array(order[0..<keptCount]), Array(order[keptCount...]))
  }
}

/// Reads named data files through the CLI's reader, tagging errors with the experiment key and
/// a path the user can open, and keeps the SHA-256 of every file's bytes as read: the data's
/// fingerprint (`LoadedData.fingerprint`). One per `DataLoader.load`.
final class FileAccess {
  let reader: (any DataFileReader)?
  /// `key digest` of every file read, in reading order.
  private var digests: [String] = []

  init(reader: (any DataFileReader)?) {
    self.reader = reader
  }

  /// SHA-256 over the files read, or over the generator's name when none was.
  func fingerprint(generator: DatasetKind) -> String {
    let origin = digests.isEmpty ? ["generator \(generator.rawValue)"] : ["files"] + digests
    return ContentDigest.sha256(origin.joined(separator: "\n").utf8)
  }

  func load<T>(_ key: String, _ path: String, _ parse: ([UInt8], String) throws(DataError) -> T) throws(DataError) -> T {
    guard let reader else {
      throw DataError(file: path, message: "cannot read data files here", key: key)
    }
    let shown = reader.displayPath(path)
    do {
      let bytes = try reader.read(path)
      digests.append("\(key) \(ContentDigest.sha256(bytes))")
      return try parse(bytes, shown)
    } catch {
      var tagged = error.tagged(key: key)
      if tagged.file == path { tagged.file = shown }
      throw tagged
    }
  }

  func csv(_ key: String, _ path: String, _ config: DataSettings) throws(DataError) -> CSVTable {
    try load(key, path) { (bytes, shown) throws(DataError) in
      try CSVLoader.read(
        bytes: bytes, file: shown, labelColumn: config.label, columns: config.columns?.names,
        allowMissing: config.missing != .error)
    }
  }

  func idx(_ imagesKey: String, _ images: String, _ labelsKey: String, _ labels: String) throws(DataError) -> Dataset<Float> {
    let imageBytes = try load(imagesKey, images) { (bytes, _) throws(DataError) in bytes }
    let labelBytes = try load(labelsKey, labels) { (bytes, _) throws(DataError) in bytes }
    do {
      return try IDXLoader.load(images: imageBytes, imagesFile: images, labels: labelBytes, labelsFile: labels)
    } catch {
      var tagged = error
      tagged.key = tagged.file == images ? imagesKey : labelsKey
      throw tagged
    }
  }
}

extension DataError {
  /// The error with `key` as the experiment key naming its file, unless it has one.
  func tagged(key: String) -> DataError {
    var tagged = self
    tagged.key = tagged.key ?? key
    return tagged
  }
}

extension CSVTable {
  /// The rows for which `keep(row)` is true.
  func keeping(_ keep: (Int) -> Bool) -> CSVTable {
    rows((0..<count).filter(keep))
  }

  func rows(_ indices: [Int]) -> CSVTable {
    let width = featureNames.count
    var out = CSVTable(
      file: file, featureNames: featureNames, features: [], labels: [], lines: [], labelColumns: [],
      labelName: labelName)
    out.features.reserveCapacity(indices.count * width)
    for row in indices {
      out.features += features[(row * width)..<((row + 1) * width)]  // safe: rows are whole
      out.labels.append(labels[row])
      out.lines.append(lines[row])
      out.labelColumns.append(labelColumns[row])
    }
    return out
  }

  /// The same seeded split as `DataLoader.split`, on rows of text.
  func split(fraction: Double, seed: UInt64, stream: UInt64) -> (CSVTable, CSVTable) {
    let (kept, held) = DataLoader.splitOrder(count: count, fraction: fraction, seed: seed, stream: stream)
    return (rows(kept), rows(held))
  }

  /// Each feature column's mean over its present values (0 for a column with none).
  func columnMeans() -> [Float] {
    let width = featureNames.count
    var sums = [Double](repeating: 0, count: width)
    var counts = [Int](repeating: 0, count: width)
    for (index, value) in features.enumerated() where !value.isNaN {
      sums[index % width] += Double(value)
      counts[index % width] += 1
    }
    return (0..<width).map { counts[$0] > 0 ? Float(sums[$0] / Double(counts[$0])) : 0 }
  }
}
