import ArgumentParser
import Foundation
import NormlabExperiment
import NormlabReport

struct HandoutCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "handout",
    abstract: "Train the experiments a handout names and write the handout: one PDF and one HTML page with their figures, tables and numbers.",
    discussion: """
      The handout's folder (OUT/NAME/) receives handout.pdf, handout.html and each figure as charts/*.png and
      charts/*.svg. Every problem of the handout and of its experiments is found before any
      training. With --results, the results `normlab run` wrote (RESULTS/EXPERIMENT/metrics.json)
      are used instead of training; their training settings must match the experiment files.
      """)

  @Argument(help: "A handout file (YAML).")
  var file: String

  @Option(help: "Folder that receives the handout's folder.")
  var out: String = "reports"

  @Option(help: "Runs trained in parallel (default: number of cores).")
  var jobs: Int?

  @Flag(help: "Fewer samples and steps, for smoke tests and CI previews.")
  var quick = false

  @Option(help: "A folder of reports written by `normlab run` (one per experiment, by name): reuse their results instead of training.")
  var results: String?

  @Flag(name: .customLong("no-progress"), help: "Print no progress.")
  var noProgress = false

  @Flag(help: "Run plans beyond the work limits (see `normlab check`).")
  var force = false

  @Flag(help: "Treat warnings about the experiment files (keys without effect) as errors.")
  var strict = false

  @Flag(help: "Let a `(confidence ...)` clause with too few seeds to decide pass with a warning instead of failing.")
  var allowUnderpowered = false

  func validate() throws {
    if let jobs, jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be between 1 and 256") }
    if quick && results != nil {
      throw ValidationError("--quick trains fewer steps and --results trains nothing; give one of them")
    }
  }

  func run() throws {
    Interruption.install()
    let options = RunnerOptions(
      jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, quick: quick, allowUnderpowered: allowUnderpowered)
    let plan = try HandoutPlanner.prepare(
      file: file, options: options, out: out, results: results, force: force, strict: strict)
    if Interruption.stop.isStopped { throw ExitCode(ExitStatus.internalFailure) }

    var resultsByPath: [String: ExperimentResult] = [:]
    for item in plan.experiments {
      if let result = item.result {
        resultsByPath[item.path] = result
        continue
      }
      let display = ProgressDisplay(
        experiment: item.experiment.name, totalRuns: item.runs.count,
        mode: noProgress ? .none : (Console.stdoutIsTerminal ? .bar : .lines))
      var result = ExperimentRunner.execute(
        item.experiment, prepared: item.runs, options: options, stop: Interruption.stop,
        progress: { display.handle($0) })
      display.finish()
      if result.interrupted {
        Console.error("\(plan.file): interrupted while training `\(item.experiment.name)`; nothing was written")
        throw ExitCode(ExitStatus.internalFailure)
      }
      let head = Provenance.gitHead(of: URL(fileURLWithPath: item.file).deletingLastPathComponent())
      result.date = Provenance.date(commitTime: head?.time)
      result.commit = head?.commit
      resultsByPath[item.path] = result
    }

    let head = Provenance.gitHead(of: URL(fileURLWithPath: plan.file).deletingLastPathComponent())
    let document = HandoutDocument(
      plan.handout, results: resultsByPath, date: Provenance.date(commitTime: head?.time), normlabVersion: normlabVersion)
    for label in document.skippedFigures {
      Console.warning("\(plan.file): warning: the figure `\(label)` is not drawn: the results hold no data for it (did its runs diverge?)")
    }
    let started = Interruption.count
    let files: [ReportFile]
    do {
      files = try HandoutComposer.compose(document, isCancelled: { Interruption.count > started })
    } catch let error where error.cancelled {
      Console.error("\(plan.destination.destination.path): interrupted while rendering; nothing was written")
      throw ExitCode(ExitStatus.internalFailure)
    } catch {
      Console.error("error: \(error)")
      throw ExitCode(ExitStatus.internalFailure)
    }
    try plan.destination.write(files.map { ReportFolder.Entry(path: $0.path, content: .bytes($0.bytes)) }, inputs: plan.inputs)
    print("wrote \(plan.destination.destination.path)/handout.pdf and handout.html")

    // As after `run`: a failed clause is reported once the handout is written.
    var failed = false
    for item in plan.experiments {
      guard let result = resultsByPath[item.path] else { continue }
      if ExpectationReport.print(result.expectations, file: item.file) { failed = true }
    }
    if failed && quick {
      Console.error("    hint: --quick trains at most \(QuickMode.maxSteps) steps on at most \(QuickMode.maxSamples) samples; clauses about later epochs may only hold in the full run (without --quick)")
    }
    if failed { throw ExitCode(ExitStatus.expectationFailed) }
  }
}
