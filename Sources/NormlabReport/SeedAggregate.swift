import NormlabStatistics
import NormlabExperiment
import RealModule

/// A group of runs (one variant, or one sweep trial) averaged over seeds.
public struct RunGroup: Sendable {
  public var key: String
  public var variant: String
  public var label: String
  public var color: String?
  public var trial: Int?
  public var runs: [RunRecord]

  /// Groups runs by variant and trial, in the order they first appear.
  public static func groups(of result: ExperimentResult) -> [RunGroup] {
    var order: [String] = []
    var byKey: [String: RunGroup] = [:]
    for run in result.runs {
      let key = run.trial.map { "\(run.variant)#\($0)" } ?? run.variant
      if byKey[key] == nil {
        order.append(key)
        byKey[key] = RunGroup(
          key: key, variant: run.variant, label: run.trial == nil ? run.label : trialLabel(run, keys: result.sweepKeys),
          color: run.color, trial: run.trial, runs: [])
      }
      byKey[key]?.runs.append(run)
    }
    return order.compactMap { byKey[$0] }
  }

  /// Most sweep trials a curve chart draws; a larger search shows each variant's best trial
  /// (every trial stays in the sweep chart and the metrics table).
  static let maxDrawnTrials = 8

  /// The groups a per-group chart draws, and a note when a large search was reduced to the best
  /// trial of each variant.
  public static func displayed(of result: ExperimentResult) -> (groups: [RunGroup], note: String?) {
    let all = groups(of: result)
    let trials = all.filter { $0.trial != nil }
    guard trials.count > maxDrawnTrials else { return (all, nil) }
    let metric = SummaryCharts.sweepMetric(result)
    let strings = result.strings
    var shown: [RunGroup] = []
    var seen = Set<String>()
    for group in all where !seen.contains(group.variant) {
      seen.insert(group.variant)
      let candidates = all.filter { $0.variant == group.variant }
      guard group.trial != nil else {
        shown += candidates
        continue
      }
      let winner = BestTrial.find(
        in: candidates.flatMap(\.runs), value: metric.value, lowerIsBetter: metric.lowerIsBetter)
      var best = candidates.first { $0.trial == winner?.trial } ?? group
      if let run = best.runs.first {
        best.label = strings(.bestOfLabel, run.label, "\(candidates.count)", trialValues(run, keys: result.sweepKeys))
      }
      shown.append(best)
    }
    return (shown, strings(.bestTrialNote, metric.name, "\(trials.count)"))
  }

  /// A sweep trial named by its values, e.g. `base: lr=0.01, batch_size=16`; numbers keep three
  /// significant digits.
  static func trialLabel(_ run: RunRecord, keys: [String]) -> String {
    let values = trialValues(run, keys: keys)
    return values.isEmpty ? "\(run.label) #\(run.trial ?? 0)" : "\(run.label): " + values
  }

  /// The trial's swept values by their last key component, e.g. `lr=0.01, batch_size=16`.
  static func trialValues(_ run: RunRecord, keys: [String]) -> String {
    keys.compactMap { key in
      run.parameters[key].map { value in
        let shown = value.doubleValue.map { Format.number($0, digits: 3) } ?? value.description
        return "\(key.split(separator: ".").last.map(String.init) ?? key)=\(shown)"
      }
    }.joined(separator: ", ")
  }
}

/// Mean, spread and extremes of a series across seeds, aligned by logging point.
public struct SeriesStatistics: Sendable, Equatable {
  public var x: [Double]
  public var mean: [Double]
  public var std: [Double]
  public var minimum: [Double]
  public var maximum: [Double]
  /// Runs contributing at each point (a diverged run stops contributing).
  public var count: [Int]
  /// Half the width of the 95% Student t interval of the mean at each point.
  public var halfWidth95: [Double] = []

  /// The band around the mean a chart draws: ± one standard deviation, the 95% confidence
  /// interval of the mean, or the range of the seeds.
  public func band(_ mode: BandMode) -> (lower: [Double], upper: [Double]) {
    switch mode {
    case .std: return (zip(mean, std).map { $0 - $1 }, zip(mean, std).map { $0 + $1 })
    case .ci95: return (zip(mean, halfWidth95).map { $0 - $1 }, zip(mean, halfWidth95).map { $0 + $1 })
    case .minmax: return (minimum, maximum)
    }
  }

  /// Aligns the runs' series by index (runs of one group log at the same steps) over the
  /// longest run; NaN where no run has a finite value.
  public static func of(_ series: [[Double?]], x: [[Double]]) -> SeriesStatistics {
    let longest = x.max(by: { $0.count < $1.count }) ?? []
    var stats = SeriesStatistics(x: longest, mean: [], std: [], minimum: [], maximum: [], count: [])
    for i in longest.indices {
      let values = series.compactMap { i < $0.count ? $0[i] : nil }.filter(\.isFinite)
      stats.count.append(values.count)
      guard !values.isEmpty else {
        stats.mean.append(.nan)
        stats.std.append(.nan)
        stats.halfWidth95.append(.nan)
        stats.minimum.append(.nan)
        stats.maximum.append(.nan)
        continue
      }
      // The sample standard deviation (n − 1), as the tables and tests use; 0 for one run.
      let summary = try? NormlabStatistics.Summary(values)
      stats.mean.append(summary?.mean ?? .nan)
      stats.std.append(summary?.standardDeviation ?? 0)
      stats.halfWidth95.append(summary?.confidenceInterval.map { $0.width / 2 } ?? 0)
      stats.minimum.append(values.min() ?? .nan)
      stats.maximum.append(values.max() ?? .nan)
    }
    return stats
  }
}

/// Mean and standard deviation of final values over seeds.
public struct FinalStatistic: Sendable, Equatable {
  public var mean: Double
  /// The sample standard deviation (n − 1), as every table and test of normlab uses; 0 for one
  /// value.
  public var std: Double
  public var count: Int

  public init(_ values: [Double?]) {
    let finite = values.compactMap { $0 }.filter(\.isFinite)
    count = finite.count
    guard let summary = try? NormlabStatistics.Summary(finite) else {
      mean = .nan
      std = .nan
      return
    }
    mean = summary.mean
    std = summary.standardDeviation ?? 0
  }
}
