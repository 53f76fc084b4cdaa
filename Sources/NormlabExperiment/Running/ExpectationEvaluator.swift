/// Evaluates `expect:` clauses on seed-averaged final metrics.
public enum ExpectationEvaluator {
  public static func evaluate(_ clauses: [ExpectationClause], runs: [RunRecord])
    -> [ExpectationResult]
  {
    clauses.map { clause in
      var values: [String: Double?] = [:]
      var problems: [String] = []
      for (variant, metric) in clause.references {
        let group = runs.filter { $0.variant == variant }
        let key = "\(variant).\(metric.rawValue)"
        if group.isEmpty {
          problems.append("no runs of `\(variant)`")
          values[key] = .some(nil)
          continue
        }
        if metric.isBestOfSweep {
          values[key] = best(metric, of: group).finiteOrNil
          continue
        }
        let diverged = group.filter(\.final.diverged).count
        if diverged > 0 && metric != .diverged {
          problems.append("\(diverged) of \(group.count) runs of `\(variant)` diverged")
        }
        let average = mean(group.map { ExpectationEvaluator.value(of: metric, in: $0.final) })
        values[key] = average.finiteOrNil
      }
      let lookup: (String, ExpectMetric) -> Double = { variant, metric in
        values["\(variant).\(metric.rawValue)"].flatMap { $0 } ?? .nan
      }
      let left = clause.left.evaluate(lookup)
      let right = clause.right.evaluate(lookup)
      let holds = left.isFinite && right.isFinite && clause.comparison.holds(left, right)
      let passed = holds && problems.isEmpty
      var message: String?
      if !problems.isEmpty {
        message = problems.joined(separator: "; ")
      } else if !holds {
        message = "\(TickText.short(left)) \(clause.comparison.rawValue) \(TickText.short(right)) is false"
      }
      return ExpectationResult(clause: clause.text, passed: passed, values: values, message: message)
    }
  }

  /// The best trial's mean (see `BestTrial`): highest accuracy or lowest loss. Without a sweep,
  /// the variant's mean.
  static func best(_ metric: ExpectMetric, of runs: [RunRecord]) -> Double {
    BestTrial.find(
      in: runs, value: { value(of: metric, in: $0) }, lowerIsBetter: metric == .bestTestLoss)?.mean
      ?? .nan
  }

  static func value(of metric: ExpectMetric, in final: FinalMetrics) -> Double {
    switch metric {
    case .bestTestAccuracy: return final.testAccuracy ?? .nan
    case .bestTestLoss: return final.testLoss ?? .nan
    case .trainLoss: return final.trainLoss ?? .nan
    case .testLoss: return final.testLoss ?? .nan
    case .trainAccuracy: return final.trainAccuracy ?? .nan
    case .testAccuracy: return final.testAccuracy ?? .nan
    case .steps: return Double(final.steps)
    case .epochs: return final.epochs
    case .diverged: return final.diverged ? 1 : 0
    }
  }

  static func mean(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
  }
}

/// Short numbers for messages.
enum TickText {
  static func short(_ value: Double) -> String {
    guard value.isFinite else { return "nan" }
    let rounded = (value * 10000).rounded() / 10000
    return "\(rounded)"
  }
}
