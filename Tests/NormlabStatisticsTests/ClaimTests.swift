import NormlabStatistics
import Testing

/// Claim decisions for `expect:` clauses and `compare`: the underpowered rule, exact decisions,
/// scale and offset, and the seed-count helpers.
@Suite struct ClaimTests {
  // Five seeds, BN clearly ahead on every one.
  static let bn = [0.962, 0.958, 0.965, 0.960, 0.963]
  static let noBN = [0.941, 0.936, 0.944, 0.930, 0.939]

  @Test func clearImprovementOverFivePairedSeedsIsSupported() throws {
    let d = try Claim(.greater).evaluate(left: Self.bn, right: Self.noBN)
    #expect(d.outcome == .supported)
    let test = try #require(d.test)
    #expect(test.kind == .paired && test.alternative == .greater)
    #expect(test.pValue < 0.001)
    #expect(d.smallestAttainableP == 1.0 / 32)
    #expect(d.leftCount == 5 && !d.decidedExactly)
    // The same numbers as calling the paired test directly.
    let direct = try TTest.paired(Self.bn, Self.noBN, alternative: .greater)
    #expect(test == direct)
  }

  @Test func oppositeClaimIsNotSupported() throws {
    let d = try Claim(.less).evaluate(left: Self.bn, right: Self.noBN)
    #expect(d.outcome == .notSupported)
    #expect((d.test?.pValue ?? 0) > 0.99)
  }

  @Test func noisyDifferenceIsNotSupported() throws {
    let a = [0.90, 0.95, 0.88, 0.93, 0.91, 0.89]
    let b = [0.91, 0.92, 0.90, 0.90, 0.92, 0.90]
    let d = try Claim(.greater).evaluate(left: a, right: b)
    #expect(d.outcome == .notSupported)
  }

  @Test func threePairedSeedsAreUnderpoweredAtNinetyFivePercent() throws {
    let d = try Claim(.greater).evaluate(left: [0.96, 0.95, 0.97], right: [0.90, 0.91, 0.92])
    #expect(
      d.outcome
        == .underpowered(.confidenceUnattainable(smallestP: 0.125, alpha: 1 - 0.95, needed: 5)))
    if case .underpowered(let reason) = d.outcome {
      #expect(reason.description.contains("is 0.125, not below 0.05; 5 seeds per variant"))
    }
    // The numbers are still there for the report.
    #expect((d.test?.pValue ?? 1) < 0.05)
  }

  @Test func threeIndependentSeedsEachReachExactlyAlphaAndAreUnderpowered() throws {
    // 1/C(6,3) = 0.05 is not below α = 0.05.
    let d = try Claim(.greater, design: .independent)
      .evaluate(left: [0.96, 0.95, 0.97], right: [0.90, 0.91, 0.92])
    guard case .underpowered(.confidenceUnattainable(let p, _, let needed)) = d.outcome else {
      Issue.record("expected underpowered, got \(d.outcome)")
      return
    }
    #expect(isClose(p, 0.05, relative: 1e-12) && needed == 4)
    // At 90 % the same seeds can decide.
    let lenient = try Claim(.greater, confidence: 0.9, design: .independent)
      .evaluate(left: [0.96, 0.95, 0.97], right: [0.90, 0.91, 0.92])
    #expect(lenient.outcome == .supported)
  }

  @Test func oneSeedIsTooFewToTest() throws {
    let d = try Claim(.greater).evaluate(left: [0.96], right: [0.90])
    #expect(d.outcome == .underpowered(.tooFewSeeds(left: 1, right: 1, needed: 5)))
    #expect(d.test == nil)
    let diverged = try Claim(.greater).evaluate(left: [0.96, .nan], right: [0.90, 0.91])
    #expect(diverged.outcome == .underpowered(.tooFewSeeds(left: 1, right: 1, needed: 5)))
    let empty = try Claim(.greater, design: .independent).evaluate(left: [], right: [])
    #expect(empty.outcome == .underpowered(.tooFewSeeds(left: 0, right: 0, needed: 4)))
  }

  @Test func exactlyConstantDifferencesAreDecidedWithoutAPValue() throws {
    let a: [Double] = [1, 1, 1, 1, 1]
    let b: [Double] = [0.5, 0.5, 0.5, 0.5, 0.5]
    let greater = try Claim(.greater).evaluate(left: a, right: b)
    #expect(greater.outcome == .supported && greater.decidedExactly)
    #expect(try Claim(.less).evaluate(left: a, right: b).outcome == .notSupported)
    // Equal results on every seed satisfy >= and <=, not > or <.
    #expect(try Claim(.greaterOrEqual).evaluate(left: a, right: a).outcome == .supported)
    #expect(try Claim(.lessOrEqual).evaluate(left: a, right: a).outcome == .supported)
    #expect(try Claim(.greater).evaluate(left: a, right: a).outcome == .notSupported)
    #expect(
      try Claim(.greater, design: .independent).evaluate(left: a, right: b).outcome == .supported)
    // With too few seeds even a constant difference is underpowered.
    let few = try Claim(.greater).evaluate(left: [1, 1], right: [0.5, 0.5])
    guard case .underpowered = few.outcome else {
      Issue.record("expected underpowered, got \(few.outcome)")
      return
    }
  }

  @Test func scaleAndOffsetShiftTheRightSide() throws {
    // steps: BN needs about a quarter of no-BN's steps; "bn < 0.5 * nobn" holds.
    let bnSteps: [Double] = [900, 1100, 1000, 950, 1050]
    let noBNSteps: [Double] = [4100, 3900, 4200, 3800, 4000]
    let half = try Claim(.less, scale: 0.5).evaluate(left: bnSteps, right: noBNSteps)
    #expect(half.outcome == .supported)
    let direct = try TTest.paired(bnSteps, noBNSteps.map { 0.5 * $0 }, alternative: .less)
    #expect(isClose(half.test?.pValue ?? .nan, direct.pValue, relative: 1e-12))
    // "bn < 0.2 * nobn" does not hold (0.2 × 4000 = 800 < 1000).
    #expect(
      try Claim(.less, scale: 0.2).evaluate(left: bnSteps, right: noBNSteps).outcome
        == .notSupported)
    // Welch with a scale: right becomes 0.5·right.
    let welch = try Claim(.less, design: .independent, scale: 0.5).evaluate(
      left: bnSteps, right: noBNSteps)
    let welchDirect = try TTest.welch(bnSteps, noBNSteps.map { 0.5 * $0 }, alternative: .less)
    #expect(welch.test == welchDirect)
  }

  @Test func nonInferiorityMarginIsAnOffset() throws {
    // a is a little below b on average, but not by more than 0.02: "a >= b - 0.02".
    let a = [0.950, 0.948, 0.953, 0.949, 0.951, 0.950]
    let b = [0.952, 0.951, 0.952, 0.953, 0.952, 0.951]
    #expect(try Claim(.greaterOrEqual).evaluate(left: a, right: b).outcome == .notSupported)
    #expect(
      try Claim(.greaterOrEqual, offset: -0.02).evaluate(left: a, right: b).outcome == .supported)
  }

  @Test func zeroScaleComparesWithAConstant() throws {
    let accuracy = [0.962, 0.958, 0.965, 0.960, 0.963]
    let d = try Claim(.greater, design: .independent, scale: 0, offset: 0.95)
      .evaluate(left: accuracy, right: [])
    #expect(d.outcome == .supported)
    #expect(d.test?.kind == .paired && d.test?.degreesOfFreedom == 4)
  }

  @Test func invalidClaimsThrow() {
    #expect(throws: StatisticsError.invalidConfidence(1)) {
      try Claim(.greater, confidence: 1).evaluate(left: [1, 2], right: [1, 2])
    }
    #expect(throws: StatisticsError.self) {
      try Claim(.greater, scale: .nan).evaluate(left: [1, 2], right: [1, 2])
    }
    #expect(throws: StatisticsError.self) {
      try Claim(.greater).evaluate(left: [1, 2, 3], right: [1, 2])
    }
  }

  @Test func minimumSeedsTable() {
    let confidences = [0.9, 0.95, 0.99, 0.999]
    #expect(
      confidences.map { Claim.minimumSeeds(confidence: $0, design: .paired) } == [4, 5, 7, 10])
    #expect(
      confidences.map { Claim.minimumSeeds(confidence: $0, design: .independent) } == [3, 4, 5, 7])
    #expect(Claim.minimumSeeds(confidence: 1, design: .paired) == nil)
    #expect(
      Claim.smallestAttainablePValue(design: .independent, leftCount: 3, rightCount: 4) == 1.0 / 35)
    #expect(
      Claim.smallestAttainablePValue(design: .paired, leftCount: 100_000, rightCount: 100_000) == 0)
    #expect(
      Claim.smallestAttainablePValue(design: .independent, leftCount: 5000, rightCount: 5000) == 0)
  }

  @Test func seedsNeededIsTheExactCountOrOneMore() {
    let cases = Fixtures.cases("power")
    #expect(cases.count == 36)
    for c in cases {
      let design = SeedDesign(rawValue: c["design"] as? String ?? "") ?? .paired
      let confidence = number(c["confidence"])
      let effect = number(c["effect"])
      let exact = Int(number(c["exact_seeds"]))
      let minimum = Claim.minimumSeeds(confidence: confidence, design: design) ?? 0
      let got = Claim.seedsNeeded(effectSize: effect, confidence: confidence, design: design)
      let expected = max(exact, minimum)
      #expect(
        got == expected || got == expected + 1,
        "\(design) c=\(confidence) d=\(effect): \(String(describing: got)) vs \(expected)")
    }
    #expect(Claim.seedsNeeded(effectSize: 0) == nil)
    #expect(Claim.seedsNeeded(effectSize: .nan) == nil)
    #expect(Claim.seedsNeeded(effectSize: 1e-6) == nil)
  }

  @Test func detectableEffectShrinksWithMoreSeeds() throws {
    #expect(Claim.detectableEffect(seeds: 3) == nil)
    var last = Double.infinity
    for n in [5, 8, 10, 20, 50] {
      let d = try #require(Claim.detectableEffect(seeds: n))
      #expect(d < last)
      last = d
      let power = try #require(Claim.power(effectSize: d, seeds: n))
      #expect(isClose(power, 0.8, relative: 1e-9))
    }
  }
}
