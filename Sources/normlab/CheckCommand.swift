import ArgumentParser
import Foundation
import NormlabExperiment

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Validate experiment files or handouts without training: keys, data files, report folder, charts and the work planned.")

  @Argument(help: "Experiment files or handouts (YAML; a file whose top level has `sections` is a handout).")
  var files: [String]

  @Option(name: .customLong("set"), help: "Override one key of every variant.")
  var overrides: [String] = []

  @Option(help: "The folder `run` would write to; its report folders are checked too.")
  var out: String = "reports"

  @Flag(help: "Accept plans beyond the work limits, as `run --force` does.")
  var force = false

  @Flag(help: "Fewer samples and steps, as `run --quick` trains.")
  var quick = false

  @Flag(help: "Treat warnings (keys that have no effect) as errors.")
  var strict = false

  func run() throws {
    // A handout is told apart by its top-level `sections`; it is checked as `handout` would
    // check it, its experiments included.
    var handouts: [String] = []
    var experiments: [String] = []
    for file in files {
      if case .success(let bytes) = InputFile.bytes(at: file, what: "file"), HandoutParser.isHandout(bytes: bytes) {
        handouts.append(file)
      } else {
        experiments.append(file)
      }
    }
    var failure: Failure?
    if !experiments.isEmpty {
      do {
        let plans = try ExperimentPlanner.prepare(
          files: experiments, overrides: overrides, options: RunnerOptions(quick: quick), out: out, force: force,
          strict: strict)
        for plan in plans {
          print("\(plan.file): ok (\(plan.experiment.variants.count) variant\(plan.experiment.variants.count == 1 ? "" : "s"); \(plan.work.summary))")
        }
      } catch {
        failure = error
      }
    }
    if !handouts.isEmpty && !overrides.isEmpty {
      Console.error("error: --set applies to experiment files, not to handouts (\(handouts.joined(separator: ", ")))")
      throw ExitCode(ExitStatus.badInput)
    }
    for file in handouts {
      do {
        let plan = try HandoutPlanner.prepare(
          file: file, options: RunnerOptions(quick: quick), out: out, results: nil, force: force, strict: strict)
        let figures = plan.handout.sections.reduce(0) { $0 + $1.charts.count }
        let runs = plan.experiments.reduce(0) { $0 + $1.runs.count }
        print("\(file): ok (handout: \(plan.handout.sections.count) sections, \(figures) figures, \(plan.experiments.count) experiments, \(runs) runs)")
      } catch {
        failure = failure ?? error
      }
    }
    if let failure { throw failure }
  }
}
