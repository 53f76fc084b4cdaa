import ArgumentParser
import Foundation
import NormlabExperiment
import NormlabReport

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Train every variant and seed of the experiments and write their reports.")

  @Argument(help: "Experiment files (YAML).")
  var files: [String]

  @Option(help: "Folder that receives one report folder per experiment.")
  var out: String = "reports"

  @Option(help: "Runs trained in parallel (default: number of cores).")
  var jobs: Int?

  @Option(name: .customLong("set"), help: "Override one key of every variant, e.g. --set model.layers=[64,64].")
  var overrides: [String] = []

  @Flag(help: "Fewer samples and steps, for smoke tests and CI previews.")
  var quick = false

  @Flag(name: .customLong("no-progress"), help: "Print no progress.")
  var noProgress = false

  @Option(help: ArgumentHelp(ShardFlag.help))
  var shard: String?

  @Option(name: .customLong("shard-count"), help: "With --shard auto: the number of shards, where the scheduler does not say (Kubernetes indexed Jobs).")
  var shardCount: Int?

  @Flag(help: "Run plans beyond the work limits (see `normlab check`).")
  var force = false

  @Flag(help: "Treat warnings (keys that have no effect) as errors.")
  var strict = false

  @Flag(help: "Let a `(confidence ...)` clause with too few seeds to decide pass with a warning instead of failing.")
  var allowUnderpowered = false

  @OptionGroup var cache: RunCacheOptions

  @Option(help: ArgumentHelp("Also write each experiment's runs as a TensorBoard log folder OUT/NAME (see `normlab export`).", valueName: "out"))
  var tensorboard: String?

  func validate() throws {
    guard !files.isEmpty else { throw ValidationError("give at least one experiment file") }
    if let jobs, jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be between 1 and 256") }
    try ShardFlag.validate(shard, count: shardCount)
  }

  func run() throws {
    Interruption.install()
    let options = RunnerOptions(
      jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, quick: quick,
      shard: try ShardFlag.resolve(shard, count: shardCount), allowUnderpowered: allowUnderpowered)
    // Everything that can be found without training is found before the first step.
    let plans = try ExperimentPlanner.prepare(
      files: files, overrides: overrides, options: options, out: out, force: force, strict: strict)
    if Interruption.stop.isStopped { throw ExitCode(ExitStatus.internalFailure) }

    // Run cache folders and TensorBoard folders are checked before any training, like the
    // report folders.
    var stores: [FileRunStore?] = []
    var logFolders: [ReportFolder?] = []
    for plan in plans {
      stores.append(try cache.store(for: plan))
      logFolders.append(try tensorboard.map { out throws(Failure) in
        let folder = ReportFolder(URL(fileURLWithPath: out).appendingPathComponent(plan.destination.name))
        try ExportWriter.checkLogFolder(folder, reportFolder: plan.destination.destination.path, inputs: plan.inputs, flag: "--tensorboard")
        return folder
      })
    }

    var anyExpectationFailed = false
    for (index, plan) in plans.enumerated() {
      let store = stores[index]
      let experiment = plan.experiment
      let display = ProgressDisplay(
        experiment: experiment.name, totalRuns: plan.runs.count,
        mode: noProgress ? .none : (Console.stdoutIsTerminal ? .bar : .lines))
      var result = ExperimentRunner.execute(
        experiment, prepared: plan.runs, options: options, stop: Interruption.stop,
        progress: { display.handle($0) }, store: store)
      display.finish()
      if let store { print(store.summary(experiment: experiment.name, runs: plan.runs.count)) }
      let head = Provenance.gitHead(of: URL(fileURLWithPath: plan.file).deletingLastPathComponent())
      result.date = Provenance.date(commitTime: head?.time)
      result.commit = head?.commit
      try ReportWriter.write(result, experiment: experiment, to: plan.destination, inputs: plan.inputs)
      if let logFolder = logFolders[index] {
        try ExportWriter.tensorBoard(result, to: logFolder, inputs: plan.inputs)
        print("wrote \(logFolder.destination.path) (tensorboard --logdir \(logFolder.destination.path))")
      }
      let failedHere = ExpectationReport.print(result.expectations, file: experiment.file)
      anyExpectationFailed = anyExpectationFailed || failedHere
      if failedHere && options.quick {
        Console.error("    hint: --quick trains at most \(QuickMode.maxSteps) steps on at most \(QuickMode.maxSamples) samples; clauses about later epochs may only hold in the full run (without --quick)")
      }
      if result.interrupted {
        Console.error("\(experiment.name): interrupted; the partial report is in \(plan.destination.destination.path)")
        throw ExitCode(ExitStatus.internalFailure)
      }
      print("wrote \(plan.destination.destination.path)/report.pdf")
    }
    if anyExpectationFailed { throw ExitCode(ExitStatus.expectationFailed) }
  }
}

/// One experiment ready to train: parsed, its data loaded, its report folder checked.
struct ExperimentPlan {
  var file: String
  var experiment: ExperimentFile
  var runs: [PreparedRun]
  var destination: ReportFolder
  /// The experiment file and every data file it read: the report folder must not hold them.
  var inputs: [String]
  var work: WorkEstimate
}

/// The checks `run` and `check` share, in the order that fails fastest: every file parses,
/// report names and templates resolve, the report folders can be written and are not inputs,
/// the data loads, the charts asked for can be drawn, and the work is within the limits.
enum ExperimentPlanner {
  static func prepare(
    files: [String], overrides: [String], options: RunnerOptions, out: String?, force: Bool,
    strict: Bool
  ) throws(Failure) -> [ExperimentPlan] {
    var parsed: [(String, ExperimentFile)] = []
    var failed = false
    for file in files {
      do {
        parsed.append((file, try Workspace.loadExperiment(file, overrides: overrides, strict: strict)))
      } catch {
        failed = true
      }
    }
    if failed { throw Failure(code: ExitStatus.badInput) }

    let library = TemplateLibrary.current()
    var destinations: [String: String] = [:]
    for (file, experiment) in parsed {
      if let problem = library.problem(withTemplate: experiment.report.template) {
        Console.error(experiment.diagnostic(at: "report.template", problem, hint: "templates live in templates/NAME/layout.yaml; `normlab list` shows them").description)
        failed = true
      }
      guard let out else { continue }
      let folder = ReportFolder(URL(fileURLWithPath: out).appendingPathComponent(FolderName.safe(experiment.name)))
      if let other = destinations[folder.destination.path] {
        Console.error("\(file): error: the report folder \(folder.destination.path) is also the one of \(other); two experiments would overwrite each other\n    hint: give the experiments different `name`s")
        failed = true
      }
      destinations[folder.destination.path] = file
    }
    // Report folders are checked against the experiment files before any data is read, and
    // against the data files once they are known.
    let experimentFiles = parsed.map(\.0)
    var worstCode = ExitStatus.badInput
    // A folder refused here is checked again only for holding a data file (a new problem),
    // so no message is printed twice.
    var refused = Set<String>()
    if let out {
      for (_, experiment) in parsed {
        let folder = ReportFolder(URL(fileURLWithPath: out).appendingPathComponent(FolderName.safe(experiment.name)))
        do { try folder.checkWritable(inputs: experimentFiles) } catch {
          failed = true
          worstCode = error.code
          refused.insert(folder.destination.path)
        }
      }
    }

    var plans: [ExperimentPlan] = []
    for (file, experiment) in parsed {
      let reader = ExperimentDataReader(experimentFile: file)
      let runs: [PreparedRun]
      do {
        runs = try ExperimentRunner.prepare(experiment, reader: reader, options: options)
      } catch {
        Console.error(error.description)
        failed = true
        continue
      }
      let inputs = [file] + reader.filesRead
      let folder = ReportFolder(
        URL(fileURLWithPath: out ?? ".").appendingPathComponent(FolderName.safe(experiment.name)))
      if out != nil {
        do {
          if refused.contains(folder.destination.path) {
            try folder.checkHoldsNoInput(reader.filesRead)
          } else {
            try folder.checkWritable(inputs: inputs)
          }
        } catch {
          failed = true
          worstCode = error.code
        }
      }
      let work = WorkEstimate(runs)
      if let excess = work.excess, !force {
        Console.error("\(file): error: \(excess)\n    hint: use fewer runs, steps or a larger `train.log_every`; --force runs it anyway")
        failed = true
      }
      plans.append(ExperimentPlan(file: file, experiment: experiment, runs: runs, destination: folder, inputs: inputs, work: work))
    }
    if failed { throw Failure(code: worstCode) }
    return plans
  }
}

/// Report folder names that cannot escape `--out`.
enum FolderName {
  /// Path separators, dots and other punctuation become `_`.
  static func safe(_ name: String) -> String {
    let cleaned = String(name.map { c in
      c.isLetter || c.isNumber || c == "-" || c == "_" ? c : "_"
    })
    return cleaned.isEmpty ? "experiment" : String(cleaned.prefix(100))
  }
}
