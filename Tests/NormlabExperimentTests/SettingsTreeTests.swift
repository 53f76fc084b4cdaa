import Foundation
import NormlabEngine
import Testing

@testable import NormlabExperiment

/// The typed settings tree: one table of keys, one set of defaults, typed JSON.
@Suite struct SettingsTreeTests {
  @Test func everySchemaDefaultIsTheDefaultTheEngineUses() {
    let defaults = RunConfiguration(settings: ExperimentSettings(), featureCount: 2, classCount: 2)
    let engine = TrainingOptions()
    #expect(defaults.training.epochs == engine.epochs)
    #expect(defaults.training.steps == engine.steps)
    #expect(defaults.training.batchSize == engine.batchSize)
    #expect(defaults.training.shuffle == engine.shuffle)
    #expect(defaults.training.optimizer == engine.optimizer)
    #expect(defaults.training.schedule == engine.schedule)
    #expect(defaults.training.evaluationSamples == engine.evaluationSamples)
    #expect(defaults.training.probeLayer == engine.probeLayer)
    // `train.log_every: null` is "about 100 points", resolved by the runner from the run's
    // length; the engine itself has no such notion, so 0 here means "not chosen yet".
    #expect(defaults.training.logEvery == 0)
    #expect(defaults.network.batchNorm == BatchNormOptions())
    #expect(defaults.network.l2 == 0 && defaults.network.keepProbability == 1)
    // The schema's documented defaults are read from the same tree.
    #expect(Schema.byPath["train.epochs"]?.defaultValue == .int(engine.epochs))
    #expect(Schema.byPath["train.optimizer.beta2"]?.defaultValue == .number(engine.optimizer.beta2))
    #expect(Schema.byPath["model.bn.momentum"]?.defaultValue == .number(BatchNormOptions().momentum))
    #expect(Schema.byPath["train.schedule.base"]?.defaultValue == .number(LearningRateSchedule().base))
  }

  @Test func everyKeyReadsBackWhatWasWritten() {
    // Each key's default, and a second valid value where the type allows one, survives a trip
    // into the tree and out again.
    for spec in Schema.keys {
      var settings = ExperimentSettings()
      #expect(spec.set(spec.defaultValue, in: &settings), "\(spec.path)")
      #expect(spec.value(in: settings) == spec.defaultValue, "\(spec.path)")
    }
    var settings = ExperimentSettings()
    Schema.byPath["train.batch_size"]?.set(.string("full"), in: &settings)
    Schema.byPath["model.batch_norm"]?.set(.list([.bool(true), .bool(false)]), in: &settings)
    Schema.byPath["model.init"]?.set(.string("xavier_uniform"), in: &settings)
    #expect(settings.train.batchSize == .full)
    #expect(settings.model.batchNorm == .perLayer([true, false]))
    #expect(settings.model.initialization == .kind(.xavierUniform))
  }

  @Test func settingsAreTypedJSONNestedLikeTheFile() throws {
    var settings = ExperimentSettings()
    settings.train.optimizer.lr = 0.0003220557
    settings.model.layers = [64, 64]
    settings.data.noise = nil
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode(settings), as: UTF8.self)
    #expect(json.contains("\"lr\":0.0003220557"))
    #expect(json.contains("\"layers\":[64,64]"))
    #expect(json.contains("\"noise\":null"))
    #expect(json.contains("\"optimizer\":{"))
    let decoded = try JSONDecoder().decode(ExperimentSettings.self, from: Data(json.utf8))
    #expect(decoded == settings)
    // A value of the wrong type names its key.
    let bad = json.replacingOccurrences(of: "\"layers\":[64,64]", with: "\"layers\":\"wide\"")
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(ExperimentSettings.self, from: Data(bad.utf8)) }
  }

  @Test func metricsOfVersionZeroPointOneAreReadWithTheirStringsTyped() throws {
    let legacy = """
      {"variant": "a", "label": "a", "seed": 1, "trial": 0, "parameters": {"train.optimizer.lr": "0.0003220557", "model.layers": "[32, 32]"},
       "final": {"train_loss": 0.1, "test_loss": 0.2, "train_accuracy": null, "test_accuracy": null, "steps": 1, "epochs": 1, "diverged": false, "interrupted": false, "wall_seconds": 0, "steps_per_second": 0},
       "history": {"step": [], "epoch": [], "train_loss": [], "test_loss": [], "train_accuracy": [], "test_accuracy": [], "learning_rate": [], "batch_loss": []},
       "diagnostics": {"gradient_norms": [], "weight_norms": [], "probe_percentiles": [], "probe_layer": 0, "saturation": []}}
      """
    let run = try JSONDecoder().decode(RunRecord.self, from: Data(legacy.utf8))
    #expect(run.parameters == ["train.optimizer.lr": .number(0.0003220557), "model.layers": .list([.int(32), .int(32)])])
  }

  @Test func sweptKeysGetAColumnEachInTheCSV() throws {
    let experiment = try ExperimentParser.parse(
      text: "name: s\nseeds: [1]\ndata: { samples: 40 }\nmodel: { layers: [2] }\ntrain: { steps: 2, log_every: 1 }\nsweep: { method: grid, parameters: { train.optimizer.lr: [0.1, 0.2], model.layers: [[2], [3, 3]] } }\n",
      file: "s.yaml", defaultName: "s")
    let prepared = try ExperimentRunner.prepare(experiment, reader: nil, options: RunnerOptions())
    let result = ExperimentRunner.execute(experiment, prepared: prepared, options: RunnerOptions())
    let csv = String(decoding: MetricsCodec.csv(result), as: UTF8.self).split(separator: "\n")
    #expect(csv[0].hasSuffix(",trial,batch_loss,train.optimizer.lr,model.layers"))
    #expect(csv[1].hasSuffix(",0.1,[2]"))
    #expect(csv.last?.hasSuffix(",0.2,\"[3, 3]\"") == true)
    // metrics.json stores the trial's values and the run's settings typed.
    let json = String(decoding: try MetricsCodec.json(result), as: UTF8.self)
    #expect(json.contains("\"train.optimizer.lr\" : 0.2"))
    #expect(result.runs.last?.settings?.model.layers == [3, 3])
  }
}
