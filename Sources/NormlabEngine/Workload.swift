/// The two benchmark workloads of `normlab bench` and `bench/`, defined once so the CLI and the
/// reference scripts describe the same networks.
public enum BenchmarkWorkload: String, Sendable, CaseIterable {
  /// 784-100-100-100-10 sigmoid, softmax cross-entropy, batch 60, SGD lr 0.1, on 60,000 x 784
  /// uniform [0, 1) "images" with 10 random labels (MNIST's shape).
  case w1
  /// 2-64-64-64-1 ReLU, sigmoid cross-entropy, batch 64, Adam lr 1e-3, on 60,000 points of two
  /// classes split by the sign of x0 * x1.
  case w2

  public var samples: Int { 60_000 }
  public var featureCount: Int { self == .w1 ? 784 : 2 }
  public var classCount: Int { self == .w1 ? 10 : 2 }
  public var defaultTimedSteps: Int { self == .w1 ? 3_000 : 30_000 }
  public var warmUpSteps: Int { defaultTimedSteps / 10 }

  /// The workload's network; `width` and `depth` change its hidden layers for scaling studies.
  public func spec(batchNorm: Bool, width: Int? = nil, depth: Int? = nil) -> NetworkSpec {
    switch self {
    case .w1:
      return NetworkSpec(
        inputSize: 784,
        hidden: Array(
          repeating: HiddenLayerSpec(units: width ?? 100, activation: .sigmoid, batchNorm: batchNorm),
          count: depth ?? 3),
        outputUnits: 10, loss: .softmaxCrossEntropy, initializer: Initializer(kind: .xavier))
    case .w2:
      return NetworkSpec(
        inputSize: 2,
        hidden: Array(
          repeating: HiddenLayerSpec(units: width ?? 64, activation: .relu, batchNorm: batchNorm),
          count: depth ?? 3),
        outputUnits: 1, loss: .sigmoidCrossEntropy, initializer: Initializer(kind: .he))
    }
  }

  public var training: TrainingOptions {
    switch self {
    case .w1:
      return TrainingOptions(
        epochs: 1_000, batchSize: 60, optimizer: OptimizerOptions(kind: .sgd, lr: 0.1))
    case .w2:
      return TrainingOptions(
        epochs: 1_000, batchSize: 64, optimizer: OptimizerOptions(kind: .adam, lr: 1e-3))
    }
  }

  /// The workload's data, generated from `seed` (no file is read).
  public func data(seed: UInt64 = 1) -> Dataset<Float> {
    var rng = SplitMix64(seed: seed)
    let n = samples
    let d = featureCount
    var features = [Float](repeating: 0, count: n * d)
    var labels = [Int32](repeating: 0, count: n)
    for r in 0..<n {
      switch self {
      case .w1:
        for j in 0..<d { features[r * d + j] = Float(rng.nextUniform()) }
        labels[r] = Int32(rng.nextIndex(below: 10))
      case .w2:
        let x0 = 2 * rng.nextUniform() - 1
        let x1 = 2 * rng.nextUniform() - 1
        features[2 * r] = Float(x0)
        features[2 * r + 1] = Float(x1)
        labels[r] = x0 * x1 > 0 ? 1 : 0
      }
    }
    return Dataset(features: features, labels: labels, featureCount: d, classCount: classCount)
  }
}
