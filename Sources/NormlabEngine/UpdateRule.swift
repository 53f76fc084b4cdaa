/// The optimizers' update rules as pure functions of one scalar parameter, its gradient and its
/// typed state (MLX style). Training applies them inside vectorised loops over whole tensors
/// (`Optimizer`); analyses that replay an optimizer on a small problem (the loss-surface paths)
/// call the same functions, so there is one definition of each rule.
public enum UpdateRule {
  /// What one step needs besides the parameter: rate, betas, eps and Adam's bias corrections
  /// for step `t` (Kingma & Ba 2014, Algorithm 1), as reciprocals so a step divides less.
  public struct Step<T: EngineScalar>: Sendable {
    public var rate: T
    public var beta1: T
    public var beta2: T
    public var eps: T
    public var inverseCorrection1: T
    public var inverseCorrection2: T

    /// The step numbered `t` from 1 at learning rate `lr`.
    public init(options: OptimizerOptions, lr: Double, t: Int) {
      rate = T(lr)
      beta1 = T(options.beta1)
      beta2 = T(options.beta2)
      eps = T(options.eps)
      // Adam's corrections stay explicit (not folded into lr) so eps means what Algorithm 1 says.
      inverseCorrection1 = 1 / T(1 - pow(options.beta1, Double(t)))
      inverseCorrection2 = 1 / T(1 - pow(options.beta2, Double(t)))
    }
  }

  /// w ← w − α g.
  @inlinable @inline(__always)
  public static func sgd<T: EngineScalar>(_ w: T, _ g: T, _ step: Step<T>) -> T {
    w - step.rate * g
  }

  /// v ← β v + (1 − β) g; w ← w − α v (the notes' exponentially weighted form).
  @inlinable @inline(__always)
  public static func momentum<T: EngineScalar>(_ w: T, _ g: T, velocity v: T, _ step: Step<T>) -> (T, velocity: T) {
    let velocity = step.beta1 * v + (1 - step.beta1) * g
    return (w - step.rate * velocity, velocity)
  }

  /// s ← β₂ s + (1 − β₂) g²; w ← w − α g / (√s + ε) (Hinton, Lecture 6e, 2012).
  @inlinable @inline(__always)
  public static func rmsprop<T: EngineScalar>(_ w: T, _ g: T, square s: T, _ step: Step<T>) -> (T, square: T) {
    let square = step.beta2 * s + (1 - step.beta2) * g * g
    return (w - step.rate * g / (T._sqrt(square) + step.eps), square)
  }

  /// v ← β₁ v + (1 − β₁) g; s ← β₂ s + (1 − β₂) g²; w ← w − α v̂ / (√ŝ + ε) with the
  /// bias-corrected v̂ = v / (1 − β₁ᵗ), ŝ = s / (1 − β₂ᵗ) (Kingma & Ba 2014, Algorithm 1).
  @inlinable @inline(__always)
  public static func adam<T: EngineScalar>(
    _ w: T, _ g: T, velocity v: T, square s: T, _ step: Step<T>
  ) -> (T, velocity: T, square: T) {
    let velocity = step.beta1 * v + (1 - step.beta1) * g
    let square = step.beta2 * s + (1 - step.beta2) * g * g
    // Grouped as (α v̂) / (√ŝ + ε): the order the engine has always rounded in.
    let change = step.rate * (velocity * step.inverseCorrection1) / (T._sqrt(square * step.inverseCorrection2) + step.eps)
    return (w - change, velocity, square)
  }
}
