import NormlabEngine
import RealModule

/// Train and test sets ready for the engine, plus what the report needs to know about them.
public struct LoadedData: Sendable {
  public var train: Dataset<Float>
  public var test: Dataset<Float>
  public var normalizer: InputNormalizer?
  public var classCount: Int { max(train.classCount, test.classCount) }
}
