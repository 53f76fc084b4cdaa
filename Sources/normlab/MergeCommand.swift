import ArgumentParser
import Foundation
import NormlabExperiment

/// `normlab merge PARTIAL_DIR... --out DIR`: joins the folders written by `run --shard K/N`
/// into one report, identical to an unsharded run's apart from wall-clock figures.
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge", abstract: "Join the partial results of `run --shard K/N` into one report.")

  @Argument(help: "Partial report folders, one per shard, in any order.")
  var partialDirectories: [String]

  @Option(help: "Folder for the merged report (replaced as a whole when it is a report normlab wrote).")
  var out: String

  @Flag(help: "Let a `(confidence ...)` clause with too few seeds to decide pass with a warning instead of failing.")
  var allowUnderpowered = false

  func validate() throws {
    guard !partialDirectories.isEmpty else { throw ValidationError("give the folders of every shard") }
  }

  func run() throws {
    Interruption.install()
    let destination = ReportFolder(URL(fileURLWithPath: out))
    try destination.checkWritable(inputs: partialDirectories)
    var partials: [(folder: String, result: ExperimentResult)] = []
    var resolvedYAML: ReportFolder.Entry?
    for folder in partialDirectories {
      let url = URL(fileURLWithPath: folder)
      let metricsPath = url.appendingPathComponent("metrics.json").path
      let bytes = try InputFile.read(metricsPath, what: "metrics file")
      do {
        partials.append((folder, try MetricsCodec.decode(bytes, file: metricsPath)))
      } catch {
        Console.error(error.description)
        throw ExitCode(ExitStatus.badInput)
      }
      // Every shard writes the same resolved configuration; keep the first one found.
      let yamlPath = url.appendingPathComponent("experiment.yaml").path
      if resolvedYAML == nil, InputFile.problem(at: yamlPath, what: "configuration") == nil {
        resolvedYAML = ReportFolder.Entry(path: "experiment.yaml", content: .copy(ofFileAt: yamlPath))
      }
    }
    let merged: ExperimentResult
    do {
      merged = try ShardMerger.merge(partials, options: RunnerOptions(allowUnderpowered: allowUnderpowered))
    } catch {
      Console.error(error.description)
      throw ExitCode(ExitStatus.badInput)
    }
    try ReportWriter.write(
      merged, experiment: nil, to: destination, keep: resolvedYAML.map { [$0] } ?? [],
      inputs: partialDirectories)
    let failed = ExpectationReport.print(merged.expectations, file: out)
    print("merged \(partials.count) shards, \(merged.runs.count) runs: wrote \(destination.destination.path)/report.pdf")
    if failed { throw ExitCode(ExitStatus.expectationFailed) }
  }
}
