import Foundation
import NormlabEngine
import Synchronization

extension ExperimentRunner {
  public static func execute(
    _ experiment: ExperimentFile, prepared: [PreparedRun],
    options: RunnerOptions, stop: StopFlag = StopFlag(),
    progress: @escaping @Sendable (RunProgress) -> Void = { _ in },
    store: (any RunStore)? = nil
  ) -> ExperimentResult {
    setBLASThreadCount(1)
    let records = WorkerPool.map(count: prepared.count, workers: options.jobs, shouldStart: { !stop.isStopped }) { index in
      trainOrReuse(prepared[index], store: store, stop: stop, progress: progress)
    }.compactMap { $0 }
    let interrupted = stop.isStopped || records.count < prepared.count
      || records.contains { $0.final.interrupted }
    var result = ExperimentResult(
      experiment: experiment.name, normlabVersion: normlabVersion, title: experiment.title,
      description: experiment.description, seeds: experiment.seeds, quick: options.quick,
      interrupted: interrupted,
      shard: options.shard?.description,
      variants: experiment.variants.map { variant in
        VariantRecord(
          name: variant.name, label: variant.label, color: variant.color,
          settings: experiment.settings(of: variant), overrides: variant.overrides)
      },
      sweepKeys: experiment.sweepKeys,
      report: ReportRecord(
        template: experiment.report.template, charts: experiment.report.charts,
        exclude: experiment.report.exclude,
        sections: experiment.report.sections.map {
          ReportSectionRecord(heading: $0.heading, text: $0.text, charts: $0.charts)
        }, band: experiment.report.band, language: experiment.report.language),
      runs: records, expectations: [],
      dataSample: prepared.first.map { dataSample($0.data) } ?? nil, date: nil, commit: nil)
    result.analyses = ExperimentAnalyses.compute(experiment, prepared: prepared)
    result.expectClauses = experiment.expectations.map(\.text)
    result.commandLineOverrides = experiment.commandLineOverrides
    result.classNames = prepared.first?.data.classNames
    result.summaries = VariantSummary.compute(result)
    if options.shard == nil {
      result.expectations = ExpectationEvaluator.evaluate(
        experiment.expectations, runs: records, seeds: experiment.seeds, allowUnderpowered: options.allowUnderpowered)
    } else {
      result.plannedRuns = experiment.plan().count
      result.shardDigest = MetricsCodec.digest(of: records)
    }
    return result
  }

  static func trainOne(
    _ run: PlannedRun, configuration: RunConfiguration, data: LoadedData, stop: StopFlag,
    progress: @escaping @Sendable (RunProgress) -> Void
  ) -> RunRecord {
    struct Observer: TrainingObserver {
      let run: PlannedRun
      let stop: StopFlag
      let progress: @Sendable (RunProgress) -> Void
      func shouldContinue(step: Int, of totalSteps: Int) -> Bool {
        if step % 50 == 0 || step == totalSteps {
          progress(RunProgress(run: run, event: .step(step, of: totalSteps)))
        }
        return !stop.isStopped
      }
    }
    let trainer = Trainer(spec: configuration.network, options: configuration.training, seed: run.seed)
    let clock = ContinuousClock()
    let start = clock.now
    let result = trainer.train(
      train: data.train, test: data.test, dev: data.dev,
      observer: Observer(run: run, stop: stop, progress: progress))
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let h = result.history
    let summary = result.summary
    let final = FinalMetrics(
      trainLoss: summary.trainLoss.finiteOrNil, testLoss: summary.testLoss.finiteOrNil,
      trainAccuracy: summary.trainAccuracy.finiteOrNil, testAccuracy: summary.testAccuracy.finiteOrNil,
      devLoss: data.dev == nil ? nil : summary.devLoss.finiteOrNil,
      devAccuracy: data.dev == nil ? nil : summary.devAccuracy.finiteOrNil,
      steps: summary.steps, epochs: summary.epochs, diverged: summary.diverged,
      divergedAtStep: summary.divergedAtStep, interrupted: summary.interrupted,
      wallSeconds: seconds, stepsPerSecond: seconds > 0 ? Double(summary.steps) / seconds : 0)
    let history = HistoryRecord(
      step: h.step, epoch: h.epoch, trainLoss: h.trainLoss.map(\.finiteOrNil),
      testLoss: h.testLoss.map(\.finiteOrNil), trainAccuracy: h.trainAccuracy.map(\.finiteOrNil),
      testAccuracy: h.testAccuracy.map(\.finiteOrNil), learningRate: h.learningRate.map(\.finiteOrNil),
      batchLoss: h.batchLoss.map(\.finiteOrNil),
      devLoss: data.dev == nil ? nil : h.devLoss.map(\.finiteOrNil),
      devAccuracy: data.dev == nil ? nil : h.devAccuracy.map(\.finiteOrNil))
    let diagnostics = DiagnosticsRecord(
      gradientNorms: h.gradientNorms.map { $0.map(\.finiteOrNil) },
      weightNorms: h.weightNorms.map { $0.map(\.finiteOrNil) },
      probePercentiles: h.probePercentiles.map { $0.map(\.finiteOrNil) },
      probeLayer: configuration.training.probeLayer ?? max(configuration.network.hidden.count - 1, 0),
      saturation: h.saturation.map { $0.map(\.finiteOrNil) },
      batchNormRunningMean: h.batchNormRunningMean.map { $0.map(\.finiteOrNil) },
      batchNormRunningVariance: h.batchNormRunningVariance.map { $0.map(\.finiteOrNil) })
    var network = result.network
    let boundary = data.train.featureCount == 2 ? decisionBoundary(&network, data: data) : nil
    var record = RunRecord(
      variant: run.variant, label: run.label, color: run.color, seed: run.seed, trial: run.trial,
      parameters: run.parameters, settings: run.settings, final: final, history: history,
      diagnostics: diagnostics, boundary: boundary)
    record.classification = classify(&network, test: data.test, classCount: data.classCount)
    return record
  }

  /// P(class 1) (or the predicted class) on a grid over the data's bounding box plus a margin.
}
