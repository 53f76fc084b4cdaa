import ArgumentParser

struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Measure training speed on the W1 and W2 workloads (not built yet).")

  @Option(help: "w1, w2 or all.") var workload: String = "all"
  @Flag(help: "Batch Normalization before each activation.") var bn = false
  @Option(help: "Timed steps.") var steps: Int?
  @Flag(help: "One JSON object per workload.") var json = false

  func run() throws {
    Console.error("error: `normlab bench` is not built yet")
    throw ExitCode(ExitStatus.internalFailure)
  }
}
