import ArgumentParser

struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge", abstract: "Join the partial results of `run --shard K/N` (not built yet).")

  @Argument(help: "Partial report folders.") var partialDirectories: [String]
  @Option(help: "Folder for the merged report.") var out: String

  func run() throws {
    Console.error("error: `normlab merge` is not built yet")
    throw ExitCode(ExitStatus.internalFailure)
  }
}
