import RealModule

/// Learning-rate decay schedules, evaluated at the start of each epoch (epoch counts from 0).
public enum ScheduleKind: String, Sendable, Codable, CaseIterable {
  case none
  /// lr0 / (1 + decay_rate * epoch).
  case inverse
  /// lr0 * base^epoch.
  case exponential
  /// lr0 * k / sqrt(epoch + 1) (the notes' k / sqrt(epoch_num), shifted so epoch 0 is defined).
  case inverseSqrt = "inverse_sqrt"
  /// lr0 * factor^floor(epoch / every): a staircase.
  case step
}

public struct LearningRateSchedule: Sendable, Codable, Hashable {
  public var kind: ScheduleKind
  public var decayRate: Double
  public var base: Double
  public var k: Double
  public var every: Int
  public var factor: Double

  public init(
    kind: ScheduleKind = .none, decayRate: Double = 1, base: Double = 0.95, k: Double = 1,
    every: Int = 10, factor: Double = 0.5
  ) {
    self.kind = kind
    self.decayRate = decayRate
    self.base = base
    self.k = k
    self.every = every
    self.factor = factor
  }

  public func rate(initial lr0: Double, epoch: Int) -> Double {
    let e = Double(epoch)
    switch kind {
    case .none: return lr0
    case .inverse: return lr0 / (1 + decayRate * e)
    case .exponential: return lr0 * Double.pow(base, e)
    case .inverseSqrt: return lr0 * k / (e + 1).squareRoot()
    case .step: return lr0 * Double.pow(factor, Double(epoch / max(every, 1)))
    }
  }
}
