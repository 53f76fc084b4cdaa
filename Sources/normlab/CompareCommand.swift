import ArgumentParser
import Foundation
import NormlabExperiment
import NormlabReport

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Metric changes (mean ± std over seeds, flagged beyond seed noise) and overlay charts between two report folders.")

  @Argument(help: "The earlier report folder (holding metrics.json).") var oldDirectory: String
  @Argument(help: "The later report folder (holding metrics.json).") var newDirectory: String
  @Option(help: "Folder to write comparison.md and the overlay charts to; without it the table goes to stdout only.")
  var out: String?

  static func load(_ directory: String) throws(Failure) -> ExperimentResult {
    let path = URL(fileURLWithPath: directory).appendingPathComponent("metrics.json").path
    let bytes = try Files.read(path, what: "metrics file")
    do {
      return try MetricsCodec.decode(bytes, file: path)
    } catch {
      Console.error(error.description)
      throw Failure(code: ExitStatus.badInput)
    }
  }

  func run() throws {
    do {
      try compare()
    } catch let failure as Failure {
      // Already printed; only the exit code is left to give.
      throw ExitCode(failure.code)
    }
  }

  func compare() throws {
    let old = try Self.load(oldDirectory)
    let new = try Self.load(newDirectory)
    if old.experiment != new.experiment {
      Console.error("warning: comparing different experiments (`\(old.experiment)` and `\(new.experiment)`); only variants with the same name are matched")
    }
    let oldName = URL(fileURLWithPath: oldDirectory).lastPathComponent
    let newName = URL(fileURLWithPath: newDirectory).lastPathComponent
    print(Comparison.markdown(old: old, new: new, oldName: oldName, newName: newName), terminator: "")
    guard let out else { return }
    let files: [ReportFile]
    do {
      files = try Comparison.files(old: old, new: new, oldName: oldName, newName: newName)
    } catch {
      Console.error("error: \(error)")
      throw ExitCode(ExitStatus.internalFailure)
    }
    try Files.writeReport(files.map { ($0.path, $0.bytes) }, to: URL(fileURLWithPath: out))
    Console.error("wrote \(out)/comparison.md")
  }
}
