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
    let bytes = try InputFile.read(path, what: "metrics file")
    do {
      return try MetricsCodec.decode(bytes, file: path)
    } catch {
      Console.error(error.description)
      throw Failure(code: ExitStatus.badInput)
    }
  }

  func run() throws {
    Interruption.install()
    let destination = out.map { ReportFolder(URL(fileURLWithPath: $0)) }
    // Refuse an --out that would replace either input before reading anything.
    try destination?.checkWritable(inputs: [oldDirectory, newDirectory])
    let old = try Self.load(oldDirectory)
    let new = try Self.load(newDirectory)
    if old.experiment != new.experiment {
      Console.warning("warning: comparing different experiments (`\(old.experiment)` and `\(new.experiment)`); only variants with the same name are matched")
    }
    let oldName = URL(fileURLWithPath: oldDirectory).lastPathComponent
    let newName = URL(fileURLWithPath: newDirectory).lastPathComponent
    print(Comparison.markdown(old: old, new: new, oldName: oldName, newName: newName), terminator: "")
    guard let destination else { return }
    let files: [ReportFile]
    do {
      files = try Comparison.files(old: old, new: new, oldName: oldName, newName: newName)
    } catch {
      Console.error("error: \(error)")
      throw ExitCode(ExitStatus.internalFailure)
    }
    try destination.write(
      files.map { ReportFolder.Entry(path: $0.path, content: .bytes($0.bytes)) },
      inputs: [oldDirectory, newDirectory])
    Console.error("wrote \(destination.destination.path)/comparison.md")
  }
}
