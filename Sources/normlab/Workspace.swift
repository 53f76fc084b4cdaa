import Foundation
import NormlabExperiment
import NormlabReport

/// Reading experiments and report settings, shared by the commands.
enum Workspace {
  /// Parses and validates one experiment file; prints every diagnostic and fails with exit 2.
  /// Warnings (keys without effect) are printed too; `strict` makes them errors.
  static func loadExperiment(_ path: String, overrides: [String], strict: Bool = false) throws(Failure) -> ExperimentFile {
    let bytes = try InputFile.read(path, what: "experiment file")
    let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    let experiment: ExperimentFile
    do {
      experiment = try ExperimentParser.parse(bytes: bytes, file: path, defaultName: stem, overrides: overrides)
    } catch {
      Console.error(error.description)
      let count = error.diagnostics.count
      Console.error("\(count) error\(count == 1 ? "" : "s") in \(path)")
      throw Failure(code: ExitStatus.badInput)
    }
    for warning in experiment.warnings {
      var shown = warning
      if strict { shown.severity = .error }
      Console.warning(shown.description)
    }
    if strict && !experiment.warnings.isEmpty {
      let count = experiment.warnings.count
      Console.error("\(count) error\(count == 1 ? "" : "s") in \(path) (warnings are errors with --strict)")
      throw Failure(code: ExitStatus.badInput)
    }
    return experiment
  }

  /// The layout and summary template named by the result's `report.template`.
  static func reportSettings(for result: ExperimentResult, formats: Set<String>) throws(Failure) -> ReportSettings {
    let (layout, summary) = try TemplateLibrary.current().report(result.report.template)
    return ReportSettings(
      layout: layout, summaryTemplate: summary, date: result.date, gitCommit: result.commit,
      formats: formats)
  }
}
