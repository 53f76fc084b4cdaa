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

  /// Derivative expressed through the input `x` and output `y`, whichever is cheaper.
  @inlinable
  public func derivative<T: EngineScalar>(input x: T, output y: T) -> T {
    switch self {
    case .sigmoid: return y * (1 - y)
    case .tanh: return 1 - y * y
    case .relu: return x > 0 ? 1 : 0
    case .leakyRelu: return x > 0 ? 1 : T(Activation.leakySlope)
    case .linear: return 1
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
