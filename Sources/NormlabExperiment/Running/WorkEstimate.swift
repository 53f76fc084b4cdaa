import NormlabEngine

/// The work an experiment plans, counted before training: steps, multiply-adds and logged
/// points over every run. `check` shows it; plans beyond the limits are refused unless forced,
/// because a typo (`steps: 1e8` with `log_every: 1`) should not run for days or fill the memory.
public struct WorkEstimate: Sendable, Equatable {
  /// About an hour of one core at BLAS speed.
  public static let maxMultiplyAdds = 1e14
  /// Logged points over all runs; each holds a few dozen numbers in memory and in metrics.json.
  public static let maxHistoryPoints = 5_000_000

  public var runs: Int
  public var steps: Double
  /// Training (forward and backward, about 3 per weight and sample) and evaluation.
  public var multiplyAdds: Double
  public var historyPoints: Double

  public init(runs: Int, steps: Double, multiplyAdds: Double, historyPoints: Double) {
    self.runs = runs
    self.steps = steps
    self.multiplyAdds = multiplyAdds
    self.historyPoints = historyPoints
  }

  /// The estimate of prepared runs (their step counts and log intervals are resolved).
  public init(_ prepared: [PreparedRun]) {
    var steps = 0.0
    var work = 0.0
    var points = 0.0
    for run in prepared {
      let configuration = run.configuration
      let parameters = Double(configuration.network.parameterCount)
      let trainRows = Double(run.data.train.count)
      let total = Double(
        Trainer(spec: configuration.network, options: configuration.training, seed: 0)
          .totalSteps(samples: run.data.train.count))
      let batch = configuration.training.batchSize == 0 ? trainRows : min(Double(configuration.training.batchSize), trainRows)
      let logged = (total / Double(max(configuration.training.logEvery, 1))).rounded(.up) + 1
      let evaluationRows = Double(configuration.training.evaluationSamples == 0
        ? run.data.train.count : min(configuration.training.evaluationSamples, run.data.train.count))
        + Double(run.data.test.count)
      steps += total
      points += logged
      work += 3 * total * batch * parameters + logged * evaluationRows * parameters
    }
    self.init(runs: prepared.count, steps: steps, multiplyAdds: work, historyPoints: points)
  }

  /// Why the plan is beyond the limits, or nil.
  public var excess: String? {
    if multiplyAdds > Self.maxMultiplyAdds {
      return "the experiment plans about \(Self.compact(multiplyAdds)) multiply-adds (\(Self.compact(steps)) steps over \(runs) runs); the limit is \(Self.compact(Self.maxMultiplyAdds)), about an hour of one core"
    }
    if historyPoints > Double(Self.maxHistoryPoints) {
      return "the experiment logs about \(Self.compact(historyPoints)) points over \(runs) runs; the limit is \(Self.compact(Double(Self.maxHistoryPoints)))"
    }
    return nil
  }

  /// `12 runs, 3.6k steps, 2.1G multiply-adds, 1.2k logged points`.
  public var summary: String {
    "\(runs) run\(runs == 1 ? "" : "s"), \(Self.compact(steps)) steps, \(Self.compact(multiplyAdds)) multiply-adds, \(Self.compact(historyPoints)) logged points"
  }

  static func compact(_ value: Double) -> String {
    let units: [(Double, String)] = [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
    for (size, suffix) in units where value >= size {
      let scaled = value / size
      return (scaled >= 100 ? String(Int(scaled.rounded())) : String((scaled * 10).rounded() / 10)) + suffix
    }
    return String(Int(value.rounded()))
  }
}
