import NormlabEngine
import RealModule

/// Train and test sets ready for the engine, plus what the report needs to know about them.
public struct LoadedData: Sendable {
  public var train: Dataset<Float>
  public var test: Dataset<Float>
  public var normalizer: InputNormalizer?
  /// SHA-256 over what the samples were made from: every data file's bytes as read, with the
  /// key that named it; for a generated dataset, the generator's name (its settings are part
  /// of every run's settings). Part of the run cache's key.
  public var fingerprint: String = ""
  public var classCount: Int { max(train.classCount, test.classCount) }
}
