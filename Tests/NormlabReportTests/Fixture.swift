import Foundation
import NormlabEngine
@testable import NormlabExperiment
@testable import NormlabReport

/// Small, hand-made results with every field a chart needs, so each chart kind can be checked
/// without training.
enum Fixture {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

  static func run(variant: String, label: String, seed: UInt64, quality: Double, trial: Int? = nil, parameters: [String: ConfigValue] = [:]) -> RunRecord {
    let points = 20
    let steps = (0..<points).map { $0 * 10 }
    // A decaying loss with a seed-dependent wiggle; `quality` < 1 learns faster.
    func loss(_ i: Int, offset: Double) -> Double {
      let base = 0.05 + 0.9 * Double.exp(-Double(i) / (6 * quality)) + offset
      return base + 0.01 * Double((Int(seed) * 7 + i * 3) % 5)
    }
    let history = HistoryRecord(
      step: steps, epoch: steps.map { Double($0) / 40 },
      trainLoss: (0..<points).map { loss($0, offset: 0) }, testLoss: (0..<points).map { loss($0, offset: 0.04) },
      trainAccuracy: (0..<points).map { 1 - 0.5 * Double.exp(-Double($0) / (5 * quality)) },
      testAccuracy: (0..<points).map { 0.97 - 0.5 * Double.exp(-Double($0) / (5 * quality)) },
      learningRate: (0..<points).map { 0.1 * Double.pow(0.9, Double($0)) },
      batchLoss: (0..<points).map { loss($0, offset: 0.02 * Double($0 % 3)) })
    let diagnostics = DiagnosticsRecord(
      gradientNorms: (0..<points).map { i in (0..<3).map { layer in 0.01 * Double.pow(10, Double(layer)) * (1 + 0.1 * Double(i % 4)) } },
      weightNorms: (0..<points).map { _ in [1, 2, 3] },
      probePercentiles: (0..<points).map { i in
        let drift = quality * 0.05 * Double(i)
        return [drift - 1, drift, drift + 1]
      },
      probeLayer: 1,
      saturation: (0..<points).map { i in [min(0.02 * Double(i) * quality, 1), 0.1] })
    let resolution = 10
    let boundary = BoundaryGrid(
      xRange: [-2, 2], yRange: [-2, 2], resolution: resolution,
      values: (0..<(resolution * resolution)).map { k in
        let x = -2 + 4 * Double(k % resolution) / Double(resolution - 1)
        let y = -2 + 4 * Double(k / resolution) / Double(resolution - 1)
        return 1 / (1 + Double.exp(-(x + y) / quality))
      }, classes: 2)
    let last = history.trainLoss.count - 1
    let final = FinalMetrics(
      trainLoss: history.trainLoss[last], testLoss: history.testLoss[last],
      trainAccuracy: history.trainAccuracy[last], testAccuracy: history.testAccuracy[last],
      steps: 190, epochs: 4.75, diverged: false, divergedAtStep: nil, interrupted: false,
      wallSeconds: 1.5, stepsPerSecond: 126.7)
    return RunRecord(
      variant: variant, label: label, color: nil, seed: seed, trial: trial, parameters: parameters,
      settings: nil, final: final, history: history, diagnostics: diagnostics, boundary: boundary)
  }

  /// Two variants × two seeds on 2-D inputs, with a loss surface, a section and expectations.
  static func result() -> ExperimentResult {
    let runs = [
      run(variant: "no-bn", label: "without BN", seed: 1, quality: 1.5),
      run(variant: "no-bn", label: "without BN", seed: 2, quality: 1.5),
      run(variant: "bn", label: "with BN", seed: 1, quality: 0.7),
      run(variant: "bn", label: "with BN", seed: 2, quality: 0.7),
    ]
    var features: [Float] = []
    var labels: [Int32] = []
    var rng = SplitMix64(seed: 3)
    for i in 0..<200 {
      let label = i % 2
      let center = label == 0 ? -1.0 : 1.0
      features += [Float(center + rng.nextNormal() + 2), Float((center + rng.nextNormal() + 2) * 50)]
      labels.append(Int32(label))
    }
    let data = LoadedData(
      train: Dataset(features: features, labels: labels, featureCount: 2, classCount: 2),
      test: Dataset(features: features, labels: labels, featureCount: 2, classCount: 2), normalizer: nil)
    return ExperimentResult(
      experiment: "fixture", normlabVersion: "0.1.0", title: "Fixture experiment",
      description: "A hand-made result for report tests.", seeds: [1, 2], quick: false, interrupted: false,
      shard: nil,
      variants: [
        VariantRecord(
          name: "no-bn", label: "without BN", color: nil,
          settings: ExperimentSettings(["model.batch_norm": .bool(false), "data.dataset": .string("moons")]), overrides: [:]),
        VariantRecord(
          name: "bn", label: "with BN", color: nil,
          settings: ExperimentSettings(["model.batch_norm": .bool(true), "data.dataset": .string("moons")]),
          overrides: ["model.batch_norm": .bool(true)]),
      ],
      sweepKeys: [],
      report: ReportRecord(
        template: "default", charts: [], exclude: [],
        sections: [
          ReportSectionRecord(
            heading: "Why normalize", text: "BN computes *z_norm*, then `z~ = gamma * z_norm + beta`.\n\n- faster\n- **steadier**",
            charts: ["loss", "percentiles"])
        ]),
      runs: runs,
      expectations: [
        ExpectationResult(clause: "bn.train_loss < no-bn.train_loss", passed: true, values: [:], message: nil),
        ExpectationResult(clause: "bn.test_accuracy > 0.99", passed: false, values: [:], message: "0.97 > 0.99 is false"),
      ],
      dataSample: DataSample(x: [-1, 1, 0.5], y: [-1, 1, -0.5], label: [0, 1, 1]),
      date: "2020-01-02T03:04:05Z", commit: "abc1234",
      analyses: AnalysesRecord(lossSurfaces: LossSurface.beforeAndAfterNormalization(data)))
  }

  /// One variant swept over one or two parameters, one or two seeds each.
  static func sweep(twoParameters: Bool) -> ExperimentResult {
    var base = result()
    base.analyses = nil
    base.sweepKeys = twoParameters ? ["train.optimizer.lr", "train.batch_size"] : ["train.optimizer.lr"]
    var runs: [RunRecord] = []
    var trial = 0
    for lr in [0.001, 0.01, 0.1] {
      for batch in twoParameters ? [16, 64] : [32] {
        var parameters: [String: ConfigValue] = ["train.optimizer.lr": .number(lr)]
        if twoParameters { parameters["train.batch_size"] = .int(batch) }
        for seed: UInt64 in [1, 2] {
          runs.append(run(variant: "base", label: "base", seed: seed, quality: lr * 10 + 0.3, trial: trial, parameters: parameters))
        }
        trial += 1
      }
    }
    base.runs = runs
    base.report.sections = []
    return base
  }

  static func settings(formats: Set<String> = ["pdf", "png", "svg", "md"]) throws -> ReportSettings {
    let templates = packageRoot.appendingPathComponent("templates/default")
    let layoutText = try String(contentsOf: templates.appendingPathComponent("layout.yaml"), encoding: .utf8)
    let summary = try String(contentsOf: templates.appendingPathComponent("summary.md.mustache"), encoding: .utf8)
    let layout = try ReportLayout.parse(text: layoutText, file: "layout.yaml", name: "default")
    return ReportSettings(layout: layout, summaryTemplate: summary, date: "2020-01-02T03:04:05Z", gitCommit: "abc1234", formats: formats)
  }
}
