/// Two variants' values of a metric, keyed by seed, lined up for a comparison: paired when both
/// variants ran exactly the same seeds (normlab's default), independent otherwise.
///
/// With identical seed sets, `left[i]` and `right[i]` belong to the same seed (ascending seed
/// order) and the paired test applies. When the sets differ at all, pairing only the shared seeds
/// would silently drop runs, so every value is kept and Welch's test is used instead.
public struct SeedAlignment: Sendable, Hashable {
  public let design: SeedDesign
  /// The seeds of `left` (and, when paired, of `right`), ascending.
  public let leftSeeds: [UInt64]
  public let rightSeeds: [UInt64]
  public let left: [Double]
  public let right: [Double]

  public init(left: [UInt64: Double], right: [UInt64: Double]) {
    leftSeeds = left.keys.sorted()
    rightSeeds = right.keys.sorted()
    self.left = leftSeeds.map { left[$0] ?? .nan }
    self.right = rightSeeds.map { right[$0] ?? .nan }
    design = leftSeeds == rightSeeds ? .paired : .independent
  }

  /// A claim with this alignment's design, evaluated on its values.
  public func evaluate(_ claim: Claim) throws(StatisticsError) -> ClaimDecision {
    var claim = claim
    claim.design = design
    return try claim.evaluate(left: left, right: right)
  }
}
