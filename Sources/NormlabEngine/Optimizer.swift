import RealModule

/// Optimizer choice and hyperparameters; names follow PyTorch (`lr`, `momentum`, `betas`, `eps`).
public enum OptimizerKind: String, Sendable, Codable, CaseIterable {
  case sgd
  /// V = beta V + (1 - beta) dW; W -= lr V (the notes' exponentially weighted form).
  case momentum
  /// S = beta2 S + (1 - beta2) dW^2; W -= lr dW / (sqrt(S) + eps) (Hinton, Lecture 6e, 2012).
  case rmsprop
  /// Kingma & Ba (2014), Algorithm 1, with bias-corrected first and second moments.
  case adam
}

public struct OptimizerOptions: Sendable, Codable, Hashable {
  public var kind: OptimizerKind
  public var lr: Double
  /// beta of momentum; beta1 of Adam.
  public var beta1: Double
  /// beta of RMSprop; beta2 of Adam.
  public var beta2: Double
  public var eps: Double

  public init(
    kind: OptimizerKind, lr: Double, beta1: Double = 0.9, beta2: Double = 0.999,
    eps: Double = 1e-8
  ) {
    self.kind = kind
    self.lr = lr
    self.beta1 = beta1
    self.beta2 = beta2
    self.eps = eps
  }
}

/// The moment estimates of one parameter tensor.
public struct MomentState<T: EngineScalar>: Sendable {
  public var first: [T]
  public var second: [T]
}

/// Applies one optimizer to every parameter tensor of a network (W, b, gamma, beta alike, so BN's
/// gamma and beta get the same momentum/RMSprop/Adam treatment as W).
public struct Optimizer<T: EngineScalar>: Sendable {
  public let options: OptimizerOptions
  public private(set) var step = 0
  private var states: [MomentState<T>] = []

  public init(options: OptimizerOptions) { self.options = options }

  /// Allocates the moment buffers ahead of the first step, so no step allocates.
  public mutating func prepare(for network: Network<T>) {
    if states.isEmpty { states = Optimizer.makeStates(for: network, kind: options.kind) }
  }

  /// Updates every parameter of `network` with its current gradient at learning rate `lr`.
  public mutating func update(_ network: inout Network<T>, lr: Double) {
    if states.isEmpty { states = Optimizer.makeStates(for: network, kind: options.kind) }
    step += 1
    var slot = 0
    for index in network.layers.indices {
      apply(&network.layers[index].weights, network.layers[index].weightsGradient, &slot, lr)
      apply(&network.layers[index].bias, network.layers[index].biasGradient, &slot, lr)
      apply(&network.layers[index].gamma, network.layers[index].gammaGradient, &slot, lr)
      apply(&network.layers[index].beta, network.layers[index].betaGradient, &slot, lr)
    }
  }

  private static func makeStates(for network: Network<T>, kind: OptimizerKind) -> [MomentState<T>]
  {
    network.layers.flatMap { layer in
      [layer.weights.count, layer.bias.count, layer.gamma.count, layer.beta.count].map { count in
        MomentState(
          first: [T](repeating: 0, count: kind == .sgd || kind == .rmsprop ? 0 : count),
          second: [T](repeating: 0, count: kind == .rmsprop || kind == .adam ? count : 0))
      }
    }
  }

  private mutating func apply(
    _ parameter: inout [T], _ gradient: [T], _ slot: inout Int, _ lr: Double
  ) {
    defer { slot += 1 }
    let count = parameter.count
    guard count > 0 else { return }
    let kind = options.kind
    let rule = UpdateRule.Step<T>(options: options, lr: lr, t: step)
    // Moved out and back so the two moment buffers can be borrowed at once.
    var first: [T] = []
    var second: [T] = []
    swap(&first, &states[slot].first)
    swap(&second, &states[slot].second)
    defer {
      swap(&first, &states[slot].first)
      swap(&second, &states[slot].second)
    }
    gradient._withPointer { g in
      parameter._withMutablePointer { w in
        first._withMutablePointer { v in
          second._withMutablePointer { s in
            // Plain loops over raw pointers calling the inlined rules: LLVM vectorises each.
            switch kind {
            case .sgd:
              for i in 0..<count { w[i] = UpdateRule.sgd(w[i], g[i], rule) }
            case .momentum:
              for i in 0..<count { (w[i], v[i]) = UpdateRule.momentum(w[i], g[i], velocity: v[i], rule) }
            case .rmsprop:
              for i in 0..<count { (w[i], s[i]) = UpdateRule.rmsprop(w[i], g[i], square: s[i], rule) }
            case .adam:
              for i in 0..<count { (w[i], v[i], s[i]) = UpdateRule.adam(w[i], g[i], velocity: v[i], square: s[i], rule) }
            }
          }
        }
      }
    }
  }
}

@inlinable func pow(_ base: Double, _ exponent: Double) -> Double { Double.pow(base, exponent) }
