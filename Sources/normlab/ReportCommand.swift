import ArgumentParser
import Foundation
import NormlabExperiment
import NormlabReport

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report", abstract: "Re-render a report from its metrics.json, without training.")

  @Argument(help: "A report folder written by `normlab run`.")
  var resultsDirectory: String

  @Option(help: "Comma-separated formats to write: pdf, html, png, svg, md.")
  var format: String = "pdf,html,png,svg,md"

  static let formats: [String: String] = [
    "pdf": "report.pdf", "html": "report.html", "md": "summary.md", "png": "charts/", "svg": "charts/",
  ]

  func validate() throws {
    for f in format.split(separator: ",") where Self.formats[String(f)] == nil {
      throw ValidationError("unknown format `\(f)`; formats are pdf, html, png, svg, md")
    }
  }

  /// The format a file of a report belongs to, nil for files every render keeps.
  static func format(of path: String) -> String? {
    if path == "report.pdf" { return "pdf" }
    if path == "report.html" { return "html" }
    if path == "summary.md" { return "md" }
    if path.hasPrefix("charts/") && path.hasSuffix(".png") { return "png" }
    if path.hasPrefix("charts/") && path.hasSuffix(".svg") { return "svg" }
    return nil
  }

  func run() throws {
    Interruption.install()
    let folder = ReportFolder(URL(fileURLWithPath: resultsDirectory))
    let metricsPath = folder.destination.appendingPathComponent("metrics.json").path
    let bytes = try InputFile.read(metricsPath, what: "metrics file")
    let result: ExperimentResult
    do {
      result = try MetricsCodec.decode(bytes, file: metricsPath)
    } catch {
      Console.error(error.description)
      throw ExitCode(ExitStatus.badInput)
    }
    guard case .report(let files) = ReportFolder.state(of: folder.destination) else {
      if case .foreign(let reason) = ReportFolder.state(of: folder.destination) {
        Console.error("\(resultsDirectory): error: \(reason); normlab re-renders only folders it wrote")
      }
      throw ExitCode(ExitStatus.badInput)
    }
    // Files this render does not regenerate are carried over as they are: only regular files
    // normlab wrote, copied without following links and without loading them into memory.
    let formats = Set(format.split(separator: ",").map(String.init))
    let regenerated: Set<String> = ["metrics.json", "metrics.csv", ReportFolder.markerName]
    let keep = files.filter { path in
      !regenerated.contains(path) && !(Self.format(of: path).map(formats.contains) ?? false)
    }.map { ReportFolder.Entry(path: $0, content: .copy(ofFileAt: folder.destination.appendingPathComponent($0).path)) }
    try ReportWriter.write(result, experiment: nil, to: folder, formats: formats, keep: keep)
    print("wrote \(folder.destination.path)")
  }
}
