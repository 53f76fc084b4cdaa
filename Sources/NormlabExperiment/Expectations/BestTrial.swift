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
