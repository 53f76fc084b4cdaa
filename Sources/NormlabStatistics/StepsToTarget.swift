/// A target a logged metric must reach, e.g. test accuracy ≥ 0.9 or train loss ≤ 0.1.
public enum TargetCondition: Sendable, Hashable {
  /// value ≥ threshold.
  case atLeast(Double)
  /// value ≤ threshold.
  case atMost(Double)

  /// Whether a logged value meets the target; NaN (a missing or diverged point) never does.
  public func isMet(by value: Double) -> Bool {
    switch self {
    case .atLeast(let threshold): return value >= threshold
    case .atMost(let threshold): return value <= threshold
    }
  }

  /// The first logged step whose value meets the target, or `.notReached` with the run's last
  /// logged step. `steps` and `values` (and `epochs`, when given) run in parallel; "first" is the
  /// smallest such step. Throws `.lengthMismatch` when they differ in length.
  public func firstReached(
    steps: [Int], values: [Double], epochs: [Double]? = nil
  ) throws(StatisticsError) -> TargetOutcome {
    guard steps.count == values.count else {
      throw .lengthMismatch(what: "steps and values", left: steps.count, right: values.count)
    }
    if let epochs, epochs.count != steps.count {
      throw .lengthMismatch(what: "steps and epochs", left: steps.count, right: epochs.count)
    }
    var best: Int? = nil
    for i in steps.indices where isMet(by: values[i]) {
      if let b = best, steps[b] <= steps[i] { continue }
      best = i
    }
    if let i = best { return .reached(step: steps[i], epoch: epochs?[i]) }
    return .notReached(lastStep: steps.max())
  }

  /// As `firstReached(steps:values:epochs:)` for a history with missing (nil) points, as
  /// `metrics.json` stores them.
  public func firstReached(
    steps: [Int], values: [Double?], epochs: [Double]? = nil
  ) throws(StatisticsError) -> TargetOutcome {
    try firstReached(steps: steps, values: values.map { $0 ?? .nan }, epochs: epochs)
  }
}

/// When one run first met its target.
public enum TargetOutcome: Sendable, Hashable {
  case reached(step: Int, epoch: Double?)
  /// Never met within the run; `lastStep` is the last logged step (the run's length, or where it
  /// diverged), nil for an empty history.
  case notReached(lastStep: Int?)

  public var step: Int? {
    if case .reached(let step, _) = self { return step }
    return nil
  }

  /// The step as a number for order statistics: +∞ when not reached (slower than every run that
  /// reached it).
  var censoredStep: Double {
    if case .reached(let step, _) = self { return Double(step) }
    return .infinity
  }

  /// A lower bound on the step: the step itself, or the last logged step when not reached (it
  /// would have needed more than that).
  var lowerBoundStep: Double {
    switch self {
    case .reached(let step, _): return Double(step)
    case .notReached(let lastStep): return Double(lastStep ?? 0)
    }
  }
}

/// A median number of steps over seeds, when runs may not have reached the target.
public enum MedianSteps: Sendable, Hashable {
  /// The median (linear interpolation for an even count).
  case steps(Double)
  /// At least half the seeds did not reach the target, so the median lies beyond the runs; it
  /// is larger than `atLeast` (the median with each unreached run counted at its last step).
  case notReached(atLeast: Double)

  public var value: Double? {
    if case .steps(let v) = self { return v }
    return nil
  }
}

/// Steps-to-target over the seeds of one variant.
///
/// A run that never reached the target is not dropped (that would flatter the variant) and not
/// given its run length as if it had reached it (that would make a variant that never gets there
/// look merely slow). It counts as slower than every run that did reach it — right-censored at
/// +∞ — and normlab reports how many seeds reached the target and the median: defined when more
/// than half reached it, otherwise "not reached" with a lower bound. When every seed ran the same
/// number of steps (or diverged, and so never reaches it) this median is exactly the
/// Kaplan–Meier median of the censored data (Kaplan & Meier 1958). Spread is shown by a
/// percentile-bootstrap interval of the median (`medianInterval`), whose upper end is +∞ when
/// resamples often fail to reach the target. Means are not used: one slow seed would dominate.
public struct StepsToTargetSummary: Sendable, Hashable {
  public let outcomes: [TargetOutcome]
  public let seeds: Int
  /// Seeds that reached the target.
  public let reached: Int
  /// The steps of the seeds that reached it, ascending.
  public let reachedSteps: [Int]
  public let median: MedianSteps

  /// Throws `.notEnoughData` for no outcomes.
  public init(_ outcomes: [TargetOutcome]) throws(StatisticsError) {
    guard !outcomes.isEmpty else {
      throw .notEnoughData(what: "steps to target", needed: 1, got: 0)
    }
    self.outcomes = outcomes
    seeds = outcomes.count
    reachedSteps = outcomes.compactMap(\.step).sorted()
    reached = reachedSteps.count
    median = StepsToTargetSummary.median(of: outcomes)
  }

  static func median(of outcomes: [TargetOutcome]) -> MedianSteps {
    let censored = outcomes.map(\.censoredStep).sorted()
    if let m = Percentile.quantile(sorted: censored, 0.5), m.isFinite { return .steps(m) }
    let bound = Percentile.quantile(sorted: outcomes.map(\.lowerBoundStep).sorted(), 0.5) ?? 0
    return .notReached(atLeast: bound)
  }

  /// A percentile-bootstrap interval of the median steps (unreached runs at +∞) over seeds.
  /// Throws `.notEnoughData` for fewer than two seeds.
  public func medianInterval<G: RandomNumberGenerator>(
    confidence: Double = 0.95, resamples: Int = 10_000, using generator: inout G
  ) throws(StatisticsError) -> BootstrapInterval {
    try Bootstrap.interval(
      outcomes.map(\.censoredStep), confidence: confidence, resamples: resamples,
      method: .percentile, using: &generator, statistic: Bootstrap.median)
  }
}

/// How many times fewer steps a candidate needs than a baseline to reach a target: the ratio of
/// median steps, baseline / candidate (the BN paper's "14 times fewer training steps").
public struct StepsRatio: Sendable, Hashable {
  /// The ratio, or a bound on it when a median is beyond the runs.
  public enum Estimate: Sendable, Hashable {
    /// Both medians were reached.
    case exact(Double)
    /// The baseline's median is beyond its runs: the ratio is at least this.
    case atLeast(Double)
    /// The candidate's median is beyond its runs: the ratio is at most this.
    case atMost(Double)
    /// Neither median was reached, or the candidate's median is 0 steps.
    case undefined
  }

  public let estimate: Estimate
  /// Percentile-bootstrap interval of the ratio, resampling seeds (jointly when paired);
  /// resamples where both medians are beyond the runs (or the candidate's is 0) are left out
  /// and counted. nil when not requested or a variant has fewer than two seeds.
  public let interval: BootstrapInterval?

  /// The ratio of `baseline`'s to `candidate`'s median steps-to-target, with a bootstrap
  /// interval when `resamples` > 0 and each variant has at least two seeds. `paired` resamples
  /// seed i of both together (both ran the same seeds, in the same order).
  public init<G: RandomNumberGenerator>(
    baseline: StepsToTargetSummary, candidate: StepsToTargetSummary, paired: Bool,
    confidence: Double = 0.95, resamples: Int = 10_000, using generator: inout G
  ) throws(StatisticsError) {
    estimate = StepsRatio.estimate(baseline: baseline.median, candidate: candidate.median)
    if resamples > 0, baseline.seeds >= 2, candidate.seeds >= 2 {
      interval = try Bootstrap.interval(
        baseline.outcomes.map(\.censoredStep), candidate.outcomes.map(\.censoredStep),
        paired: paired, confidence: confidence, resamples: resamples, using: &generator
      ) { b, c in StepsRatio.ratio(Bootstrap.median(b), Bootstrap.median(c)) }
    } else {
      try StatisticsError.check(confidence: confidence)
      interval = nil
    }
  }

  static func estimate(baseline: MedianSteps, candidate: MedianSteps) -> Estimate {
    switch (baseline, candidate) {
    case (.steps(let b), .steps(let c)): return c > 0 ? .exact(b / c) : .undefined
    case (.notReached(let b), .steps(let c)): return c > 0 ? .atLeast(b / c) : .undefined
    case (.steps(let b), .notReached(let c)): return c > 0 ? .atMost(b / c) : .undefined
    case (.notReached, .notReached): return .undefined
    }
  }

  /// b/c with +∞ for "not reached": ∞/c = ∞, b/∞ = 0, ∞/∞ and x/0 undefined (NaN).
  static func ratio(_ b: Double, _ c: Double) -> Double {
    guard c > 0, !(b.isInfinite && c.isInfinite) else { return .nan }
    return b / c
  }
}
