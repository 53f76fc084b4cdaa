import RealModule

/// Hidden-layer activation functions.
public enum Activation: String, Sendable, Codable, CaseIterable {
  case sigmoid, tanh, relu
  case leakyRelu = "leaky_relu"
  case linear

  /// Slope of leaky ReLU for negative inputs (Maas et al. 2013 use 0.01).
  public static let leakySlope = 0.01

  @inlinable
  public func apply<T: EngineScalar>(_ x: T) -> T {
    switch self {
    case .sigmoid: return _sigmoid(x)
    case .tanh: return T.tanh(x)
    case .relu: return x > 0 ? x : 0
    case .leakyRelu: return x > 0 ? x : T(Activation.leakySlope) * x
    case .linear: return x
    }
  }
}

/// Sigmoid written to avoid overflow of exp for large negative inputs.
@inlinable
public func _sigmoid<T: EngineScalar>(_ x: T) -> T {
  if x >= 0 {
    return 1 / (1 + T.exp(-x))
  }
  let e = T.exp(x)
  return e / (1 + e)
}
