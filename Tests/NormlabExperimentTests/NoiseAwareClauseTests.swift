import Foundation
import Testing

@testable import NormlabExperiment

/// `expect:` clauses that know about seed noise, and steps to a target.
@Suite struct NoiseAwareClauseTests {
  static func run(_ variant: String, seed: UInt64, accuracy: Double, steps: [Int] = [], curve: [Double] = []) -> RunRecord {
    RunRecord(
      variant: variant, label: variant, color: nil, seed: seed, trial: nil, parameters: [:], settings: nil,
      final: FinalMetrics(
        trainLoss: 1 - accuracy, testLoss: 1 - accuracy, trainAccuracy: accuracy, testAccuracy: accuracy,
        steps: steps.last ?? 100, epochs: 1, diverged: false, divergedAtStep: nil, interrupted: false,
        wallSeconds: 0, stepsPerSecond: 0),
      history: HistoryRecord(
        step: steps, epoch: steps.map { Double($0) / 100 }, trainLoss: curve.map { 1 - $0 }, testLoss: curve.map { 1 - $0 },
        trainAccuracy: curve, testAccuracy: curve, learningRate: curve.map { _ in 0.1 }, batchLoss: curve.map { _ in nil }),
      diagnostics: DiagnosticsRecord(gradientNorms: [], weightNorms: [], probePercentiles: [], probeLayer: 0, saturation: []),
      boundary: nil)
  }

  static func evaluate(_ text: String, _ runs: [RunRecord], allowUnderpowered: Bool = false) throws -> ExpectationResult {
    try #require(ExpectationEvaluator.evaluate([try ExpectationClause(parsing: text)], runs: runs, allowUnderpowered: allowUnderpowered).first)
  }

  @Test func confidenceIsParsedInBothSpellings() throws {
    #expect(try ExpectationClause(parsing: "a.test_accuracy > b.test_accuracy (confidence 0.95)").confidence == 0.95)
    #expect(try ExpectationClause(parsing: "a.test_accuracy > b.test_accuracy (confidence 99%)").confidence == 0.99)
    #expect(try ExpectationClause(parsing: "a.test_accuracy > b.test_accuracy").confidence == nil)
    #expect(throws: ExpectationParser.ParseError.self) { try ExpectationClause(parsing: "a.test_accuracy > 0 (confidence 2)") }
  }

  @Test func aPairedTestDecidesAndReportsItsNumbers() throws {
    // a beats b by 0.05 ± 0.01 on each of five shared seeds: SciPy's ttest_rel gives
    // t = 14.142135623730919, p (one-sided) = 7.256408530659942e-05 for these differences.
    let differences = [0.04, 0.05, 0.06, 0.045, 0.055]
    var runs: [RunRecord] = []
    for (i, d) in differences.enumerated() {
      runs.append(Self.run("a", seed: UInt64(i + 1), accuracy: 0.8 + d))
      runs.append(Self.run("b", seed: UInt64(i + 1), accuracy: 0.8))
    }
    let result = try Self.evaluate("a.test_accuracy > b.test_accuracy (confidence 0.95)", runs)
    #expect(result.passed)
    let test = try #require(result.test)
    #expect(test.test == "paired" && test.outcome == "supported" && test.leftCount == 5)
    #expect(abs((test.difference ?? 0) - 0.05) < 1e-12)
    #expect(abs((test.statistic ?? 0) - 14.142135623730919) < 1e-6)
    #expect(abs((test.pValue ?? 1) - 7.256408530659942e-05) < 1e-9)
    #expect(test.effectSizeMeasure == "cohens_dz")
    // The opposite claim is not supported (and fails), with the same numbers.
    let opposite = try Self.evaluate("a.test_accuracy < b.test_accuracy (confidence 0.95)", runs)
    #expect(!opposite.passed && opposite.test?.outcome == "not_supported")
  }

  @Test func tooFewSeedsAreUnderpoweredAndFailUnlessAllowed() throws {
    let runs = [Self.run("a", seed: 1, accuracy: 0.9), Self.run("b", seed: 1, accuracy: 0.5),
                Self.run("a", seed: 2, accuracy: 0.91), Self.run("b", seed: 2, accuracy: 0.52)]
    let strict = try Self.evaluate("a.test_accuracy > b.test_accuracy (confidence 0.95)", runs)
    #expect(!strict.passed && strict.test?.outcome == "underpowered")
    #expect(strict.message?.contains("5 seeds per variant needed") == true)
    let allowed = try Self.evaluate("a.test_accuracy > b.test_accuracy (confidence 0.95)", runs, allowUnderpowered: true)
    #expect(allowed.passed && allowed.message?.hasPrefix("allowed although underpowered") == true)
  }

  @Test func differentSeedsUseWelchsTest() throws {
    let runs = (1...4).map { Self.run("a", seed: UInt64($0), accuracy: 0.9 + 0.01 * Double($0)) }
      + (5...8).map { Self.run("b", seed: UInt64($0), accuracy: 0.5 + 0.01 * Double($0)) }
    let result = try Self.evaluate("a.test_accuracy > b.test_accuracy (confidence 0.9)", runs)
    #expect(result.test?.test == "welch" && result.test?.effectSizeMeasure == "hedges_g")
    #expect(result.passed)
  }

  @Test func stepsToATargetTakeTheFirstLoggedStepAndTheMedian() throws {
    let steps = [0, 100, 200, 300, 400]
    let fast = (1...3).map { Self.run("fast", seed: UInt64($0), accuracy: 0.95, steps: steps, curve: [0.5, 0.92, 0.95, 0.95, 0.95]) }
    // One seed of `slow` never reaches 0.9; the median is still the other two's.
    let slow = [
      Self.run("slow", seed: 1, accuracy: 0.95, steps: steps, curve: [0.5, 0.6, 0.7, 0.91, 0.95]),
      Self.run("slow", seed: 2, accuracy: 0.8, steps: steps, curve: [0.5, 0.6, 0.7, 0.8, 0.85]),
      Self.run("slow", seed: 3, accuracy: 0.95, steps: steps, curve: [0.5, 0.6, 0.9, 0.95, 0.95]),
    ]
    let clause = "fast.steps_to(test_accuracy >= 0.9) * 2 < slow.steps_to(test_accuracy >= 0.9)"
    let result = try Self.evaluate(clause, fast + slow)
    #expect(result.values["fast.steps_to(test_accuracy >= 0.9)"] == .some(100))
    #expect(result.values["slow.steps_to(test_accuracy >= 0.9)"] == .some(300))
    #expect(result.passed)
    // Most seeds never reaching the target: the median is +∞, shown as null, and a clause that
    // needs it reached fails.
    let never = try Self.evaluate("slow.steps_to(test_accuracy >= 0.99) < 1000", slow)
    #expect(!never.passed && never.values["slow.steps_to(test_accuracy >= 0.99)"] == .some(nil))
    #expect(throws: ExpectationParser.ParseError.self) { try ExpectationClause(parsing: "a.steps_to(accuracy >= 0.9) < 1") }
  }
}
