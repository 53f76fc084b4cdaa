import Foundation
import NormlabExperiment
import NormlabInterop

/// An experiment's result in other tools' formats: a TensorBoard log directory and a tidy CSV.
/// Both name runs and metrics alike (`RunMetrics`) and depend only on `metrics.json`, so
/// exporting the same result twice gives the same bytes.
public enum ResultExport {
  /// One TensorBoard run per variant, trial and seed, with every logged series as scalars and
  /// the run's settings as HParams; runs of one variant (and trial) form one session group,
  /// so the HParams table averages their seeds. A non-finite value (null in `metrics.json`)
  /// is written as NaN.
  public static func tensorBoard(_ result: ExperimentResult) -> TensorBoardExperiment {
    let digits = RunMetrics.trialDigits(result)
    let runs = result.runs.map { run in
      let status: TensorBoardRun.Status = run.final.diverged ? .failure : (run.final.interrupted ? .unknown : .success)
      return TensorBoardRun(
        name: RunMetrics.runName(run, trialDigits: digits), group: RunMetrics.group(run),
        hparams: RunHyperparameters.of(run, in: result),
        scalars: RunMetrics.series(of: run).map { series in
          ScalarSeries(tag: series.metric, points: series.points.map { ScalarPoint(step: $0.step, value: $0.value ?? .nan) })
        },
        status: status)
    }
    let present = Set(runs.flatMap { $0.scalars.map(\.tag) })
    var description = result.title
    if !result.description.isEmpty { description += (description.isEmpty ? "" : "\n\n") + result.description }
    return TensorBoardExperiment(
      name: result.experiment, description: description, runs: runs,
      metrics: RunMetrics.headline.filter(present.contains),
      hparamDescriptions: RunHyperparameters.descriptions, hparamOrder: RunHyperparameters.order(result))
  }

  /// The wall time of every event: the report's date (`SOURCE_DATE_EPOCH` or the commit's,
  /// as `metrics.json` records it), else 1970-01-01, never the clock.
  public static func timestamp(_ result: ExperimentResult) -> TensorBoardTimestamp {
    let formatter = ISO8601DateFormatter()
    let seconds = result.date.flatMap { formatter.date(from: $0) }.map { Int64($0.timeIntervalSince1970) } ?? 0
    return TensorBoardTimestamp(secondsSince1970: seconds)
  }

  /// One row per run, step and metric, then the final metrics (`final/train_loss`, ... at the
  /// run's last step; `final/dev_loss` and `final/dev_accuracy` with a development set); a
  /// column per swept key. Wall-clock figures are left out.
  public static func tidyRows(_ result: ExperimentResult) -> [TidyRow] {
    let digits = RunMetrics.trialDigits(result)
    var rows: [TidyRow] = []
    for run in result.runs {
      let name = RunMetrics.runName(run, trialDigits: digits)
      var swept: [String: HParamValue] = [:]
      for key in result.sweepKeys {
        if let value = run.parameters[key].flatMap(RunHyperparameters.hparam) { swept[key] = value }
      }
      let seed = Int64(exactly: run.seed)
      let trial = run.trial.map(Int64.init)
      for series in RunMetrics.series(of: run) {
        for point in series.points {
          rows.append(
            TidyRow(
              run: name, variant: run.variant, seed: seed, trial: trial, step: point.step, metric: series.metric,
              value: point.value, swept: swept))
        }
      }
      let final = run.final
      var finals = [
        ("final/train_loss", final.trainLoss), ("final/test_loss", final.testLoss),
        ("final/train_accuracy", final.trainAccuracy), ("final/test_accuracy", final.testAccuracy),
      ]
      if run.history.devLoss != nil {
        finals += [("final/dev_loss", final.devLoss), ("final/dev_accuracy", final.devAccuracy)]
      }
      for (metric, value) in finals {
        rows.append(
          TidyRow(
            run: name, variant: run.variant, seed: seed, trial: trial, step: Int64(final.steps), metric: metric,
            value: value, swept: swept))
      }
    }
    return rows
  }

  /// The tidy CSV text (`TidyCSV`): `run, variant, seed, trial, step, metric, value`, then the
  /// swept keys in the experiment's order.
  public static func tidyCSV(_ result: ExperimentResult) throws(TidyCSVError) -> String {
    try TidyCSV.encode(tidyRows(result), sweptKeys: result.sweepKeys)
  }
}
