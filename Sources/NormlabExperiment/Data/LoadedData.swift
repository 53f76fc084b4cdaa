import NormlabEngine

/// Training, test and development sets ready for the engine, plus what the report needs to
/// know about them.
public struct LoadedData: Sendable {
  public var train: Dataset<Float>
  public var test: Dataset<Float>
  /// The development set, when the experiment has one (`data.dev_fraction`, dev files).
  public var dev: Dataset<Float>?
  public var normalizer: InputNormalizer?
  /// Class names in index order when the labels were names (`cat`, `dog`); nil for indices.
  public var classNames: [String]?
  /// SHA-256 over what the samples were made from: every data file's bytes as read, with the
  /// key that named it; for a generated dataset, the generator's name (its settings are part
  /// of every run's settings). Part of the run cache's key.
  public var fingerprint: String

  public init(
    train: Dataset<Float>, test: Dataset<Float>, dev: Dataset<Float>? = nil,
    normalizer: InputNormalizer? = nil, classNames: [String]? = nil, fingerprint: String = ""
  ) {
    self.train = train
    self.test = test
    self.dev = dev
    self.normalizer = normalizer
    self.classNames = classNames
    self.fingerprint = fingerprint
  }

  public var classCount: Int { max(train.classCount, test.classCount, dev?.classCount ?? 0) }
}
