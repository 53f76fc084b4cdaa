import ArgumentParser
import Foundation
import NormlabExperiment
import NormlabReport

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report", abstract: "Re-render a report from its metrics.json, without training.",
    discussion: """
      With --experiment, the title, description, sections, charts, template, variant labels and
      `expect:` clauses come from that file (its `--set` flags as recorded in the results), so
      prose can be edited without retraining; the file's training settings must match the
      results, or the keys that differ are listed and nothing is written.
      """)

  @Argument(help: "A report folder written by `normlab run`, or the metrics.json in one.")
  var results: String

  @Option(help: "Comma-separated formats to write: pdf, png, svg, md.")
  var format: String = "pdf,png,svg,md"

  @Option(help: "An experiment file whose report section (and expect clauses) to render with.")
  var experiment: String?

  @Option(help: "Write the report to this folder instead of in place (replaced as a whole when it is a report normlab wrote).")
  var out: String?

  @Flag(help: "With --experiment: let a `(confidence ...)` clause with too few seeds to decide pass with a warning.")
  var allowUnderpowered = false

  @Flag(help: "With --experiment: treat warnings about the file (keys without effect) as errors.")
  var strict = false

  static let formats: [String: String] = ["pdf": "report.pdf", "md": "summary.md", "png": "charts/", "svg": "charts/"]

  func validate() throws {
    for f in format.split(separator: ",") where Self.formats[String(f)] == nil {
      throw ValidationError("unknown format `\(f)`; formats are pdf, png, svg, md")
    }
  }

  /// The format a file of a report belongs to, nil for files every render keeps.
  static func format(of path: String) -> String? {
    if path == "report.pdf" { return "pdf" }
    if path == "summary.md" { return "md" }
    if path.hasPrefix("charts/") && path.hasSuffix(".png") { return "png" }
    if path.hasPrefix("charts/") && path.hasSuffix(".svg") { return "svg" }
    return nil
  }

  func run() throws {
    Interruption.install()
    // A folder, or a metrics file whose folder is the report.
    let given = URL(fileURLWithPath: results)
    var isFolder: ObjCBool = false
    let givenIsFolder = FileManager.default.fileExists(atPath: given.path, isDirectory: &isFolder) && isFolder.boolValue
    let source = givenIsFolder ? given : given.deletingLastPathComponent()
    let metricsPath = givenIsFolder ? given.appendingPathComponent("metrics.json").path : given.path
    let bytes = try InputFile.read(metricsPath, what: "metrics file")
    var result: ExperimentResult
    do {
      result = try MetricsCodec.decode(bytes, file: metricsPath)
    } catch {
      Console.error(error.description)
      throw ExitCode(ExitStatus.badInput)
    }
    var experimentFile: ExperimentFile?
    if let experiment {
      let file = try Workspace.loadExperiment(experiment, overrides: result.commandLineOverrides.map(Self.flag), strict: strict)
      let differences = ReportRevision.differences(between: result, and: file)
      guard differences.isEmpty else {
        Console.error(
          "\(experiment): error: the file's training settings differ from the results in \(metricsPath):\n"
            + differences.map { "    - \($0)" }.joined(separator: "\n")
            + "\n    hint: `report --experiment` takes only prose, charts and clauses from the file; run `normlab run \(experiment)` to retrain")
        throw ExitCode(ExitStatus.badInput)
      }
      result = ReportRevision.applying(file, to: result, allowUnderpowered: allowUnderpowered)
      experimentFile = file
    }
    let formats = Set(format.split(separator: ",").map(String.init))
    let inputs = [metricsPath] + (experiment.map { [$0] } ?? [])
    let folder: ReportFolder
    var keep: [ReportFolder.Entry] = []
    if let out {
      // A new folder: the source's resolved configuration comes along unless the file replaces it.
      folder = ReportFolder(URL(fileURLWithPath: out))
      try folder.checkWritable(inputs: inputs)
      let yamlPath = source.appendingPathComponent("experiment.yaml").path
      if experimentFile == nil, InputFile.problem(at: yamlPath, what: "configuration") == nil {
        keep.append(ReportFolder.Entry(path: "experiment.yaml", content: .copy(ofFileAt: yamlPath)))
      }
    } else {
      folder = ReportFolder(source)
      guard case .report(let files) = ReportFolder.state(of: folder.destination) else {
        if case .foreign(let reason) = ReportFolder.state(of: folder.destination) {
          Console.error("\(source.path): error: \(reason); normlab re-renders in place only folders it wrote\n    hint: give --out DIR to write the report elsewhere")
        }
        throw ExitCode(ExitStatus.badInput)
      }
      // Files this render does not regenerate are carried over as they are: only regular files
      // normlab wrote, copied without following links and without loading them into memory.
      var regenerated: Set<String> = ["metrics.json", "metrics.csv", ReportFolder.markerName]
      if experimentFile != nil { regenerated.insert("experiment.yaml") }
      keep = files.filter { path in
        !regenerated.contains(path) && !(Self.format(of: path).map(formats.contains) ?? false)
      }.map { ReportFolder.Entry(path: $0, content: .copy(ofFileAt: folder.destination.appendingPathComponent($0).path)) }
    }
    try ReportWriter.write(result, experiment: experimentFile, to: folder, formats: formats, keep: keep, inputs: out == nil ? [] : inputs)
    print("wrote \(folder.destination.path)")
    if let experimentFile {
      let failed = ExpectationReport.print(result.expectations, file: experimentFile.file)
      if failed { throw ExitCode(ExitStatus.expectationFailed) }
    }
  }

  /// A recorded `--set` flag as the command line gave it, strings quoted for YAML.
  static func flag(_ override: SettingOverride) -> String {
    func yaml(_ value: ConfigValue) -> String {
      switch value {
      case .string(let text): return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
      case .list(let items): return "[" + items.map(yaml).joined(separator: ", ") + "]"
      default: return value.description
      }
    }
    return "\(override.key)=\(yaml(override.value))"
  }
}
