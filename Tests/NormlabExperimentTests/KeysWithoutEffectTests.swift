import Foundation
import NormlabEngine
import Testing

@testable import NormlabExperiment

/// Keys that change nothing are warnings, at their position, saying why.
@Suite struct KeysWithoutEffectTests {
  func warnings(_ text: String, set overrides: [String] = []) throws -> [String] {
    try ExperimentParser.parse(text: text, file: "e.yaml", defaultName: "e", overrides: overrides).warnings.map {
      "\($0.position.map { "\($0.line):\($0.column)" } ?? "-") \($0.message)"
    }
  }

  @Test func aKeyTheDatasetFixesIsAWarning() throws {
    #expect(try warnings("data: { dataset: moons, classes: 3 }\n") == ["1:34 `data.classes` has no effect: `moons` always has 2 classes"])
    #expect(try warnings("data: { dataset: blobs, classes: 3 }\n").isEmpty)
  }

  @Test func optimizerAndScheduleParametersOfAnotherKindAreWarnings() throws {
    #expect(try warnings("train: { optimizer: { name: sgd, beta2: 0.9 } }\n") == [
      "1:41 `train.optimizer.beta2` has no effect: only RMSprop and Adam keep a second moment; the optimizer is `sgd`"
    ])
    #expect(try warnings("train: { schedule: { name: exponential, decay_rate: 2 } }\n") == [
      "1:53 `train.schedule.decay_rate` has no effect: only the `inverse` schedule reads it, and the schedule is `exponential`"
    ])
    // A base key one variant uses is fine.
    #expect(try warnings("train: { optimizer: { beta2: 0.9 } }\nvariants:\n  sgd: {}\n  adam: { train.optimizer.name: adam }\n").isEmpty)
  }

  @Test func variantSetAndSweepKeysAreCheckedWhereTheyApply() throws {
    #expect(try warnings("variants:\n  a: { model.bn.eps: 0.001 }\n") == [
      "2:22 `model.bn.eps` has no effect: no hidden layer uses Batch Normalization (`model.batch_norm` is off) (variant `a`)"
    ])
    #expect(try warnings("name: x\n", set: ["train.shuffle=false", "train.batch_size=full"]) == [
      "- `train.shuffle` has no effect: `train.batch_size: full` uses the whole training set every step"
    ])
    #expect(try warnings("sweep: { method: grid, parameters: { data.scale_ratio: [10, 100] } }\n") == [
      "1:8 `sweep.parameters.data.scale_ratio` has no effect: only `data.dataset: scaled` reads it, and the dataset is `blobs` (variant `base`)"
    ])
  }

  @Test func stepsMakeEpochsIneffective() throws {
    #expect(try warnings("train: { epochs: 3, steps: 10 }\n") == ["1:18 `train.epochs` has no effect: `train.steps: 10` decides the length of training"])
  }

  @Test func aliasesInKeysAreRefusedBeforeComposing() {
    let d = problems("a: &k x\n*k : 1\n")
    #expect(d.first?.message == "a mapping key holds the alias `*k`")
    #expect(d.first?.position == SourcePosition(line: 2, column: 1))
    let flow = problems("a: &k [1]\nb: { *k : 2 }\n")
    #expect(flow.first?.message == "a mapping key holds the alias `*k`")
    // Markdown bold in prose is no alias.
    #expect(problems("name: x\ndescription: |\n  **Note**: aliases &a are fine here\n").isEmpty)
  }
}
