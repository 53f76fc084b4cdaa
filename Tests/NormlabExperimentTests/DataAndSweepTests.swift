import Foundation
import NormlabEngine
import Testing

@testable import NormlabExperiment

enum Fixture {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
  static func bytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: folder.appendingPathComponent(name)))
  }
  static func csvError(_ name: String) throws -> DataError? {
    do {
      _ = try CSVLoader.load(bytes: try bytes(name), file: name, labelColumn: "label")
      return nil
    } catch let error as DataError { return error }
  }
  static func idxError(_ images: String, _ labels: String) throws -> DataError? {
    do {
      _ = try IDXLoader.load(images: try bytes(images), imagesFile: images, labels: try bytes(labels), labelsFile: labels)
      return nil
    } catch let error as DataError { return error }
  }
}

@Suite struct FileFormatTests {
  @Test func csvReadsHeaderLabelColumnAndNumbers() throws {
    let data = try CSVLoader.load(bytes: try Fixture.bytes("good.csv"), file: "good.csv", labelColumn: "label")
    #expect(data.count == 3 && data.featureCount == 2 && data.classCount == 3)
    #expect(data.features == [1.5, -2, 3, 40, 0.25, 7])
    #expect(data.labels == [0, 1, 2])
  }

  @Test func csvQuotedCellsMayHoldCommasAndQuotes() throws {
    let text = "\"width, cm\", \"say \"\"hi\"\"\",label\r\n\"1.5\", 2 ,1\n3,\"4\",0\n"
    let data = try CSVLoader.load(bytes: Array(text.utf8), file: "q.csv", labelColumn: "label")
    #expect(data.featureCount == 2 && data.features == [1.5, 2, 3, 4] && data.labels == [1, 0])
    #expect(CSVLoader.cells(of: "\"a,b\", c ,\"say \"\"hi\"\"\"").map(\.text) == ["a,b", "c", "say \"hi\""])
    #expect(CSVLoader.cells(of: "\"a,b\", c ,d").map(\.column) == [1, 7, 11])
    // A bad cell after a quoted comma is still reported at its own column.
    let bad = "x1,x2,label\n\"1,5\",x,0\n"
    #expect {
      _ = try CSVLoader.load(bytes: Array(bad.utf8), file: "b.csv", labelColumn: "label")
    } throws: { error in
      guard let error = error as? DataError else { return false }
      return error.line == 2 && error.message == "`1,5` in column `x1` is not a finite number" && error.column == 1
    }
  }

  @Test func csvNonNumericCellNamesRowAndColumn() throws {
    let e = try #require(try Fixture.csvError("text-cell.csv"))
    #expect(e.line == 3 && e.column == 3)
    #expect(e.message == "`abc` in column `x2` is not a finite number")
    #expect(e.diagnostic.description.hasPrefix("text-cell.csv:3:3: error: `abc` in column `x2`"))
    #expect(e.sourceLine == "3,abc,1")
  }

  @Test func csvBrokenFilesGiveTheirRows() throws {
    let ragged = try #require(try Fixture.csvError("ragged-row.csv"))
    #expect(ragged.line == 3 && ragged.column == 7 && ragged.message == "row has 4 cells but the header has 3 columns")
    let noLabel = try #require(try Fixture.csvError("no-label-column.csv"))
    #expect(noLabel.line == 1 && noLabel.message == "the header has no column named `label`")
    let badLabel = try #require(try Fixture.csvError("bad-label.csv"))
    #expect(badLabel.line == 2 && badLabel.column == 5)
    #expect(badLabel.message == "label `zero` in column `label` is not a class index (an integer ≥ 0)")
    let empty = try #require(try Fixture.csvError("empty.csv"))
    #expect(empty.line == 1 && empty.message == "the file is empty")
    let binary = try #require(try Fixture.csvError("binary.csv"))
    #expect(binary.line == 2 && binary.message == "the file is not CSV text: invalid UTF-8 at byte 14")
  }

  @Test func idxIsFlattenedAndScaledToTheUnitInterval() throws {
    let data = try IDXLoader.load(
      images: try Fixture.bytes("images.idx"), imagesFile: "i", labels: try Fixture.bytes("labels.idx"), labelsFile: "l")
    #expect(data.count == 3 && data.featureCount == 4 && data.classCount == 3)
    #expect(data.features == [0, 255, 51, 102, 255, 0, 0, 255, 10, 20, 30, 40].map { Float($0) / 255 })
    #expect(data.labels == [0, 1, 2])
  }

  @Test func idxMagicNumbersAndSizesAreChecked() throws {
    let magic = try #require(try Fixture.idxError("images-wrong-magic.idx", "labels.idx"))
    #expect(magic.message == "has magic number 0x801; IDX images start with 0x00000803")
    let swapped = try #require(try Fixture.idxError("images.idx", "images.idx"))
    #expect(swapped.file == "images.idx" && swapped.message.hasPrefix("has magic number 0x803; IDX labels start"))
    let gzip = try #require(try Fixture.idxError("images.idx.gz", "labels.idx"))
    #expect(gzip.hint == "is this a labels file, or still gzip-compressed?")
    let truncated = try #require(try Fixture.idxError("images-truncated.idx", "labels.idx"))
    #expect(truncated.message == "header claims 3 images of 2×2 but the file holds 11 pixel bytes")
    let count = try #require(try Fixture.idxError("images.idx", "labels-count-mismatch.idx"))
    #expect(count.message == "has 2 labels for 3 images in images.idx")
  }
}

@Suite struct GeneratorTests {
  static func config(_ yaml: String) throws -> DataConfig {
    DataConfig(values: try ExperimentParser.parse(text: "data: \(yaml)\n", file: "e", defaultName: "e").base)
  }

  static func spread(_ data: Dataset<Float>, feature: Int) -> Double {
    let values = (0..<data.count).map { Double(data.features[$0 * data.featureCount + feature]) }
    let mean = values.reduce(0, +) / Double(values.count)
    return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
  }

  @Test(arguments: ["blobs", "moons", "circles", "spirals", "scaled"])
  func everyGeneratorHonoursSizeSeedAndNoise(_ name: String) throws {
    let base = try Self.config("{ dataset: \(name), samples: 300, seed: 4, noise: 0.1 }")
    let data = Generators.generate(base)
    #expect(data.count == 300)
    #expect(Generators.generate(base).features == data.features)
    var other = base
    other.seed = 5
    #expect(Generators.generate(other).features != data.features)
    // More noise spreads the points of one class further from their curve or centre.
    var noisy = base
    noisy.noise = 0.6
    let quiet = Generators.generate(base)
    let loud = Generators.generate(noisy)
    let classZero = { (d: Dataset<Float>) in d.subset((0..<d.count).filter { d.labels[$0] == 0 }) }
    #expect(Self.spread(classZero(loud), feature: 0) > Self.spread(classZero(quiet), feature: 0))
  }

  @Test(arguments: [("blobs", 5), ("spirals", 3)]) func classesAreHonoured(_ name: String, _ classes: Int) throws {
    let data = Generators.generate(try Self.config("{ dataset: \(name), classes: \(classes), samples: 100 }"))
    #expect(Set(data.labels) == Set((0..<Int32(classes)).map { $0 }))
  }

  @Test func scaledFeaturesDifferByTheScaleRatio() throws {
    let data = Generators.generate(try Self.config("{ dataset: scaled, samples: 2000 }"))
    let ratio = Self.spread(data, feature: 1) / Self.spread(data, feature: 0)
    #expect(abs(ratio / 1000 - 1) < 0.05)
    let three = Generators.generate(try Self.config("{ dataset: scaled, features: 3, scale_ratio: 100, samples: 2000 }"))
    #expect(abs(Self.spread(three, feature: 2) / Self.spread(three, feature: 0) / 100 - 1) < 0.05)
  }

  @Test func testFractionSplitsAndNormalizationUsesTrainingStatistics() throws {
    let config = try Self.config("{ dataset: scaled, samples: 500, test_fraction: 0.3, normalize_inputs: true }")
    let loaded = try DataLoader.load(config, reader: nil)
    #expect(loaded.train.count == 350 && loaded.test.count == 150)
    var raw = config
    raw.normalizeInputs = false
    let plain = try DataLoader.load(raw, reader: nil)
    for feature in 0..<2 {
      let column = (0..<plain.train.count).map { Double(plain.train.features[$0 * 2 + feature]) }
      let mean = column.reduce(0, +) / Double(column.count)
      let sd = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count)).squareRoot()
      // The test set is standardised with the training mean and deviation, not its own.
      for i in 0..<plain.test.count {
        let expected = (Double(plain.test.features[i * 2 + feature]) - mean) / sd
        #expect(abs(Double(loaded.test.features[i * 2 + feature]) - expected) < 1e-3 * max(1, abs(expected)))
      }
    }
  }
}

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
    let randomRates = plan.filter { $0.variant == "random" }.compactMap { $0.values["train.optimizer.lr"]?.doubleValue }
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
      variant: variant, label: variant, color: nil, seed: seed, trial: trial, parameters: [:],
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
      let (left, comparison, right) = try ExpectationParser.parse(text)
      let clause = ExpectationClause(text: text, left: left, comparison: comparison, right: right, position: nil)
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
