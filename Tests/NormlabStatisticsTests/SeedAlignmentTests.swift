import NormlabStatistics
import Testing

/// Lining up two variants' values by seed.
@Suite struct SeedAlignmentTests {
  @Test func sameSeedsArePairedInSeedOrder() throws {
    let a = SeedAlignment(left: [3: 0.93, 1: 0.91, 2: 0.95], right: [2: 0.90, 3: 0.88, 1: 0.86])
    #expect(a.design == .paired)
    #expect(a.left == [0.91, 0.95, 0.93] && a.right == [0.86, 0.90, 0.88])
    let decision = try a.evaluate(Claim(.greater, design: .independent))
    #expect(decision.claim.design == .paired)
  }

  @Test func differentSeedsAreIndependent() {
    let a = SeedAlignment(left: [1: 0.9, 2: 0.8], right: [1: 0.7, 2: 0.6, 3: 0.5])
    #expect(a.design == .independent && a.right.count == 3)
  }
}
