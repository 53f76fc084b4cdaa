import Foundation
import NormlabEngine
import Synchronization

/// Progress of one run, reported from worker threads.
public struct RunProgress: Sendable {
  public enum Event: Sendable {
    case started
    case step(Int, of: Int)
    case finished(FinalMetrics)
  }
  public var run: PlannedRun
  public var event: Event
}

/// Shared stop flag: set by the CLI on SIGINT/SIGTERM, read by every training loop.
public final class StopFlag: Sendable {
  private let flag = Atomic<Bool>(false)
  public init() {}
  public func stop() { flag.store(true, ordering: .relaxed) }
  public var isStopped: Bool { flag.load(ordering: .relaxed) }
}

/// A problem found while preparing or running an experiment (bad data, impossible sizes).
public enum RunError: Error, Sendable, CustomStringConvertible {
  case data(DataError)
  case invalid(ExperimentError)

  public var description: String {
    switch self {
    case .data(let e): return e.description
    case .invalid(let e): return e.description
    }
  }
}

public struct RunnerOptions: Sendable {
  public var jobs: Int
  public var quick: Bool
  /// Run only the K-th (from 1) of N slices of the plan.
  public var shard: ShardSpec?

  public init(jobs: Int = 1, quick: Bool = false, shard: ShardSpec? = nil) {
    self.jobs = max(jobs, 1)
    self.quick = quick
    self.shard = shard
  }
}

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
      hiddenLayers: configuration.network.hidden.count)
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
    var cache: [DataConfig: LoadedData] = [:]
    var failedConfigs = Set<DataConfig>()
    var diagnostics: [Diagnostic] = []
    var prepared: [PreparedRun] = []
    for var run in runs {
      if options.quick { run.values = QuickMode.apply(to: run.values) }
      let dataConfig = DataConfig(values: run.values)
      if failedConfigs.contains(dataConfig) { continue }
      let data: LoadedData
      if let cached = cache[dataConfig] {
        data = cached
      } else {
        do {
          try checkGeneratedSize(dataConfig, run: run, experiment: experiment)
          if dataConfig.dataset != "csv", dataConfig.dataset != "idx" {
            // A generated dataset's shape is known up front: refuse an impossible model before
            // spending seconds generating data for it.
            let features = ["blobs", "scaled"].contains(dataConfig.dataset) ? dataConfig.features : 2
            let provisional = RunConfiguration(values: run.values, featureCount: features, classCount: dataConfig.generatedClasses)
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
        values: run.values, featureCount: data.train.featureCount, classCount: data.classCount)
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
  static func checkGeneratedSize(_ config: DataConfig, run: PlannedRun, experiment: ExperimentFile) throws(RunError) {
    guard config.dataset != "csv", config.dataset != "idx" else { return }
    let features = ["blobs", "scaled"].contains(config.dataset) ? config.features : 2
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
  /// own configuration and seed, so the output is the same for any number of jobs.
  public static func execute(
    _ experiment: ExperimentFile, prepared: [PreparedRun],
    options: RunnerOptions, stop: StopFlag = StopFlag(),
    progress: @escaping @Sendable (RunProgress) -> Void = { _ in }
  ) -> ExperimentResult {
    setBLASThreadCount(1)
    let results = Mutex<[RunRecord?]>(Array(repeating: nil, count: prepared.count))
    let next = Atomic<Int>(0)
    let workers = min(options.jobs, max(prepared.count, 1))
    let items = prepared
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        let index = next.add(1, ordering: .relaxed).oldValue
        guard index < items.count else { return }
        let item = items[index]
        let (run, configuration, data) = (item.run, item.configuration, item.data)
        if stop.isStopped { return }
        progress(RunProgress(run: run, event: .started))
        let record = trainOne(run, configuration: configuration, data: data, stop: stop, progress: progress)
        results.withLock { $0[index] = record }
        progress(RunProgress(run: run, event: .finished(record.final)))
      }
    }
    let records = results.withLock { $0.compactMap { $0 } }
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
          values: experiment.values(of: variant).mapValues(\.description))
      },
      sweepKeys: experiment.sweepKeys,
      report: ReportRecord(
        template: experiment.report.template, charts: experiment.report.charts,
        exclude: experiment.report.exclude,
        sections: experiment.report.sections.map {
          ReportSectionRecord(heading: $0.heading, text: $0.text, charts: $0.charts)
        }),
      runs: records, expectations: [],
      dataSample: prepared.first.map { dataSample($0.data) } ?? nil, date: nil, commit: nil)
    result.analyses = ExperimentAnalyses.compute(experiment, prepared: prepared)
    result.expectClauses = experiment.expectations.map(\.text)
    if options.shard == nil {
      result.expectations = ExpectationEvaluator.evaluate(experiment.expectations, runs: records)
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
      train: data.train, test: data.test,
      observer: Observer(run: run, stop: stop, progress: progress))
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let h = result.history
    let summary = result.summary
    let final = FinalMetrics(
      trainLoss: summary.trainLoss.finiteOrNil, testLoss: summary.testLoss.finiteOrNil,
      trainAccuracy: summary.trainAccuracy.finiteOrNil, testAccuracy: summary.testAccuracy.finiteOrNil,
      steps: summary.steps, epochs: summary.epochs, diverged: summary.diverged,
      divergedAtStep: summary.divergedAtStep, interrupted: summary.interrupted,
      wallSeconds: seconds, stepsPerSecond: seconds > 0 ? Double(summary.steps) / seconds : 0)
    let history = HistoryRecord(
      step: h.step, epoch: h.epoch, trainLoss: h.trainLoss.map(\.finiteOrNil),
      testLoss: h.testLoss.map(\.finiteOrNil), trainAccuracy: h.trainAccuracy.map(\.finiteOrNil),
      testAccuracy: h.testAccuracy.map(\.finiteOrNil), learningRate: h.learningRate.map(\.finiteOrNil),
      batchLoss: h.batchLoss.map(\.finiteOrNil))
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
    return RunRecord(
      variant: run.variant, label: run.label, color: run.color, seed: run.seed, trial: run.trial,
      parameters: run.parameters.mapValues(\.description), final: final, history: history,
      diagnostics: diagnostics, boundary: boundary)
  }

  /// P(class 1) (or the predicted class) on a grid over the data's bounding box plus a margin.
  static func decisionBoundary(_ network: inout Network<Float>, data: LoadedData) -> BoundaryGrid? {
    let resolution = 60
    let xs = stride(from: 0, to: data.train.features.count, by: 2).map { Double(data.train.features[$0]) }
    let ys = stride(from: 1, to: data.train.features.count, by: 2).map { Double(data.train.features[$0]) }
    let (xLow, xHigh) = paddedRange(xs)
    let (yLow, yHigh) = paddedRange(ys)
    var grid = [Float](repeating: 0, count: resolution * resolution * 2)
    for row in 0..<resolution {
      for column in 0..<resolution {
        let i = row * resolution + column
        grid[2 * i] = Float(xLow + (xHigh - xLow) * Double(column) / Double(resolution - 1))
        grid[2 * i + 1] = Float(yLow + (yHigh - yLow) * Double(row) / Double(resolution - 1))
      }
    }
    var rng = SplitMix64(seed: 0)
    grid.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      network.forward(input: base, rows: resolution * resolution, mode: .inference, rng: &rng)
    }
    let classes = network.outputUnits == 1 ? 2 : network.outputUnits
    // A diverged network predicts NaN everywhere: there is no boundary to draw.
    guard network.output.allSatisfy(\.isFinite) else { return nil }
    let values: [Double]
    if network.outputUnits == 1 {
      values = network.output.map { Double($0) }
    } else {
      values = network.predictedClasses().map(Double.init)
    }
    return BoundaryGrid(
      xRange: [xLow, xHigh], yRange: [yLow, yHigh], resolution: resolution,
      values: values.map { ($0 * 1e6).rounded() / 1e6 }, classes: classes)
  }

  static func paddedRange(_ values: [Double]) -> (Double, Double) {
    let low = values.min() ?? -1
    let high = values.max() ?? 1
    let pad = max((high - low) * 0.08, 1e-3)
    return (low - pad, high + pad)
  }

  static func dataSample(_ data: LoadedData) -> DataSample? {
    let set = data.test.count > 0 ? data.test : data.train
    guard set.featureCount == 2 else { return nil }
    let count = min(set.count, 400)
    return DataSample(
      x: (0..<count).map { Double(set.features[2 * $0]) },
      y: (0..<count).map { Double(set.features[2 * $0 + 1]) },
      label: (0..<count).map { Int(set.labels[$0]) })
  }
}

/// Evaluates `expect:` clauses on seed-averaged final metrics.
public enum ExpectationEvaluator {
  public static func evaluate(_ clauses: [ExpectationClause], runs: [RunRecord])
    -> [ExpectationResult]
  {
    clauses.map { clause in
      var values: [String: Double?] = [:]
      var problems: [String] = []
      for (variant, metric) in clause.references {
        let group = runs.filter { $0.variant == variant }
        let key = "\(variant).\(metric.rawValue)"
        if group.isEmpty {
          problems.append("no runs of `\(variant)`")
          values[key] = .some(nil)
          continue
        }
        if metric.isBestOfSweep {
          values[key] = best(metric, of: group).finiteOrNil
          continue
        }
        let diverged = group.filter(\.final.diverged).count
        if diverged > 0 && metric != .diverged {
          problems.append("\(diverged) of \(group.count) runs of `\(variant)` diverged")
        }
        let average = mean(group.map { ExpectationEvaluator.value(of: metric, in: $0.final) })
        values[key] = average.finiteOrNil
      }
      let lookup: (String, ExpectMetric) -> Double = { variant, metric in
        values["\(variant).\(metric.rawValue)"].flatMap { $0 } ?? .nan
      }
      let left = clause.left.evaluate(lookup)
      let right = clause.right.evaluate(lookup)
      let holds = left.isFinite && right.isFinite && clause.comparison.holds(left, right)
      let passed = holds && problems.isEmpty
      var message: String?
      if !problems.isEmpty {
        message = problems.joined(separator: "; ")
      } else if !holds {
        message = "\(TickText.short(left)) \(clause.comparison.rawValue) \(TickText.short(right)) is false"
      }
      return ExpectationResult(clause: clause.text, passed: passed, values: values, message: message)
    }
  }

  /// The best trial's mean (see `BestTrial`): highest accuracy or lowest loss. Without a sweep,
  /// the variant's mean.
  static func best(_ metric: ExpectMetric, of runs: [RunRecord]) -> Double {
    BestTrial.find(
      in: runs, value: { value(of: metric, in: $0) }, lowerIsBetter: metric == .bestTestLoss)?.mean
      ?? .nan
  }

  static func value(of metric: ExpectMetric, in final: FinalMetrics) -> Double {
    switch metric {
    case .bestTestAccuracy: return final.testAccuracy ?? .nan
    case .bestTestLoss: return final.testLoss ?? .nan
    case .trainLoss: return final.trainLoss ?? .nan
    case .testLoss: return final.testLoss ?? .nan
    case .trainAccuracy: return final.trainAccuracy ?? .nan
    case .testAccuracy: return final.testAccuracy ?? .nan
    case .steps: return Double(final.steps)
    case .epochs: return final.epochs
    case .diverged: return final.diverged ? 1 : 0
    }
  }

  static func mean(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
  }
}

/// Short numbers for messages.
enum TickText {
  static func short(_ value: Double) -> String {
    guard value.isFinite else { return "nan" }
    let rounded = (value * 10000).rounded() / 10000
    return "\(rounded)"
  }
}

/// Joins the partial results of `run --shard K/N` into the result one unsharded run gives:
/// runs in plan order, the data sample and provenance of shard 1, expectations evaluated on
/// all runs.
public enum ShardMerger {
  public struct MergeError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public var description: String { "error: \(message)" + (hint.map { "\n    hint: \($0)" } ?? "") }
  }

  /// `partials` pairs each result with the folder it came from, for messages.
  public static func merge(_ partials: [(folder: String, result: ExperimentResult)]) throws(MergeError)
    -> ExperimentResult
  {
    guard let first = partials.first else { throw MergeError(message: "no partial results given") }
    var byShard: [Int: String] = [:]
    var count: Int?
    for (folder, result) in partials {
      guard let shard = result.shard, let spec = ShardSpec.parse(shard) else {
        throw MergeError(
          message: "\(folder) is not a partial result (no `shard` in its metrics.json)",
          hint: "merge joins the folders written by `normlab run --shard K/N`")
      }
      let (k, n) = (spec.index, spec.count)
      if let count, count != n {
        throw MergeError(message: "\(folder) is shard \(shard) but the others are slices of \(count)")
      }
      count = n
      if let other = byShard[k] {
        throw MergeError(message: "\(folder) and \(other) are both shard \(k)/\(n)")
      }
      byShard[k] = folder
      if result.interrupted {
        throw MergeError(message: "\(folder) holds an interrupted run", hint: "run shard \(shard) again")
      }
      // Every shard must hold exactly the runs it was given, as they were written.
      guard let planned = result.plannedRuns, planned >= 0, planned <= ExperimentFile.maxRuns, let digest = result.shardDigest else {
        throw MergeError(
          message: "\(folder) does not say which runs it holds (no `planned_runs` or `shard_digest` in its metrics.json)",
          hint: "run shard \(shard) again with this version of normlab")
      }
      let expected = (0..<planned).filter { spec.contains(planIndex: $0) }.count
      if result.runs.count != expected {
        throw MergeError(
          message: "\(folder) holds \(result.runs.count) runs but shard \(shard) of \(planned) planned runs has \(expected)",
          hint: "a run was removed or added by hand; run shard \(shard) again")
      }
      if MetricsCodec.digest(of: result.runs) != digest {
        throw MergeError(
          message: "\(folder) holds runs that differ from the ones normlab wrote (their checksum does not match)",
          hint: "metrics.json was edited after the run; run shard \(shard) again")
      }
      if let first = partials.first?.result.plannedRuns, first != planned {
        throw MergeError(message: "\(folder) comes from a plan of \(planned) runs but another shard from one of \(first)")
      }
      for (label, same) in [
        ("experiment name", result.experiment == first.result.experiment),
        ("normlab version", result.normlabVersion == first.result.normlabVersion),
        ("variants and their configuration", result.variants == first.result.variants),
        ("seeds", result.seeds == first.result.seeds),
        ("sweep", result.sweepKeys == first.result.sweepKeys),
        ("--quick setting", result.quick == first.result.quick),
        ("report options", result.report == first.result.report),
        ("expect clauses", result.expectClauses == first.result.expectClauses),
      ] where !same {
        throw MergeError(
          message: "\(folder) and \(first.folder) differ in their \(label)",
          hint: "every shard must come from the same experiment file, flags and normlab version")
      }
    }
    let n = count ?? 1
    let missing = (1...n).filter { byShard[$0] == nil }
    guard missing.isEmpty else {
      throw MergeError(
        message: "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(n)" }.joined(separator: ", "))",
        hint: "give the folders of all \(n) shards")
    }
    // Plan order is variants × sweep trials × seeds; rebuild it from those three.
    let variantOrder = Dictionary(uniqueKeysWithValues: first.result.variants.enumerated().map { ($1.name, $0) })
    let seedOrder = Dictionary(first.result.seeds.enumerated().map { ($1, $0) }) { a, _ in a }
    func key(_ run: RunRecord) -> [Int] {
      [variantOrder[run.variant] ?? Int.max, run.trial ?? 0, seedOrder[run.seed] ?? Int.max]
    }
    let runs = partials.flatMap(\.result.runs).sorted { key($0).lexicographicallyPrecedes(key($1)) }
    for (a, b) in zip(runs, runs.dropFirst()) where key(a) == key(b) {
      throw MergeError(message: "run `\(a.variant)` seed \(a.seed)\(a.trial.map { " trial \($0)" } ?? "") appears in two shards")
    }
    let leader = partials.first { ShardSpec.parse($0.result.shard ?? "")?.index == 1 }?.result ?? first.result
    var merged = leader
    merged.shard = nil
    merged.plannedRuns = nil
    merged.shardDigest = nil
    merged.interrupted = false
    merged.runs = runs
    var clauses: [ExpectationClause] = []
    for text in leader.expectClauses ?? [] {
      do {
        let (left, comparison, right) = try ExpectationParser.parse(text)
        clauses.append(ExpectationClause(text: text, left: left, comparison: comparison, right: right, position: nil))
      } catch {
        throw MergeError(message: "cannot read the expect clause `\(text)`: \(error.message)")
      }
    }
    merged.expectations = ExpectationEvaluator.evaluate(clauses, runs: runs)
    return merged
  }
}

/// `--shard K/N`: the K-th (from 1) of N slices of an experiment's runs. One parser for the
/// flag, `metrics.json` and `merge`.
public struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
  public static let maxCount = 10_000
  public var index: Int
  public var count: Int

  public init?(index: Int, count: Int) {
    guard count >= 1, count <= ShardSpec.maxCount, index >= 1, index <= count else { return nil }
    self.index = index
    self.count = count
  }

  public static func parse(_ text: String) -> ShardSpec? {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { return nil }
    return ShardSpec(index: k, count: n)
  }

  public var description: String { "\(index)/\(count)" }

  /// Whether the run at plan position `index` belongs to this slice.
  public func contains(planIndex: Int) -> Bool { planIndex % count == index - 1 }
}
