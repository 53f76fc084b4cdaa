/// A closed interval [lower, upper] of real numbers; either end may be infinite (the open side
/// of a one-sided confidence bound). Unlike `ClosedRange` it never traps.
public struct Interval: Sendable, Hashable, CustomStringConvertible {
  public var lower: Double
  public var upper: Double

  public init(lower: Double, upper: Double) {
    self.lower = lower
    self.upper = upper
  }

  /// upper − lower (∞ for a one-sided bound).
  public var width: Double { upper - lower }

  public func contains(_ x: Double) -> Bool { lower <= x && x <= upper }

  public var description: String { "[\(lower), \(upper)]" }
}
