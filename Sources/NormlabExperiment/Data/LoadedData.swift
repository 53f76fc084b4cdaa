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

  public init(
    train: Dataset<Float>, test: Dataset<Float>, dev: Dataset<Float>? = nil,
    normalizer: InputNormalizer? = nil, classNames: [String]? = nil
  ) {
    self.train = train
    self.test = test
    self.dev = dev
    self.normalizer = normalizer
    self.classNames = classNames
  }

  public var classCount: Int { max(train.classCount, test.classCount, dev?.classCount ?? 0) }
}
