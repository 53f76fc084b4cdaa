import Foundation
import NormlabExperiment
@testable import NormlabInterop
import Testing

@testable import NormlabExport

@Suite struct ResultExportTests {
  static let text = """
    name: exported
    title: Export test
    seeds: [1, 2]
    data: { dataset: moons, samples: 160, dev_fraction: 0.25 }
    model: { layers: [5, 4] }
    train: { epochs: 2, batch_size: 24, log_every: 2 }
    sweep:
      method: grid
      parameters:
        train.optimizer.lr: [0.05, 0.2]
    variants:
      plain: {}
      bn: { model.batch_norm: true }
    """

  /// A trained result: 2 variants × 2 trials × 2 seeds, dated 2023-11-14T22:13:20Z; trained
  /// once for all tests.
  static let trained = Result { () throws -> ExperimentResult in
    let experiment = try ExperimentParser.parse(text: text, file: "exported.yaml", defaultName: "exported")
    let runs = try ExperimentRunner.prepare(experiment, reader: nil, options: RunnerOptions())
    var result = ExperimentRunner.execute(experiment, prepared: runs, options: RunnerOptions(jobs: 2))
    result.date = "2023-11-14T22:13:20Z"
    return result
  }

  @Test func everyLoggedSeriesIsExportedUnderItsName() throws {
    let result = try Self.trained.get()
    let run = try #require(result.runs.first { $0.variant == "bn" })
    let series = RunMetrics.series(of: run)
    let names = series.map(\.metric)
    for name in ["loss/train", "loss/test", "accuracy/train", "accuracy/test", "loss/dev", "accuracy/dev", "learning_rate", "loss/batch", "epoch",
      "gradient_norm/layer_1", "gradient_norm/layer_3", "weight_norm/layer_2", "saturation/layer_2",
      "activation/p50", "bn/running_mean/layer_1", "bn/running_variance/layer_2"]
    {
      #expect(names.contains(name), "missing \(name) in \(names)")
    }
    #expect(!names.contains("gradient_norm/layer_4"), "two hidden layers and the output layer")
    let testLoss = try #require(series.first { $0.metric == "loss/test" })
    #expect(testLoss.points.map(\.step) == run.history.step.map(Int64.init))
    #expect(testLoss.points.map(\.value) == run.history.testLoss)
    let gradient = try #require(series.first { $0.metric == "gradient_norm/layer_2" })
    #expect(gradient.points.map(\.value) == run.diagnostics.gradientNorms.map { $0[1] })
    // Without BN there are no running statistics to export.
    let plain = try #require(result.runs.first { $0.variant == "plain" })
    #expect(!RunMetrics.series(of: plain).contains { $0.metric.hasPrefix("bn/") })
  }

  @Test func runsAreNamedByVariantTrialAndSeed() throws {
    let result = try Self.trained.get()
    let names = result.runs.map { RunMetrics.runName($0, trialDigits: RunMetrics.trialDigits(result)) }
    #expect(names.first == "plain/trial-000/seed-1")
    #expect(names.contains("bn/trial-001/seed-2"))
    #expect(Set(names).count == 8)
  }

  @Test func hyperparametersAreTheRunsSettingsSweptKeysFirst() throws {
    let result = try Self.trained.get()
    let run = try #require(result.runs.first { $0.variant == "bn" && $0.trial == 1 })
    let hparams = RunHyperparameters.of(run, in: result)
    #expect(hparams["train.optimizer.lr"] == .number(0.2))
    #expect(hparams["model.batch_norm"] == .bool(true))
    #expect(hparams["model.layers"] == .string("[5, 4]"))
    #expect(hparams["variant"] == .string("bn") && hparams["seed"] == .number(Double(run.seed)) && hparams["trial"] == .number(1))
    #expect(hparams["data.path"] == nil, "keys without effect (a CSV path for generated data) are left out")
    let experiment = ResultExport.tensorBoard(result)
    let order = experiment.hparamInfos().map(\.name)
    #expect(Array(order.prefix(4)) == ["train.optimizer.lr", "variant", "trial", "seed"])
    #expect(Array(order.dropFirst(4)) == order.dropFirst(4).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
  }

  @Test func theTensorBoardExportIsDeterministicAndDated() throws {
    let result = try Self.trained.get()
    let experiment = ResultExport.tensorBoard(result)
    #expect(experiment.runs.count == 8)
    #expect(experiment.metrics == ["loss/test", "accuracy/test", "loss/train", "accuracy/train", "loss/dev", "accuracy/dev"])
    #expect(experiment.runs[0].group == "plain#0" && experiment.runs[0].status == .success)
    let time = ResultExport.timestamp(result)
    #expect(time.secondsSince1970 == 1_700_000_000)
    let files = try experiment.logdirFiles(at: time)
    #expect(files.map(\.path).first == "events.out.tfevents.1700000000.normlab")
    #expect(files.count == 9)
    #expect(try ResultExport.tensorBoard(result).logdirFiles(at: time) == files)
    var undated = result
    undated.date = nil
    #expect(ResultExport.timestamp(undated).secondsSince1970 == 0)
  }

  @Test func theTidyTableHasARowPerRunStepAndMetric() throws {
    let result = try Self.trained.get()
    let rows = ResultExport.tidyRows(result)
    let expected = result.runs.reduce(0) { total, run in
      total + RunMetrics.series(of: run).reduce(0) { $0 + $1.points.count } + 6
    }
    #expect(rows.count == expected)
    let csv = try ResultExport.tidyCSV(result)
    #expect(csv.hasPrefix("run,variant,seed,trial,step,metric,value,train.optimizer.lr\r\n"))
    let first = try #require(result.runs.first)
    let loss = try #require(first.history.testLoss[1])
    #expect(csv.contains("\r\nplain/trial-000/seed-1,plain,1,0,\(first.history.step[1]),loss/test,\(loss),0.05\r\n"))
    #expect(csv.contains(",final/test_accuracy,") && csv.contains(",final/dev_loss,"))
    #expect(!csv.contains("wall"))
  }
}
