import Foundation
import NormlabExperiment
import NormlabReport

/// Renders a result and writes the whole report folder atomically.
enum ReportWriter {
  /// `keep` are files of the previous report carried over unchanged (those the chosen formats do
  /// not regenerate); `inputs` are files the folder must not hold or replace.
  static func write(
    _ result: ExperimentResult, experiment: ExperimentFile?, to folder: ReportFolder,
    formats: Set<String> = ["pdf", "html", "png", "svg", "md"], keep: [ReportFolder.Entry] = [],
    inputs: [String] = []
  ) throws(Failure) {
    let settings = try Workspace.reportSettings(for: result, formats: formats)
    for chart in ReportComposer.skippedCharts(result) {
      Console.warning("\(folder.destination.path): warning: the chart `\(chart)` is not drawn: the results hold no data for it (did its runs diverge?)")
    }
    var entries: [ReportFolder.Entry] = []
    let started = Interruption.count
    do {
      entries = try ReportComposer.compose(result, settings: settings, isCancelled: { Interruption.count > started })
        .map { ReportFolder.Entry(path: $0.path, content: .bytes($0.bytes)) }
      entries.append(ReportFolder.Entry(path: "metrics.json", content: .bytes(try MetricsCodec.json(result))))
    } catch let error as ReportError where error.cancelled {
      Console.error("\(folder.destination.path): interrupted while rendering; the previous report is unchanged")
      throw Failure(code: ExitStatus.internalFailure)
    } catch {
      Console.error("error: \(error)")
      throw Failure(code: ExitStatus.internalFailure)
    }
    entries.append(ReportFolder.Entry(path: "metrics.csv", content: .bytes(MetricsCodec.csv(result))))
    if let experiment {
      entries.append(ReportFolder.Entry(path: "experiment.yaml", content: .bytes(MetricsCodec.resolvedYAML(experiment))))
    }
    let written = Set(entries.map(\.path))
    entries += keep.filter { !written.contains($0.path) }
    try folder.write(entries, inputs: inputs)
  }
}
