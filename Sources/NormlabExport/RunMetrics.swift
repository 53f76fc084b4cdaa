import NormlabExperiment

/// One value of a logged series; nil where `metrics.json` holds null (a value that was not
/// finite, such as the loss of a diverging step).
public struct MetricPoint: Sendable, Hashable {
  public var step: Int64
  public var value: Double?
}

/// A logged series of one run under its export name.
public struct MetricSeries: Sendable, Hashable {
  public var metric: String
  public var points: [MetricPoint]
}

/// The series every export writes for a run, under one set of names (TensorBoard tags and the
/// tidy CSV's `metric` column):
///
/// | name | from `metrics.json` |
/// |---|---|
/// | `loss/train`, `loss/test`, `loss/batch` | `history.train_loss`, `test_loss`, `batch_loss` |
/// | `accuracy/train`, `accuracy/test` | `history.train_accuracy`, `test_accuracy` |
/// | `loss/dev`, `accuracy/dev` | `history.dev_loss`, `dev_accuracy` (with a development set) |
/// | `learning_rate`, `epoch` | `history.learning_rate`, `epoch` |
/// | `gradient_norm/layer_N`, `weight_norm/layer_N` | `diagnostics.gradient_norms`, `weight_norms` (N from 1, the output layer last) |
/// | `saturation/layer_N` | `diagnostics.saturation` (hidden layers) |
/// | `activation/p15`, `p50`, `p85` | `diagnostics.probe_percentiles` (the watched unit's input) |
/// | `bn/running_mean/layer_N`, `bn/running_variance/layer_N` | `diagnostics.bn_running_mean`, `bn_running_variance` |
///
/// Every series is indexed by `history.step`. A series without a single value (accuracy of a
/// regression, BN statistics of a layer without BN) is left out.
public enum RunMetrics {
  /// Metrics the HParams dashboard shows as columns: each run's last value.
  public static let headline = ["loss/test", "accuracy/test", "loss/train", "accuracy/train", "loss/dev", "accuracy/dev"]

  public static func series(of run: RunRecord) -> [MetricSeries] {
    let h = run.history
    let d = run.diagnostics
    let steps = h.step.map(Int64.init)
    var all: [MetricSeries] = []
    func add(_ metric: String, _ values: [Double?]) {
      let points = zip(steps, values).map { MetricPoint(step: $0, value: $1) }
      guard points.contains(where: { $0.value != nil }) else { return }
      all.append(MetricSeries(metric: metric, points: points))
    }
    func addLayers(_ prefix: String, _ rows: [[Double?]]) {
      let layers = rows.map(\.count).max() ?? 0
      for layer in 0..<layers {
        add("\(prefix)/layer_\(layer + 1)", rows.map { layer < $0.count ? $0[layer] : nil })
      }
    }
    add("loss/train", h.trainLoss)
    add("loss/test", h.testLoss)
    add("accuracy/train", h.trainAccuracy)
    add("accuracy/test", h.testAccuracy)
    add("loss/dev", h.devLoss ?? [])
    add("accuracy/dev", h.devAccuracy ?? [])
    add("learning_rate", h.learningRate)
    add("loss/batch", h.batchLoss)
    add("epoch", h.epoch.map { $0 })
    addLayers("gradient_norm", d.gradientNorms)
    addLayers("weight_norm", d.weightNorms)
    addLayers("saturation", d.saturation)
    for (index, name) in ["p15", "p50", "p85"].enumerated() {
      add("activation/\(name)", d.probePercentiles.map { index < $0.count ? $0[index] : nil })
    }
    addLayers("bn/running_mean", d.batchNormRunningMean ?? [])
    addLayers("bn/running_variance", d.batchNormRunningVariance ?? [])
    return all
  }

  /// The run's name in both exports: `variant/seed-N`, or `variant/trial-NNN/seed-N` in a
  /// sweep (trial numbers zero-padded to `trialDigits`, so runs sort in trial order).
  public static func runName(_ run: RunRecord, trialDigits: Int = 3) -> String {
    guard let trial = run.trial else { return "\(run.variant)/seed-\(run.seed)" }
    let digits = String(trial)
    let padded = String(repeating: "0", count: max(trialDigits - digits.count, 0)) + digits
    return "\(run.variant)/trial-\(padded)/seed-\(run.seed)"
  }

  /// The runs averaged together: the variant, plus the trial in a sweep (as in the report).
  public static func group(_ run: RunRecord) -> String {
    run.trial.map { "\(run.variant)#\($0)" } ?? run.variant
  }

  /// Digits that number every trial of `result`, at least 3.
  public static func trialDigits(_ result: ExperimentResult) -> Int {
    max(3, String(result.runs.compactMap(\.trial).max() ?? 0).count)
  }
}
