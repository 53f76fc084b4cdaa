import ArgumentParser
import Foundation
import NormlabExperiment

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Validate experiment files without training: keys, data files, report folder, charts and the work planned.")

  @Argument(help: "Experiment files (YAML).")
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
    let plans = try ExperimentPlanner.prepare(
      files: files, overrides: overrides, options: RunnerOptions(quick: quick), out: out, force: force,
      strict: strict)
    for plan in plans {
      print("\(plan.file): ok (\(plan.experiment.variants.count) variant\(plan.experiment.variants.count == 1 ? "" : "s"); \(plan.work.summary))")
    }
  }
}
