import ArgumentParser

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare", abstract: "Metric deltas and overlay charts between two report folders (not built yet).")

  @Argument(help: "The earlier report folder.") var oldDirectory: String
  @Argument(help: "The later report folder.") var newDirectory: String
  @Option(help: "Folder for the comparison.") var out: String?

  func run() throws {
    Console.error("error: `normlab compare` is not built yet")
    throw ExitCode(ExitStatus.internalFailure)
  }
}
