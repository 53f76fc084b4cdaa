import Foundation
import NormlabEngine
import Testing

@testable import NormlabExperiment

/// Every error of a file, as `(line, column, message)`; the parse must fail.
func problems(_ text: String, set overrides: [String] = []) -> [Diagnostic] {
  do {
    _ = try ExperimentParser.parse(text: text, file: "e.yaml", defaultName: "e", overrides: overrides)
    return []
  } catch {
    return error.diagnostics
  }
}

func only(_ text: String, set overrides: [String] = []) -> (Int, Int, String, String?)? {
  let found = problems(text, set: overrides)
  guard found.count == 1, let d = found.first else { return nil }
  return (d.position?.line ?? 0, d.position?.column ?? 0, d.message, d.hint)
}

/// One test per validation rule: exact message, position and hint.
@Suite struct ValidationTests {
  @Test func unknownNestedKeySuggestsTheClosestName() throws {
    let d = try #require(only("train:\n  optimiser: { name: adam }\n"))
    #expect(d.0 == 2 && d.1 == 3)
    #expect(d.2 == "unknown key `train.optimiser`")
    #expect(d.3 == "did you mean `optimizer`?")
  }

  @Test func unknownTopLevelKeySuggestsTheClosestName() throws {
    let d = try #require(only("name: x\nseed: [1]\n"))
    #expect(d.0 == 2 && d.1 == 1 && d.2 == "unknown key `seed`" && d.3 == "did you mean `seeds`?")
  }

  @Test func wrongTypeNamesTheKeyAndTheValue() throws {
    let d = try #require(only("train: { epochs: ten }\n"))
    #expect(d.0 == 1 && d.1 == 18)
    #expect(d.2 == "`train.epochs` must be an integer, not the string \"ten\"")
  }

  @Test func negativeLearningRateIsOutOfRange() throws {
    let d = try #require(only("train:\n  optimizer: { lr: -0.1 }\n"))
    #expect(d.0 == 2 && d.1 == 20)
    #expect(d.2 == "`train.optimizer.lr` must be a number in (0, ∞), not -0.1")
  }

  @Test(arguments: ["0", "1.5", "-1"]) func keepProbabilityOutsideOpenUnitInterval(_ value: String) throws {
    let d = try #require(only("train: { keep_prob: \(value) }\n"))
    #expect(d.0 == 1 && d.1 == 21)
    #expect(d.2 == "`train.keep_prob` must be a number in (0, 1], not \(Double(value).map { ConfigValue.format($0) } ?? "")")
  }

  @Test func batchSizeZeroIsAnErrorAndFullIsTheWholeSet() throws {
    let d = try #require(only("train: { batch_size: 0 }\n"))
    #expect(d.0 == 1 && d.1 == 22)
    #expect(d.2 == "`train.batch_size` must be an integer in [1, 10000000], or `full`, not 0")
    #expect(d.3 == "0 is not a size; write `full` for the whole training set")
    let full = try ExperimentParser.parse(text: "train: { batch_size: full }\n", file: "e.yaml", defaultName: "e")
    #expect(full.base.train.batchSize == .full)
    let configuration = RunConfiguration(settings: full.base, featureCount: 2, classCount: 2)
    #expect(configuration.training.batchSize == 0)  // the engine's whole-set batch
    let typo = try #require(only("train: { batch_size: ful }\n"))
    #expect(typo.3 == "did you mean `full`?")
  }

  @Test func unknownActivationSuggestsTheClosestOne() throws {
    let d = try #require(only("model:\n  activation: sigmod\n"))
    #expect(d.0 == 2 && d.1 == 15)
    #expect(d.2 == "`model.activation` must be one of sigmoid, tanh, relu, leaky_relu, linear, not \"sigmod\"")
    #expect(d.3 == "did you mean `sigmoid`?")
  }

  @Test func layersMustBeAListOfPositiveIntegers() throws {
    let d = try #require(only("model: { layers: [64, 0] }\n"))
    #expect(d.0 == 1 && d.1 == 18)
    #expect(d.2 == "`model.layers` has an item that must be an integer in [1, 1000000], not 0")
  }

  @Test func everyErrorOfAFileIsReportedAtOnce() {
    let found = problems("""
      name: x
      train: { epochs: 0, optimiser: {} }
      model: { activation: nope }
      variants:
        a: { train.batch_size: 0 }
      """)
    #expect(found.map { "\($0.position?.line ?? 0):\($0.position?.column ?? 0)" } == ["2:18", "2:21", "3:22", "5:26"])
  }

  @Test func diagnosticShowsTheLineAndACaretUnderTheColumn() throws {
    let d = try #require(problems("train:\n  optimizer: { lr: -1 }\n").first)
    let lines = d.description.split(separator: "\n").map(String.init)
    #expect(lines[0] == "e.yaml:2:20: error: `train.optimizer.lr` must be a number in (0, ∞), not -1.0")
    #expect(lines[1] == "      optimizer: { lr: -1 }")
    #expect(lines[2] == "                       ^")
  }

  @Test func setFlagErrorsNameTheFlag() throws {
    let found = problems("name: x\n", set: ["train.optimizer.lr=-1", "train.optimiser.lr=1", "model.layers"])
    #expect(found.map(\.file) == ["--set train.optimizer.lr=-1", "--set train.optimiser.lr=1", "--set model.layers"])
    #expect(found[0].message == "`train.optimizer.lr` must be a number in (0, ∞), not -1.0")
    #expect(found[1].message == "unknown key `train.optimiser.lr`" && found[1].hint == "did you mean `train.optimizer.lr`?")
    #expect(found[2].message == "expected KEY=VALUE")
  }

  @Test func setOverridesEveryVariant() throws {
    let experiment = try ExperimentParser.parse(
      text: "variants:\n  a: { model.layers: [4] }\n  b: {}\n", file: "e.yaml", defaultName: "e",
      overrides: ["model.layers=[64, 64]"])
    for variant in experiment.variants {
      #expect(experiment.settings(of: variant).model.layers == [64, 64])
    }
    // The flag is recorded, typed, for the report.
    #expect(experiment.commandLineOverrides == [SettingOverride(key: "model.layers", value: .list([.int(64), .int(64)]))])
  }

  @Test func variantsAcceptDottedAndNestedKeysAlike() throws {
    let dotted = try ExperimentParser.parse(
      text: "variants:\n  v: { train.optimizer.name: adam, model.batch_norm: true }\n", file: "e", defaultName: "e")
    let nested = try ExperimentParser.parse(
      text: "variants:\n  v:\n    train: { optimizer: { name: adam } }\n    model: { batch_norm: true }\n", file: "e", defaultName: "e")
    #expect(dotted.variants[0].overrides == nested.variants[0].overrides)
    #expect(dotted.variants[0].overrides["train.optimizer.name"] == .string("adam"))
  }

  @Test func duplicateVariantNamesAreRefusedAtTheSecondName() throws {
    let d = try #require(only("variants:\n  a: {}\n  a: {}\n"))
    #expect(d.2 == "duplicate key `a`")
    #expect(d.0 == 2 || d.0 == 3)
  }

  @Test func expectClauseOnAnUnknownVariant() throws {
    let d = try #require(only("variants:\n  bn: {}\n  no-bn: {}\nexpect:\n  - bn.test_accuracy > nobn.test_accuracy\n"))
    #expect(d.0 == 5 && d.1 == 5)
    #expect(d.2 == "`expect` refers to an unknown variant `nobn`" && d.3 == "did you mean `no-bn`?")
  }

  @Test func expectClauseSyntaxErrorPointsInsideTheClause() throws {
    let d = try #require(only("expect:\n  - \"base.train_loss < < 1\"\n"))
    #expect(d.0 == 2 && d.1 == 24)
    #expect(d.2 == "cannot read clause: expected a number or `variant.metric`")
  }

  @Test func yamlSyntaxErrorHasAPosition() throws {
    let d = try #require(only("name: x\nmodel: { layers: [1, 2 }\n"))
    #expect(d.0 == 2)
    #expect(d.2.hasPrefix("invalid YAML:"))
  }

  @Test func emptyAndNonTextFilesPointAtTheirStartOrTheBadByte() throws {
    let empty = try #require(only(""))
    #expect(empty.0 == 1 && empty.1 == 1 && empty.2 == "the file is empty")
    do {
      _ = try ExperimentParser.parse(bytes: Array("name: x\nseeds: [1, \u{0}]\n".utf8), file: "e", defaultName: "e")
      Issue.record("a NUL byte was accepted")
    } catch {
      #expect(error.diagnostics[0].position == SourcePosition(line: 2, column: 12))
      #expect(error.diagnostics[0].message == "the file is not YAML text: a NUL byte at byte 19")
    }
    do {
      _ = try ExperimentParser.parse(bytes: Array("name: é".utf8) + [0xFF], file: "e", defaultName: "e")
      Issue.record("invalid UTF-8 was accepted")
    } catch {
      #expect(error.diagnostics[0].position == SourcePosition(line: 1, column: 8))
    }
  }

  @Test func aliasesShareSettingsButCannotMultiplyThem() throws {
    let shared = try ExperimentParser.parse(
      text: "variants:\n  a: &fast { train.optimizer.name: adam }\n  b: *fast\n", file: "e", defaultName: "e")
    #expect(shared.variants.map { $0.overrides["train.optimizer.name"] } == [.string("adam"), .string("adam")])
    var laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for (name, previous) in zip("bcdefghij", "abcdefghi") {
      laughs += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
    }
    let d = try #require(only(laughs))
    #expect(d.0 == 6 && d.1 == 4)  // the first anchored list past 200000 nodes: `f`
    #expect(d.2.hasPrefix("YAML aliases expand the document to more than 200000 nodes"))
  }

  @Test func sweepDistributionsNeedOrderedPositiveBounds() throws {
    let low = try #require(only("sweep:\n  method: random\n  trials: 3\n  parameters:\n    train.optimizer.lr: { distribution: log_uniform, low: 0, high: 1 }\n"))
    #expect(low.0 == 5 && low.2 == "`log_uniform` needs `low` > 0")
    let order = try #require(only("sweep:\n  method: random\n  trials: 3\n  parameters:\n    train.optimizer.lr: { distribution: uniform, low: 1, high: 0.1 }\n"))
    #expect(order.2 == "`low` must be below `high`")
  }

  @Test func crossKeyRulesPointAtTheKey() throws {
    let flags = try #require(only("model: { layers: [4, 4], batch_norm: [true] }\n"))
    #expect(flags.0 == 1 && flags.1 == 38 && flags.2 == "`model.batch_norm` lists 1 flags for 2 hidden layers")
    let sigmoid = try #require(only("data: { classes: 3 }\nmodel: { output: sigmoid }\n"))
    #expect(sigmoid.0 == 2 && sigmoid.2 == "`model.output: sigmoid` handles 2 classes, but `data.classes` is 3")
    let idx = try #require(only("data: { dataset: idx, images: a, labels: b, test_images: c }\n"))
    #expect(idx.2 == "`data.test_images` and `data.test_labels` go together")
  }

  @Test func variantColorMustBeHex() throws {
    let d = try #require(only("variants:\n  a: { color: red }\n"))
    #expect(d.0 == 2 && d.1 == 15 && d.2 == "`color` must be written #RRGGBB, not \"red\"")
  }
}
