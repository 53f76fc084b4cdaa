/// The best trial of a search, as `expect:` clauses and the report's charts judge it: each trial
/// averaged over its seeds, a trial with a diverged run left out (a failed trial of the search).
public enum BestTrial {
  /// The trial number (0 without a sweep) and mean of the best trial of `runs`, nil when no
  /// trial has a finite mean.
  public static func find(
    in runs: [RunRecord], value: (FinalMetrics) -> Double?, lowerIsBetter: Bool
  ) -> (trial: Int, mean: Double)? {
    var trials: [Int: [RunRecord]] = [:]
    for run in runs { trials[run.trial ?? 0, default: []].append(run) }
    var best: (trial: Int, mean: Double)?
    for (trial, members) in trials.sorted(by: { $0.key < $1.key }) {
      guard !members.contains(where: \.final.diverged) else { continue }
      let mean = members.map { value($0.final) ?? .nan }.reduce(0, +) / Double(members.count)
      guard mean.isFinite else { continue }
      if let current = best, lowerIsBetter ? mean >= current.mean : mean <= current.mean { continue }
      best = (trial, mean)
    }
    return best
  }
}

extension BestTrial {
  /// Which set a search's best trial is chosen on.
  public enum SelectionSet: String, Sendable, Hashable {
    /// The development set: the test set stays an unbiased estimate of the chosen trial.
    case development
    /// No development set: the best trial was chosen on test data, so its test metric is
    /// optimistic; reports say so.
    case test
  }

  /// The set `runs` choose their best trial on: development when they logged one.
  public static func selectionSet(of runs: [RunRecord]) -> SelectionSet {
    runs.contains { $0.final.devAccuracy != nil || $0.final.devLoss != nil } ? .development : .test
  }

  /// The best trial by accuracy (highest) or loss (lowest) on the selection set, with its mean
  /// there.
  public static func choose(in runs: [RunRecord], accuracy: Bool) -> (trial: Int, mean: Double, set: SelectionSet)? {
    let set = selectionSet(of: runs)
    let value: (FinalMetrics) -> Double? = { final in
      switch (set, accuracy) {
      case (.development, true): return final.devAccuracy
      case (.development, false): return final.devLoss
      case (.test, true): return final.testAccuracy
      case (.test, false): return final.testLoss
      }
    }
    return find(in: runs, value: value, lowerIsBetter: !accuracy).map { ($0.trial, $0.mean, set) }
  }
}
