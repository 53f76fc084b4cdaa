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

  @Option(help: "Folder for the merged report (it is replaced as a whole).")
  var out: String

  func validate() throws {
    guard !partialDirectories.isEmpty else { throw ValidationError("give the folders of every shard") }
  }

  func run() throws {
    var partials: [(folder: String, result: ExperimentResult)] = []
    var resolvedYAML: [UInt8]?
    for folder in partialDirectories {
      let url = URL(fileURLWithPath: folder)
      let metricsPath = url.appendingPathComponent("metrics.json").path
      let bytes = try Files.read(metricsPath, what: "metrics file")
      do {
        partials.append((folder, try MetricsCodec.decode(bytes, file: metricsPath)))
      } catch {
        Console.error(error.description)
        throw ExitCode(ExitStatus.badInput)
      }
      // Every shard writes the same resolved configuration; keep the first one found.
      let yamlPath = url.appendingPathComponent("experiment.yaml").path
      if resolvedYAML == nil, let data = FileManager.default.contents(atPath: yamlPath) {
        resolvedYAML = Array(data)
      }
    }
    let merged: ExperimentResult
    do {
      merged = try ShardMerger.merge(partials)
    } catch {
      Console.error(error.description)
      throw ExitCode(ExitStatus.badInput)
    }
    let destination = URL(fileURLWithPath: out)
    let sources = Set(partialDirectories.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
    guard !sources.contains(destination.standardizedFileURL.path) else {
      Console.error("\(out): error: --out is one of the partial folders; choose another folder")
      throw ExitCode(ExitStatus.badInput)
    }
    try ReportWriter.write(
      merged, experiment: nil, to: destination, keep: resolvedYAML.map { [("experiment.yaml", $0)] } ?? [])
    var failed = false
    for expectation in merged.expectations where !expectation.passed {
      failed = true
      Console.error("\(out): error: expectation failed: \(expectation.clause)" + (expectation.message.map { " (\($0))" } ?? ""))
    }
    print("merged \(partials.count) shards, \(merged.runs.count) runs: wrote \(destination.path)/report.pdf")
    if failed { throw ExitCode(ExitStatus.expectationFailed) }
  }
}
