import ArgumentParser
import Foundation
import NormlabExperiment

/// `normlab export DIR --tensorboard OUT --csv FILE`: a report's runs in the formats other
/// tools read, from its metrics.json (no training).
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a report's runs as a TensorBoard log folder and/or a tidy CSV, without training.",
    discussion: """
      TensorBoard: one run per variant, trial and seed (every logged scalar) with the run's \
      settings as HParams; open it with `tensorboard --logdir OUT`. Tidy CSV: one row per run, \
      step and metric, plus a column per swept key; `pandas.read_csv(FILE)` reads it as it is. \
      Both are deterministic: event times are the report's date. See docs/tensorboard.md.
      """)

  @Argument(help: "A report folder written by `normlab run` (holding metrics.json).")
  var resultsDirectory: String

  @Option(help: ArgumentHelp("Folder to write the TensorBoard log directory to (replaced as a whole when normlab wrote it).", valueName: "out"))
  var tensorboard: String?

  @Option(help: ArgumentHelp("File to write the tidy CSV to.", valueName: "file"))
  var csv: String?

  func validate() throws {
    guard tensorboard != nil || csv != nil else { throw ValidationError("give --tensorboard OUT, --csv FILE, or both") }
  }

  func run() throws {
    Interruption.install()
    let logFolder = tensorboard.map { ReportFolder(URL(fileURLWithPath: $0)) }
    // Every destination is checked before anything is written.
    if let logFolder {
      try ExportWriter.checkLogFolder(logFolder, reportFolder: resultsDirectory, inputs: [resultsDirectory], flag: "--tensorboard")
    }
    if let csv {
      try ExportWriter.checkCSV(csv, reportFolder: resultsDirectory, inputs: [resultsDirectory])
    }
    let result = try CompareCommand.load(resultsDirectory)
    if let logFolder {
      try ExportWriter.tensorBoard(result, to: logFolder, inputs: [resultsDirectory])
      print("wrote \(logFolder.destination.path) (\(result.runs.count) TensorBoard run\(result.runs.count == 1 ? "" : "s"); tensorboard --logdir \(logFolder.destination.path))")
    }
    if let csv {
      try ExportWriter.csv(result, to: csv, reportFolder: resultsDirectory, inputs: [resultsDirectory])
      print("wrote \(csv)")
    }
  }
}
