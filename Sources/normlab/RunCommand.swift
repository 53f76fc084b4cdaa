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

  @Option(help: "Run only the K-th of N slices of the runs (e.g. 2/4); combine results with `normlab merge`.")
  var shard: String?

  func validate() throws {
    guard !files.isEmpty else { throw ValidationError("give at least one experiment file") }
    if let jobs, jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be between 1 and 256") }
    if let shard, Self.parseShard(shard) == nil {
      throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N, e.g. 2/4")
    }
  }

  static func parseShard(_ text: String) -> (index: Int, count: Int)? {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 10_000, k >= 1, k <= n else {
      return nil
    }
    return (k, n)
  }

  func run() throws {
    let options = RunnerOptions(
      jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, quick: quick,
      shard: shard.flatMap(Self.parseShard))
    // Validate everything before any training starts.
    var experiments: [(String, ExperimentFile)] = []
    var failed = false
    for file in files {
      do {
        experiments.append((file, try Workspace.loadExperiment(file, overrides: overrides)))
      } catch {
        failed = true
      }
    }
    if failed { throw ExitCode(ExitStatus.badInput) }
    var prepared: [(String, ExperimentFile, [(PlannedRun, RunConfiguration, LoadedData)])] = []
    for (file, experiment) in experiments {
      do {
        prepared.append((file, experiment, try ExperimentRunner.prepare(experiment, reader: Workspace.reader(for: file), options: options)))
      } catch {
        Console.error(error.description)
        throw ExitCode(ExitStatus.badInput)
      }
    }

    let stop = StopFlag()
    let signals = SignalTrap(stop: stop)
    defer { signals.release() }
    let head = Provenance.gitHead()
    var anyExpectationFailed = false
    var interrupted = false
    for (_, experiment, runs) in prepared {
      let display = ProgressDisplay(
        experiment: experiment.name, totalRuns: runs.count,
        mode: noProgress ? .none : (Console.stdoutIsTerminal ? .bar : .lines))
      var result = ExperimentRunner.execute(
        experiment, prepared: runs, options: options, stop: stop,
        progress: { display.handle($0) })
      display.finish()
      result.date = Provenance.date(commitTime: head?.1)
      result.commit = head?.0
      let folder = URL(fileURLWithPath: out).appendingPathComponent(Files.safeName(experiment.name))
      try ReportWriter.write(result, experiment: experiment, to: folder)
      var failedHere = false
      for expectation in result.expectations where !expectation.passed {
        anyExpectationFailed = true
        failedHere = true
        Console.error("\(experiment.file): error: expectation failed: \(expectation.clause)" + (expectation.message.map { " (\($0))" } ?? ""))
      }
      if failedHere && options.quick {
        Console.error("    hint: --quick trains at most \(QuickMode.maxSteps) steps on at most \(QuickMode.maxSamples) samples; clauses about later epochs may only hold in the full run (without --quick)")
      }
      if result.interrupted {
        interrupted = true
        Console.error("\(experiment.name): interrupted; the partial report is in \(folder.path)")
        break
      }
      print("wrote \(folder.path)/report.pdf")
    }
    if interrupted { throw ExitCode(ExitStatus.internalFailure) }
    if anyExpectationFailed { throw ExitCode(ExitStatus.expectationFailed) }
  }
}

/// Renders a result and writes the whole report folder atomically.
enum ReportWriter {
  static func write(
    _ result: ExperimentResult, experiment: ExperimentFile?, to folder: URL,
    formats: Set<String> = ["pdf", "png", "svg", "md"], keep: [(String, [UInt8])] = []
  ) throws(Failure) {
    let settings = try Workspace.reportSettings(for: result, formats: formats)
    var files: [(String, [UInt8])] = []
    do {
      files = try ReportComposer.compose(result, settings: settings).map { ($0.path, $0.bytes) }
      files.append(("metrics.json", try MetricsCodec.json(result)))
    } catch {
      Console.error("error: \(error)")
      throw Failure(code: ExitStatus.internalFailure)
    }
    files.append(("metrics.csv", MetricsCodec.csv(result)))
    if let experiment {
      files.append(("experiment.yaml", MetricsCodec.resolvedYAML(experiment)))
    }
    let written = Set(files.map(\.0))
    files += keep.filter { !written.contains($0.0) }
    try Files.writeReport(files, to: folder)
  }
}

/// Turns SIGINT and SIGTERM into a stop request, so runs end cleanly and a partial report is
/// written instead of the process dying mid-file.
final class SignalTrap: @unchecked Sendable {
  private var sources: [DispatchSourceSignal] = []

  init(stop: StopFlag) {
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler { stop.stop() }
      source.resume()
      sources.append(source)
    }
  }

  func release() {
    for source in sources { source.cancel() }
  }
}
