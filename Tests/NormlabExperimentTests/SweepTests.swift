import Foundation
import NormlabEngine
import Testing

@testable import NormlabExperiment

@Suite struct SweepTests {
  static func sweep(_ parameters: String, trials: Int, seed: Int) throws -> SweepSpec {
    let text = "seeds: [1]\nsweep:\n  method: random\n  trials: \(trials)\n  seed: \(seed)\n  parameters:\n\(parameters)"
    return try #require(try ExperimentParser.parse(text: text, file: "e", defaultName: "e").sweep)
  }

  @Test func randomSweepsAreReproducibleFromTheirSeed() throws {
    let parameters = "    train.optimizer.lr: { distribution: log_uniform, low: 1.0e-4, high: 1 }\n"
    let a = SweepSampler.trials(of: try Self.sweep(parameters, trials: 20, seed: 3))
    #expect(a == SweepSampler.trials(of: try Self.sweep(parameters, trials: 20, seed: 3)))
    #expect(a != SweepSampler.trials(of: try Self.sweep(parameters, trials: 20, seed: 4)))
  }

  /// Chi-square test with 3 degrees of freedom: 11.34 is the 1% critical value.
  static func coversDecadesEvenly(_ exponents: [Double], decades: Int) -> Bool {
    var counts = [Int](repeating: 0, count: decades)
    for e in exponents { counts[min(max(Int(e.rounded(.down)), 0), decades - 1)] += 1 }
    let expected = Double(exponents.count) / Double(decades)
    let chi = counts.map { (Double($0) - expected) * (Double($0) - expected) / expected }.reduce(0, +)
    return chi < 11.34 && counts.allSatisfy { $0 > 0 }
  }

  @Test func logUniformCoversEveryDecadeEvenly() throws {
    let sweep = try Self.sweep("    train.optimizer.lr: { distribution: log_uniform, low: 1.0e-4, high: 1 }\n", trials: 4000, seed: 11)
    let values = SweepSampler.trials(of: sweep).compactMap { $0["train.optimizer.lr"]?.doubleValue }
    #expect(values.count == 4000 && values.allSatisfy { $0 >= 1e-4 && $0 <= 1 })
    #expect(Self.coversDecadesEvenly(values.map { log10($0) + 4 }, decades: 4))
    // A uniform draw over the same range would put about 99.9% in the top decade.
    #expect(values.filter { $0 < 0.1 }.count > 2500)
  }

  @Test func oneMinusLogUniformCoversTheDecadesOfOneMinusBeta() throws {
    let sweep = try Self.sweep("    train.optimizer.beta1: { distribution: one_minus_log_uniform, low: 1.0e-4, high: 1 }\n", trials: 4000, seed: 12)
    let betas = SweepSampler.trials(of: sweep).compactMap { $0["train.optimizer.beta1"]?.doubleValue }
    #expect(betas.allSatisfy { $0 >= 0 && $0 < 1 })
    #expect(Self.coversDecadesEvenly(betas.map { log10(1 - $0) + 4 }, decades: 4))
  }

  @Test func gridSweepsCombineWithVariantsAndSeedsInPlanOrder() throws {
    let experiment = try ExperimentParser.parse(
      text: """
        seeds: [1, 2]
        variants: { a: {}, b: {} }
        sweep:
          parameters:
            train.optimizer.lr: [0.1, 0.3]
            train.batch_size: [16, full]
        """, file: "e", defaultName: "e")
    let plan = experiment.plan()
    #expect(plan.count == 2 * 4 * 2)
    #expect(plan.map(\.index) == Array(0..<16))
    #expect(plan[0].variant == "a" && plan[0].trial == 0 && plan[0].seed == 1)
    #expect(plan[1].seed == 2 && plan[2].trial == 1 && plan[8].variant == "b")
    #expect(Set(plan.filter { $0.variant == "a" && $0.seed == 1 }.map { $0.parameters }).count == 4)
  }

  @Test func aVariantsOwnSweepReplacesTheTopLevelOne() throws {
    let experiment = try ExperimentParser.parse(
      text: """
        seeds: [1, 2]
        sweep:
          parameters:
            train.optimizer.lr: [0.1, 0.3]
        variants:
          shared: {}
          grid:
            sweep:
              parameters:
                train.optimizer.lr: [0.001, 0.01, 0.1]
                train.optimizer.beta1: [0.9, 0.99]
          random:
            sweep: { method: random, trials: 5, seed: 3, parameters: { train.optimizer.lr: { distribution: log_uniform, low: 0.001, high: 1 } } }
        """, file: "e", defaultName: "e")
    let plan = experiment.plan()
    func trials(_ variant: String) -> Set<Int> { Set(plan.filter { $0.variant == variant }.compactMap(\.trial)) }
    #expect(plan.count == (2 + 6 + 5) * 2)
    #expect(trials("shared") == [0, 1] && trials("grid") == Set(0..<6) && trials("random") == Set(0..<5))
    #expect(experiment.sweepKeys == ["train.optimizer.lr", "train.optimizer.beta1"])
    let gridBetas = Set(plan.filter { $0.variant == "grid" }.compactMap { $0.parameters["train.optimizer.beta1"]?.doubleValue })
    #expect(gridBetas == [0.9, 0.99])
    let randomRates = plan.filter { $0.variant == "random" }.map(\.settings.train.optimizer.lr)
    #expect(randomRates.count == 10 && randomRates.allSatisfy { $0 >= 0.001 && $0 <= 1 } && Set(randomRates).count == 5)
  }

  @Test func aVariantsSweepIsValidatedWithItsPosition() {
    #expect {
      _ = try ExperimentParser.parse(
        text: "variants:\n  grid:\n    sweep:\n      method: grid\n      parameters:\n        train.optimizer.lr: { distribution: log_uniform, low: 0.001, high: 1 }\n",
        file: "e.yaml", defaultName: "e")
    } throws: { error in
      let text = String(describing: error)
      return text.contains("e.yaml:4:7") && text.contains("a grid sweep needs a list of values")
    }
  }

  static func record(_ variant: String, trial: Int?, seed: UInt64, accuracy: Double, loss: Double, diverged: Bool = false) -> RunRecord {
    RunRecord(
      variant: variant, label: variant, color: nil, seed: seed, trial: trial, parameters: [:], settings: nil,
      final: FinalMetrics(
        trainLoss: loss, testLoss: loss, trainAccuracy: accuracy, testAccuracy: accuracy, steps: 10,
        epochs: 1, diverged: diverged, divergedAtStep: diverged ? 5 : nil, interrupted: false,
        wallSeconds: 0, stepsPerSecond: 0),
      history: HistoryRecord(step: [], epoch: [], trainLoss: [], testLoss: [], trainAccuracy: [], testAccuracy: [], learningRate: [], batchLoss: []),
      diagnostics: DiagnosticsRecord(gradientNorms: [], weightNorms: [], probePercentiles: [], probeLayer: 0, saturation: []),
      boundary: nil)
  }

  @Test func bestMetricsTakeTheBestTrialAveragedOverSeedsAndSkipDivergedTrials() throws {
    let runs = [
      // Trial 0: mean 0.8; trial 1: mean 0.9 (one seed high, one low); trial 2: one seed 0.99 but
      // the other diverged, so it is a failed trial, not the best.
      Self.record("random", trial: 0, seed: 1, accuracy: 0.8, loss: 0.5),
      Self.record("random", trial: 0, seed: 2, accuracy: 0.8, loss: 0.5),
      Self.record("random", trial: 1, seed: 1, accuracy: 0.95, loss: 0.2),
      Self.record("random", trial: 1, seed: 2, accuracy: 0.85, loss: 0.4),
      Self.record("random", trial: 2, seed: 1, accuracy: 0.99, loss: 0.01),
      Self.record("random", trial: 2, seed: 2, accuracy: 0.5, loss: .nan, diverged: true),
      Self.record("grid", trial: 0, seed: 1, accuracy: 0.7, loss: 0.6),
      Self.record("grid", trial: 1, seed: 1, accuracy: 0.88, loss: 0.25),
    ]
    func evaluate(_ text: String) throws -> ExpectationResult {
      let clause = try ExpectationClause(parsing: text)
      return try #require(ExpectationEvaluator.evaluate([clause], runs: runs).first)
    }
    let accuracy = try evaluate("random.best_test_accuracy > grid.best_test_accuracy")
    #expect(accuracy.passed)
    #expect(abs((accuracy.values["random.best_test_accuracy"] ?? nil).map { $0 - 0.9 } ?? 1) < 1e-12)
    #expect(abs((accuracy.values["grid.best_test_accuracy"] ?? nil).map { $0 - 0.88 } ?? 1) < 1e-12)
    let loss = try evaluate("grid.best_test_loss < random.best_test_loss")
    #expect(abs((loss.values["random.best_test_loss"] ?? nil).map { $0 - 0.3 } ?? 1) < 1e-12)
    #expect(loss.passed)
    // The plain mean still reports the diverged run.
    #expect(try !evaluate("random.test_accuracy > 0").passed)
  }
}
