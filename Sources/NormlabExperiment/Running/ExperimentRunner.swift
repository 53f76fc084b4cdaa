import Foundation
import NormlabEngine

/// A planned run with its resolved engine configuration and its loaded data, ready to train.
public struct PreparedRun: Sendable {
  public var run: PlannedRun
  public var configuration: RunConfiguration
  public var data: LoadedData

  public init(run: PlannedRun, configuration: RunConfiguration, data: LoadedData) {
    self.run = run
    self.configuration = configuration
    self.data = data
  }

  public var shape: ChartAvailability.RunShape {
    ChartAvailability.RunShape(
      features: data.train.featureCount, trainSamples: data.train.count,
      hiddenLayers: configuration.network.hidden.count,
      classes: configuration.network.loss == .meanSquaredError ? nil : max(configuration.network.outputUnits, 2))
  }
}

/// Prepares data, trains every planned run (in parallel, results in plan order), and evaluates
/// the `expect:` clauses.
public enum ExperimentRunner {
  /// Memory one run may plan to use, so absurd sizes are refused before allocating.
  public static let maxRunBytes = 4 << 30

  /// Resolved configurations for every run, with their data loaded. Every problem of every
  /// distinct dataset and size is collected, so one `check` shows them all; data-file problems
  /// point at the row and column in the file, or at the experiment key naming the file.
  public static func prepare(
    _ experiment: ExperimentFile, reader: (any DataFileReader)?, options: RunnerOptions
  ) throws(RunError) -> [PreparedRun] {
    var runs = experiment.plan()
    if let shard = options.shard {
      runs = runs.filter { shard.contains(planIndex: $0.index) }
    }
    var cache: [DataSettings: LoadedData] = [:]
    var failedConfigs = Set<DataSettings>()
    var diagnostics: [Diagnostic] = []
    var prepared: [PreparedRun] = []
    for var run in runs {
      if options.quick { run.settings = QuickMode.apply(to: run.settings) }
      let dataConfig = run.settings.data
      if failedConfigs.contains(dataConfig) { continue }
      let data: LoadedData
      if let cached = cache[dataConfig] {
        data = cached
      } else {
        do {
          try checkGeneratedSize(dataConfig, run: run, experiment: experiment)
          if dataConfig.dataset.isGenerated {
            // A generated dataset's shape is known up front: refuse an impossible model before
            // spending seconds generating data for it.
            let provisional = RunConfiguration(
              settings: run.settings, featureCount: dataConfig.generatedFeatures, classCount: dataConfig.generatedClasses)
            try checkSize(provisional, rows: dataConfig.samples, run: run, experiment: experiment)
          }
        } catch {
          failedConfigs.insert(dataConfig)
          collect(error, into: &diagnostics)
          continue
        }
        do {
          data = try DataLoader.load(dataConfig, reader: reader)
        } catch {
          failedConfigs.insert(dataConfig)
          let diagnostic = dataDiagnostic(error, run: run, experiment: experiment)
          if !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
          continue
        }
        cache[dataConfig] = data
      }
      var configuration = RunConfiguration(
        settings: run.settings, featureCount: data.train.featureCount, classCount: data.classCount)
      if options.quick {
        let total = Trainer(spec: configuration.network, options: configuration.training, seed: 0)
          .totalSteps(samples: data.train.count)
        configuration.training.steps = min(total, QuickMode.maxSteps)
      }
      do {
        try checkSize(configuration, rows: data.train.count, run: run, experiment: experiment)
      } catch {
        collect(error, into: &diagnostics)
        continue
      }
      let total = Trainer(spec: configuration.network, options: configuration.training, seed: 0)
        .totalSteps(samples: data.train.count)
      if configuration.training.logEvery <= 0 {
        configuration.training.logEvery = max(1, total / 100)
      }
      prepared.append(PreparedRun(run: run, configuration: configuration, data: data))
    }
    for diagnostic in ChartAvailability.problems(experiment, shapes: prepared.map(\.shape))
    where !diagnostics.contains(diagnostic) {
      diagnostics.append(diagnostic)
    }
    if !diagnostics.isEmpty { throw .invalid(ExperimentError(diagnostics)) }
    return prepared
  }

  static func collect(_ error: RunError, into diagnostics: inout [Diagnostic]) {
    let found: [Diagnostic]
    switch error {
    case .invalid(let problem): found = problem.diagnostics
    case .data(let problem): found = [problem.diagnostic]
    }
    for diagnostic in found where !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
  }

  /// Refuses a generated dataset whose samples × features would not fit before generating it
  /// (the generator, the train/test split and normalization each hold a copy).
  static func checkGeneratedSize(_ config: DataSettings, run: PlannedRun, experiment: ExperimentFile) throws(RunError) {
    guard config.dataset.isGenerated else { return }
    let features = config.generatedFeatures
    let (values, overflow) = config.samples.multipliedReportingOverflow(by: features)
    guard overflow || values > maxRunBytes / (4 * 3) else { return }
    let key = experiment.location(of: "data.samples", variant: run.variant)
    throw .invalid(
      ExperimentError([
        experiment.diagnostic(
          at: key,
          "variant `\(run.variant)` generates \(config.samples) samples of \(features) features, about \(overflow ? "more than 9 EB" : "\((values * 12) >> 20) MiB"); one run may use at most \(maxRunBytes >> 30) GiB",
          hint: "use fewer samples or features")
      ]))
  }

  /// A data problem as a diagnostic: in the data file when it has a row, else at the
  /// experiment key (of the run's variant, if it sets it) that names the file.
  static func dataDiagnostic(_ error: DataError, run: PlannedRun, experiment: ExperimentFile)
    -> Diagnostic
  {
    guard let key = error.key else { return error.diagnostic }
    let located = experiment.location(of: key, variant: run.variant)
    if error.line != nil {
      // Positioned in the data file; say which experiment key named that file.
      var diagnostic = error.diagnostic
      let origin = experiment.positions[located].map { "\(experiment.file):\($0.line):\($0.column)" } ?? experiment.file
      let from = "the file is `\(key)` of \(origin)"
      diagnostic.hint = diagnostic.hint.map { "\($0); \(from)" } ?? from
      return diagnostic
    }
    let subject = key == "data.dataset" ? "" : "data file `\(error.file)` "
    return experiment.diagnostic(at: located, subject + error.message, hint: error.hint)
  }

  static func checkSize(
    _ configuration: RunConfiguration, rows: Int, run: PlannedRun, experiment: ExperimentFile
  ) throws(RunError) {
    let parameters = configuration.network.parameterCount
    let network = configuration.network
    // Every layer counts, the output layer too (one class label of 99999 once made a
    // 100,000-unit output layer).
    let widest = ([network.inputSize] + network.hidden.map(\.units) + [network.outputUnits]).max() ?? 0
    let batch = configuration.training.batchSize == 0 ? rows : configuration.training.batchSize
    // Evaluation runs in chunks of 1024 rows; the decision-boundary grid of a 2-feature problem
    // is 60 × 60 rows at once.
    let workspaceRows = max(min(batch, rows), 1024, network.inputSize == 2 ? 3600 : 0)
    let (workspace, overflow1) = widest.multipliedReportingOverflow(by: workspaceRows * 8 * (configuration.network.hidden.count + 1))
    let (parameterBytes, overflow2) = parameters.multipliedReportingOverflow(by: 4 * 5)
    let estimate = overflow1 || overflow2 ? Int.max : (workspace * 4).addingReportingOverflow(parameterBytes).partialValue
    if estimate > maxRunBytes || parameters == Int.max {
      let key = experiment.location(of: "model.layers", variant: run.variant)
      throw .invalid(
        ExperimentError([
          experiment.diagnostic(
            at: key,
            "variant `\(run.variant)` needs about \(estimate == Int.max ? "more than 9 EB" : "\(estimate >> 20) MiB") for its \(parameters == Int.max ? "overflowing number of" : String(parameters)) parameters and workspaces; one run may use at most \(maxRunBytes >> 30) GiB",
            hint: "use fewer or smaller layers, or a smaller batch")
        ]))
    }
  }

  /// Trains the prepared runs on `options.jobs` threads. Each run's result depends only on its
}
