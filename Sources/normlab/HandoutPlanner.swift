import Foundation
import NormlabExperiment
import NormlabReport

/// One experiment a handout draws on: the file as the handout writes it and as found, parsed.
struct HandoutExperiment {
  /// As the handout writes it (relative to the handout).
  var path: String
  /// Where it is, for reading and for messages.
  var file: String
  var position: SourcePosition?
  var experiment: ExperimentFile
  /// Prepared for training (data loaded), when the handout trains.
  var runs: [PreparedRun] = []
  var work: WorkEstimate?
  /// Read from `--results`, when the handout reuses earlier runs.
  var result: ExperimentResult?
}

/// A handout ready to build: checked, its experiments prepared or their results read, its
/// folder known to be writable.
struct HandoutPlan {
  var file: String
  var handout: HandoutFile
  var experiments: [HandoutExperiment]
  var destination: ReportFolder
  /// The handout, its experiment files and their data: the folder must not hold them.
  var inputs: [String]
}

/// The checks `handout` and `check` share, in the order that fails fastest: the handout parses,
/// its experiment files exist and parse, values and references name what exists, the folder
/// can be written, then the data loads (or the results read), charts can be drawn and the work
/// is within the limits. Nothing is trained.
enum HandoutPlanner {
  static func prepare(
    file: String, options: RunnerOptions, out: String, results: String?, force: Bool, strict: Bool
  ) throws(Failure) -> HandoutPlan {
    let bytes = try InputFile.read(file, what: "handout file")
    let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    // Every problem of the handout is reported in one go: its own, its experiment files' (each
    // printed as its file is read), and those that need the experiments.
    let (parsed, ownProblems) = HandoutParser.read(bytes: bytes, file: file, defaultName: stem)
    var problems = ownProblems
    guard let handout = parsed else {
      report(problems, file: file)
      throw Failure(code: ExitStatus.badInput)
    }
    let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
    var experiments: [HandoutExperiment] = []
    var failed = false
    for (path, position) in handout.experimentPaths {
      let found = path.hasPrefix("/") ? path : folder.appendingPathComponent(path).path
      if let problem = InputFile.problem(at: found, what: "experiment file") {
        problems.append(diagnostic(
          handout, at: position, "`\(path)`: \(problem.message)",
          hint: problem.hint ?? "experiment paths are relative to the handout's folder (\(folder.path))"))
        continue
      }
      do {
        let experiment = try Workspace.loadExperiment(found, overrides: [], strict: strict)
        experiments.append(HandoutExperiment(path: path, file: found, position: position, experiment: experiment))
      } catch {
        failed = true
      }
    }
    problems += handout.check(experiments: Dictionary(experiments.map { ($0.path, $0.experiment) }, uniquingKeysWith: { a, _ in a }))
    if !problems.isEmpty {
      report(problems, file: file)
      throw Failure(code: ExitStatus.badInput)
    }
    if failed { throw Failure(code: ExitStatus.badInput) }

    let destination = ReportFolder(URL(fileURLWithPath: out).appendingPathComponent(FolderName.safe(handout.name)))
    var inputs = [file] + experiments.map(\.file)
    try destination.checkWritable(inputs: inputs)

    if let results {
      for index in experiments.indices {
        do {
          experiments[index].result = try read(experiments[index], results: results, handout: handout, options: options)
        } catch {
          failed = true
        }
      }
      if failed { throw Failure(code: ExitStatus.badInput) }
      inputs += experiments.map { metricsPath(of: $0, in: results) }
    } else {
      for index in experiments.indices {
        let item = experiments[index]
        let reader = ExperimentDataReader(experimentFile: item.file)
        do {
          experiments[index].runs = try ExperimentRunner.prepare(item.experiment, reader: reader, options: options)
        } catch {
          Console.error(error.description)
          failed = true
          continue
        }
        inputs += reader.filesRead
        let shapes = experiments[index].runs.map(\.shape)
        for chart in charts(of: item, in: handout) {
          guard let reason = ChartAvailability.reason(chart.name, experiment: item.experiment, shapes: shapes) else { continue }
          Console.error(diagnostic(
            handout, at: chart.position, "the chart `\(chart.name)` of `\(item.experiment.name)` cannot be drawn: it \(reason)",
            hint: "remove it from the section, or change the experiment so it applies").description)
          failed = true
        }
        let work = WorkEstimate(experiments[index].runs)
        experiments[index].work = work
        if let excess = work.excess, !force {
          Console.error("\(item.file): error: \(excess)\n    hint: use fewer runs, steps or a larger `train.log_every`; --force runs it anyway")
          failed = true
        }
        // Loss surfaces and other analyses are computed for the charts the handout shows.
        for chart in charts(of: item, in: handout) where !experiments[index].experiment.report.charts.contains(chart.name) {
          experiments[index].experiment.report.charts.append(chart.name)
        }
      }
      if failed { throw Failure(code: ExitStatus.badInput) }
      try destination.checkWritable(inputs: inputs)
    }
    return HandoutPlan(file: file, handout: handout, experiments: experiments, destination: destination, inputs: inputs)
  }

  /// The charts the handout shows of one experiment.
  static func charts(of item: HandoutExperiment, in handout: HandoutFile) -> [HandoutChart] {
    handout.sections.filter { $0.experiment == item.path }.flatMap(\.charts)
  }

  static func metricsPath(of item: HandoutExperiment, in results: String) -> String {
    URL(fileURLWithPath: results).appendingPathComponent(FolderName.safe(item.experiment.name))
      .appendingPathComponent("metrics.json").path
  }

  /// The results `run` wrote for one experiment, checked against the experiment file (the same
  /// training settings, data for every chart), with the file's labels and clauses applied.
  static func read(
    _ item: HandoutExperiment, results: String, handout: HandoutFile, options: RunnerOptions
  ) throws(Failure) -> ExperimentResult {
    let path = metricsPath(of: item, in: results)
    let name = item.experiment.name
    if let problem = InputFile.problem(at: path, what: "metrics file") {
      Console.error(diagnostic(
        handout, at: item.position, "no results of `\(name)` in \(results): \(path): \(problem.message)",
        hint: "`normlab run \(item.file) --out \(results)` writes them; or build the handout without --results to train").description)
      throw Failure(code: ExitStatus.badInput)
    }
    let bytes = try InputFile.read(path, what: "metrics file")
    let result: ExperimentResult
    do {
      result = try MetricsCodec.decode(bytes, file: path)
    } catch {
      Console.error(error.description)
      throw Failure(code: ExitStatus.badInput)
    }
    let differences = ReportRevision.differences(between: result, and: item.experiment)
    guard differences.isEmpty else {
      Console.error(
        "\(item.file): error: the file's training settings differ from the results in \(path):\n"
          + differences.map { "    - \($0)" }.joined(separator: "\n")
          + "\n    hint: run `normlab run \(item.file) --out \(results)` again, or build the handout without --results to train")
      throw Failure(code: ExitStatus.badInput)
    }
    let revised = ReportRevision.applying(item.experiment, to: result, allowUnderpowered: options.allowUnderpowered)
    var failed = false
    for chart in charts(of: item, in: handout) where ChartBuilder.figure(named: chart.name, result: revised) == nil {
      Console.error(diagnostic(
        handout, at: chart.position, "the results of `\(name)` in \(path) hold no data for the chart `\(chart.name)`",
        hint: "`run` computes some charts' data only when the experiment's report lists them; build the handout without --results to train").description)
      failed = true
    }
    if failed { throw Failure(code: ExitStatus.badInput) }
    return revised
  }

  static func diagnostic(_ handout: HandoutFile, at position: SourcePosition?, _ message: String, hint: String?) -> Diagnostic {
    Diagnostic(
      file: handout.file, position: position, message: message, hint: hint,
      sourceLine: position.flatMap { handout.line($0.line) })
  }

  /// Prints problems in the order of the file.
  static func report(_ diagnostics: [Diagnostic], file: String) {
    let ordered = diagnostics.enumerated().sorted { a, b in
      let pa = a.element.position.map { ($0.line, $0.column) } ?? (0, 0)
      let pb = b.element.position.map { ($0.line, $0.column) } ?? (0, 0)
      return pa != pb ? pa < pb : a.offset < b.offset
    }
    for (_, diagnostic) in ordered { Console.error(diagnostic.description) }
    let count = diagnostics.count
    Console.error("\(count) error\(count == 1 ? "" : "s") in \(file)")
  }
}
