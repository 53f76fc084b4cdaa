import RealModule

/// The output layer and its cost function.
public enum OutputLoss: String, Sendable, Codable, CaseIterable {
  /// One sigmoid unit with binary cross-entropy.
  case sigmoidCrossEntropy = "sigmoid_cross_entropy"
  /// `classes` softmax units with categorical cross-entropy (stable log-sum-exp).
  case softmaxCrossEntropy = "softmax_cross_entropy"
  /// One linear unit with the mean squared error 1/(2m) * sum (a - y)^2.
  case meanSquaredError = "mse"
}

/// Where Batch Normalization sits relative to the activation.
public enum BatchNormPlacement: String, Sendable, Codable, CaseIterable {
  /// z -> BN -> g(.), as in Ioffe & Szegedy (2015); the dense bias is dropped.
  case before
  /// z + b -> g(.) -> BN.
  case after
}

/// Which statistics Batch Normalization uses at inference.
public enum BatchNormInference: String, Sendable, Codable, CaseIterable {
  /// Running mean and variance, kept by an exponentially weighted average during training.
  case running
  /// The statistics of the batch being evaluated (for comparison only).
  case batch
}

/// Batch Normalization options (Ioffe & Szegedy 2015).
public struct BatchNormOptions: Sendable, Codable, Hashable {
  /// PyTorch convention: running = (1 - momentum) * running + momentum * batch.
  public var momentum: Double = 0.1
  public var eps: Double = 1e-5
  public var placement: BatchNormPlacement = .before
  public var inference: BatchNormInference = .running
  /// Running variance uses the unbiased m/(m-1) batch variance, as the paper and PyTorch do.
  public var unbiasedRunningVariance: Bool = true

  public init(
    momentum: Double = 0.1, eps: Double = 1e-5, placement: BatchNormPlacement = .before,
    inference: BatchNormInference = .running, unbiasedRunningVariance: Bool = true
  ) {
    self.momentum = momentum
    self.eps = eps
    self.placement = placement
    self.inference = inference
    self.unbiasedRunningVariance = unbiasedRunningVariance
  }
}

/// Weight initialization schemes, named after their papers.
public enum InitializerKind: String, Sendable, Codable, CaseIterable {
  case zeros
  /// Normal(0, 1) * scale (the notes' "small random", 0.01 by default).
  case random
  /// Glorot & Bengio (2010), normal with variance 2 / (fan_in + fan_out).
  case xavier
  /// Glorot & Bengio (2010), uniform on +-sqrt(6 / (fan_in + fan_out)).
  case xavierUniform = "xavier_uniform"
  /// He et al. (2015), normal with variance 2 / fan_in.
  case he
}

public struct Initializer: Sendable, Codable, Equatable {
  public var kind: InitializerKind
  /// For `random`, the standard deviation; for the others, a multiplier (to show "too large").
  public var scale: Double

  public init(kind: InitializerKind, scale: Double? = nil) {
    self.kind = kind
    self.scale = scale ?? (kind == .random ? 0.01 : 1)
  }
}

/// One hidden layer.
public struct HiddenLayerSpec: Sendable, Codable, Equatable {
  public var units: Int
  public var activation: Activation
  public var batchNorm: Bool

  public init(units: Int, activation: Activation, batchNorm: Bool) {
    self.units = units
    self.activation = activation
    self.batchNorm = batchNorm
  }
}

/// A fully connected network: input -> hidden layers -> output.
public struct NetworkSpec: Sendable, Codable, Equatable {
  public var inputSize: Int
  public var hidden: [HiddenLayerSpec]
  public var outputUnits: Int
  public var loss: OutputLoss
  public var initializer: Initializer
  public var batchNorm: BatchNormOptions
  /// L2 strength lambda: the cost adds lambda / (2m) * sum W^2.
  public var l2: Double
  /// Inverted dropout on hidden layers; 1 disables it.
  public var keepProbability: Double

  public init(
    inputSize: Int, hidden: [HiddenLayerSpec], outputUnits: Int, loss: OutputLoss,
    initializer: Initializer, batchNorm: BatchNormOptions = BatchNormOptions(), l2: Double = 0,
    keepProbability: Double = 1
  ) {
    self.inputSize = inputSize
    self.hidden = hidden
    self.outputUnits = outputUnits
    self.loss = loss
    self.initializer = initializer
    self.batchNorm = batchNorm
    self.l2 = l2
    self.keepProbability = keepProbability
  }

  /// Number of trainable scalars, to refuse absurd sizes before allocating.
  public var parameterCount: Int {
    var count = 0
    var fanIn = inputSize
    for layer in hidden {
      let (product, overflow) = fanIn.multipliedReportingOverflow(by: layer.units)
      if overflow { return Int.max }
      count = count.addingReportingOverflow(product + 2 * layer.units).partialValue
      fanIn = layer.units
    }
    let (product, overflow) = fanIn.multipliedReportingOverflow(by: outputUnits)
    if overflow { return Int.max }
    return count.addingReportingOverflow(product + outputUnits).partialValue
  }
}
