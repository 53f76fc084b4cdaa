import NormlabStatistics

/// Evaluates `expect:` clauses on the runs. A plain clause compares values over seeds (means;
/// medians for steps to a target). A noise-aware clause, `... (confidence 0.95)`, holds only
/// when a one-sided t-test over seeds supports it: the paired test on per-seed values when
/// every side ran the same seeds (normlab's default), Welch's test otherwise. A clause its seeds
/// cannot decide at that confidence is underpowered and fails, unless underpowered clauses are
/// allowed (then it passes with a warning in its message).
public enum ExpectationEvaluator {
  public static func evaluate(
    _ clauses: [ExpectationClause], runs: [RunRecord], seeds: [UInt64] = [], allowUnderpowered: Bool = false
  ) -> [ExpectationResult] {
    clauses.map { evaluate($0, runs: runs, allowUnderpowered: allowUnderpowered) }
  }

  static func key(_ variant: String, _ metric: ExpectMetric) -> String { "\(variant).\(metric)" }

  static func evaluate(_ clause: ExpectationClause, runs: [RunRecord], allowUnderpowered: Bool) -> ExpectationResult {
    var values: [String: Double?] = [:]
    var problems: [String] = []
    for (variant, metric) in clause.references {
      let group = runs.filter { $0.variant == variant }
      let name = key(variant, metric)
      guard !group.isEmpty else {
        problems.append("no runs of `\(variant)`")
        values[name] = .some(nil)
        continue
      }
      if metric.isBestOfSweep {
        values[name] = best(metric, of: group).value.finiteOrNil
        continue
      }
      let diverged = group.filter(\.final.diverged).count
      if diverged > 0 && metric != .diverged {
        problems.append("\(diverged) of \(group.count) runs of `\(variant)` diverged")
      }
      let aggregate = metric.aggregate(group.map { metric.value(in: $0) ?? .nan })
      // A target never reached is +∞: kept for the comparison, shown as null.
      values[name] = aggregate.finiteOrNil
    }
    let lookup: (String, ExpectMetric) -> Double = { variant, metric in
      let group = runs.filter { $0.variant == variant }
      if metric.isBestOfSweep { return best(metric, of: group).value }
      return metric.aggregate(group.map { metric.value(in: $0) ?? .nan })
    }
    let left = clause.left.evaluate(lookup)
    let right = clause.right.evaluate(lookup)
    if let confidence = clause.confidence {
      return claim(clause, confidence: confidence, runs: runs, values: values, problems: problems, allowUnderpowered: allowUnderpowered)
    }
    let holds = !left.isNaN && !right.isNaN && clause.comparison.holds(left, right)
    let passed = holds && problems.isEmpty
    var message: String?
    if !problems.isEmpty {
      message = problems.joined(separator: "; ")
    } else if !holds {
      message = "\(TickText.short(left)) \(clause.comparison.rawValue) \(TickText.short(right)) is false"
    }
    return ExpectationResult(clause: clause.text, passed: passed, values: values, message: message)
  }

  /// A noise-aware clause: each side evaluated seed by seed, then the t-test.
  static func claim(
    _ clause: ExpectationClause, confidence: Double, runs: [RunRecord], values: [String: Double?],
    problems: [String], allowUnderpowered: Bool
  ) -> ExpectationResult {
    func perSeed(_ expression: ExpectExpression) -> [UInt64: Double] {
      // The seeds every referenced variant ran (for best-of-sweep metrics, in its best trial).
      var seedSets: [Set<UInt64>] = []
      for (variant, metric) in expression.references {
        seedSets.append(Set(ExpectationEvaluator.runs(of: variant, metric: metric, in: runs).map { $0.seed }))
      }
      guard let common = seedSets.first.map({ seedSets.dropFirst().reduce($0) { $0.intersection($1) } }) else {
        return [:]
      }
      var out: [UInt64: Double] = [:]
      for seed in common.sorted() {
        out[seed] = expression.evaluate { variant, metric in
          let run = ExpectationEvaluator.runs(of: variant, metric: metric, in: runs).first { $0.seed == seed }
          return run.flatMap { metric.censoredValue(in: $0) } ?? .nan
        }
      }
      return out
    }
    let alignment = SeedAlignment(left: perSeed(clause.left), right: perSeed(clause.right))
    let decision: ClaimDecision
    do {
      decision = try alignment.evaluate(Claim(clause.comparison.relation, confidence: confidence))
    } catch {
      return ExpectationResult(clause: clause.text, passed: false, values: values, message: "cannot test the clause: \(error)")
    }
    let record = ClaimTestRecord(decision, confidence: confidence)
    var passed: Bool
    var message: String
    switch decision.outcome {
    case .supported:
      passed = problems.isEmpty
      message = "supported: " + record.summary
    case .notSupported:
      passed = false
      message = "not supported at \(Int((confidence * 100).rounded()))% confidence: " + record.summary
    case .underpowered:
      passed = allowUnderpowered && problems.isEmpty
      message = (allowUnderpowered ? "allowed although underpowered: " : "") + record.summary
    }
    if !problems.isEmpty { message = problems.joined(separator: "; ") + "; " + message }
    return ExpectationResult(clause: clause.text, passed: passed, values: values, message: message, test: record)
  }

  /// The runs a metric of a variant reads: all of them, or the best trial's for a search.
  static func runs(of variant: String, metric: ExpectMetric, in runs: [RunRecord]) -> [RunRecord] {
    let group = runs.filter { $0.variant == variant }
    guard metric.isBestOfSweep, let trial = best(metric, of: group).trial else { return group }
    return group.filter { ($0.trial ?? 0) == trial }
  }

  /// The best trial of a search and its mean of `metric`: chosen on the development metric when
  /// the runs have one, else on the test metric (see `BestTrial`).
  static func best(_ metric: ExpectMetric, of runs: [RunRecord]) -> (trial: Int?, value: Double) {
    guard let choice = BestTrial.choose(in: runs, accuracy: metric == .bestTestAccuracy || metric == .bestDevAccuracy) else {
      return (nil, .nan)
    }
    let members = runs.filter { ($0.trial ?? 0) == choice.trial }
    let value = metric.aggregate(members.map { metric.value(in: $0) ?? .nan })
    return (choice.trial, value)
  }
}

/// Short numbers for messages.
enum TickText {
  static func short(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : value > 0 ? "∞" : "−∞" }
    let rounded = (value * 10000).rounded() / 10000
    return "\(rounded)"
  }
}
