import NormlabStatistics
import Testing

/// First step at a target, aggregation over seeds with unreached runs, and ratios of steps.
@Suite struct StepsToTargetTests {
  @Test func firstLoggedStepMeetingTheTarget() throws {
    let steps = [0, 100, 200, 300, 400]
    let accuracy = [0.5, 0.8, 0.91, 0.89, 0.95]
    let epochs = [0, 0.5, 1, 1.5, 2]
    let reached = try TargetCondition.atLeast(0.9).firstReached(
      steps: steps, values: accuracy, epochs: epochs)
    #expect(reached == .reached(step: 200, epoch: 1))
    let loss = [2.0, 1.0, .nan, 0.4, 0.3]
    #expect(
      try TargetCondition.atMost(0.4).firstReached(steps: steps, values: loss)
        == .reached(step: 300, epoch: nil))
    #expect(
      try TargetCondition.atLeast(0.99).firstReached(steps: steps, values: accuracy)
        == .notReached(lastStep: 400))
    let missing: [Double?] = [nil, nil, 0.95]
    #expect(
      try TargetCondition.atLeast(0.9).firstReached(steps: [0, 1, 2], values: missing)
        == .reached(step: 2, epoch: nil))
    #expect(
      try TargetCondition.atLeast(0.9).firstReached(steps: [], values: [Double]())
        == .notReached(lastStep: nil))
    #expect(throws: StatisticsError.self) {
      try TargetCondition.atLeast(0.9).firstReached(steps: [1, 2], values: [0.5])
    }
  }

  @Test func medianCountsUnreachedRunsAsSlowest() throws {
    let s = try StepsToTargetSummary([
      .reached(step: 300, epoch: nil), .notReached(lastStep: 1000), .reached(step: 100, epoch: nil),
      .reached(step: 200, epoch: nil), .notReached(lastStep: 1000),
    ])
    #expect(s.seeds == 5 && s.reached == 3 && s.reachedSteps == [100, 200, 300])
    // Sorted: 100, 200, 300, ∞, ∞ → the median is 300 (dropping the unreached runs would say 200).
    #expect(s.median == .steps(300))
  }

  @Test func medianIsNotReachedWhenHalfTheSeedsNeverGetThere() throws {
    let s = try StepsToTargetSummary([
      .reached(step: 100, epoch: nil), .reached(step: 200, epoch: nil),
      .notReached(lastStep: 1000), .notReached(lastStep: 800),
    ])
    // Lower bound: the median with unreached runs at their last step, (200 + 800)/2.
    #expect(s.median == .notReached(atLeast: 500))
    #expect(s.median.value == nil)
    var g = TestGenerator(seed: 11)
    let ci = try s.medianInterval(resamples: 2000, using: &g)
    #expect(ci.interval?.upper == .infinity && (ci.interval?.lower ?? 0) >= 100)
    #expect(throws: StatisticsError.self) { try StepsToTargetSummary([]) }
  }

  @Test func ratioOfMedianStepsWithBounds() throws {
    let bn = try StepsToTargetSummary(
      [100, 120, 110, 90, 105].map { .reached(step: $0, epoch: nil) })
    let noBN = try StepsToTargetSummary(
      [1400, 1500, 1600, 1450, 1550].map { .reached(step: $0, epoch: nil) })
    var g = TestGenerator(seed: 2)
    let ratio = try StepsRatio(baseline: noBN, candidate: bn, paired: true, using: &g)
    #expect(ratio.estimate == .exact(1500.0 / 105))
    let interval = try #require(ratio.interval)
    #expect((interval.interval?.lower ?? 0) > 10 && (interval.interval?.upper ?? .infinity) < 18)

    let neverReached = try StepsToTargetSummary([
      .notReached(lastStep: 2000), .notReached(lastStep: 2000), .reached(step: 1900, epoch: nil),
    ])
    let bnThree = try StepsToTargetSummary([100, 120, 110].map { .reached(step: $0, epoch: nil) })
    let bound = try StepsRatio(
      baseline: neverReached, candidate: bnThree, paired: false, resamples: 0, using: &g)
    #expect(bound.estimate == .atLeast(2000.0 / 110) && bound.interval == nil)
    let reverse = try StepsRatio(
      baseline: bnThree, candidate: neverReached, paired: false, resamples: 0, using: &g)
    #expect(reverse.estimate == .atMost(110.0 / 2000))
    let neither = try StepsRatio(
      baseline: neverReached, candidate: neverReached, paired: false, using: &g)
    #expect(neither.estimate == .undefined)
    #expect((neither.interval?.undefinedResamples ?? 0) > 0)
  }
}
