import Mustache
import NormlabCairo
import NormlabExperiment
import NormlabPlot

/// One output file of a report, relative to the report folder.
public struct ReportFile: Sendable {
  public var path: String
  public var bytes: [UInt8]
}

public struct ReportError: Error, Sendable, CustomStringConvertible {
  public var message: String
  /// Rendering stopped because the caller asked it to (Ctrl-C), not because it failed.
  public var cancelled = false
  public var description: String { message }

  public init(message: String, cancelled: Bool = false) {
    self.message = message
    self.cancelled = cancelled
  }
}

/// What a report needs besides the result: layout, summary template, date and formats.
public struct ReportSettings: Sendable {
  public var layout: ReportLayout
  public var summaryTemplate: String
  /// ISO 8601 date shown on the title page and written into the PDF metadata; nil when
  /// unknown (no SOURCE_DATE_EPOCH, not in a git repository): the report then shows none.
  public var date: String?
  public var gitCommit: String?
  public var formats: Set<String>
  public var dpi: Double

  public init(
    layout: ReportLayout, summaryTemplate: String, date: String?, gitCommit: String? = nil,
    formats: Set<String> = ["pdf", "html", "png", "svg", "md"], dpi: Double = 150
  ) {
    self.layout = layout
    self.summaryTemplate = summaryTemplate
    self.date = date
    self.gitCommit = gitCommit
    self.formats = formats
    self.dpi = dpi
  }
}

/// Turns a result into report files: one PNG/SVG per chart, the PDF, the HTML page and the
/// Markdown summary.
public enum ReportComposer {
  /// The chart names this report draws: the experiment's list, else the template's, minus
  /// exclusions.
  public static func chartNames(_ result: ExperimentResult, layout: ReportLayout) -> [String] {
    var names = result.report.charts.isEmpty ? layout.charts : result.report.charts
    for section in result.report.sections {
      for chart in section.charts where !names.contains(chart) { names.append(chart) }
    }
    return names.filter { !result.report.exclude.contains($0) }
  }

  /// Charts the experiment asks for by name (`report.charts`, sections) that its results cannot
  /// draw, e.g. a decision boundary when every run diverged: the caller warns about them.
  public static func skippedCharts(_ result: ExperimentResult) -> [String] {
    var requested: [String] = []
    for name in result.report.charts + result.report.sections.flatMap(\.charts)
    where !requested.contains(name) && !result.report.exclude.contains(name) {
      requested.append(name)
    }
    return requested.filter { ChartBuilder.figure(named: $0, result: result) == nil }
  }

  /// `isCancelled` is polled between files and PDF pages; when it turns true the render stops
  /// with a cancelled `ReportError`.
  public static func compose(
    _ result: ExperimentResult, settings: ReportSettings,
    isCancelled: @escaping @Sendable () -> Bool = { false }
  ) throws(ReportError) -> [ReportFile] {
    // Every format shows the prose with its computed values filled in.
    let result = ReportProse.resolved(result)
    let charts = ChartBuilder.charts(
      for: result, names: chartNames(result, layout: settings.layout),
      captions: settings.layout.captions(for: result.report.language))
    // Every file renders independently (PNG encoding dominates), so they render in parallel;
    // each one's bytes depend only on its own input, so the output does not depend on timing.
    var jobs: [RenderJob] = []
    let dpi = settings.dpi
    for chart in charts {
      let figure = chart.figure
      if settings.formats.contains("png") {
        jobs.append(RenderJob(path: "charts/\(chart.name).png") { try CairoRenderer.render(figure, format: .png, dpi: dpi) })
      }
      if settings.formats.contains("svg") {
        jobs.append(RenderJob(path: "charts/\(chart.name).svg") { try CairoRenderer.render(figure, format: .svg) })
      }
    }
    if settings.formats.contains("pdf") {
      // Longest job first, so it overlaps the charts.
      jobs.insert(
        RenderJob(path: "report.pdf") { try PDFReport.render(result, charts: charts, settings: settings, isCancelled: isCancelled) },
        at: 0)
    }
    if settings.formats.contains("html") {
      jobs.insert(RenderJob(path: "report.html") { try HTMLReport.render(result, charts: charts, settings: settings) }, at: min(1, jobs.count))
    }
    var files = try RenderJob.run(jobs, isCancelled: isCancelled)
    if settings.formats.contains("md") {
      files.append(ReportFile(
        path: "summary.md",
        bytes: Array(try Summary.render(result, charts: charts, settings: settings).utf8)))
    }
    return files
  }
}

/// One file of a report or handout and how to draw it.
struct RenderJob: Sendable {
  var path: String
  var render: @Sendable () throws -> [UInt8]

  init(path: String, render: @escaping @Sendable () throws -> [UInt8]) {
    self.path = path
    self.render = render
  }

  /// Draws the files on up to four threads and returns them in the order given; the first
  /// failure is thrown, and nothing new starts once `isCancelled` turns true.
  static func run(_ jobs: [RenderJob], isCancelled: @escaping @Sendable () -> Bool) throws(ReportError) -> [ReportFile] {
    let outputs = WorkerPool.map(count: jobs.count, workers: 4, shouldStart: { !isCancelled() }) { index -> Result<[UInt8], ReportError> in
      do {
        return .success(try jobs[index].render())
      } catch let error as ReportError {
        return .failure(error)
      } catch {
        return .failure(ReportError(message: "rendering \(jobs[index].path) failed: \(error)"))
      }
    }
    if isCancelled() { throw ReportError(message: "rendering was interrupted", cancelled: true) }
    var files: [ReportFile] = []
    for (job, output) in zip(jobs, outputs) {
      switch output {
      case .success(let bytes): files.append(ReportFile(path: job.path, bytes: bytes))
      case .failure(let error): throw error
      case .none: throw ReportError(message: "rendering \(job.path) did not finish")
      }
    }
    return files
  }
}

/// Numbers as reports show them.
enum Format {
  static func number(_ value: Double, digits: Int = 4) -> String {
    TickFormatter.compact(value, significant: digits)
  }

  /// `0.1234 ± 0.0041 [0.1133, 0.1335]`, `97.1 ± 0.4% [96.1, 98.1]`; one seed gives the value
  /// alone; steps to a target give the median and how many seeds reached it.
  static func summary(_ m: MetricSummary?, percent: Bool = false, strings: ReportStrings) -> String {
    guard let m, m.seeds > 0 else { return "—" }
    let scale = percent ? 100.0 : 1.0
    func value(_ x: Double, spread: Bool = false) -> String {
      percent ? TickFormatter.format(x * scale, decimals: 1) : number(x, digits: spread ? 2 : 4)
    }
    if m.method == "bootstrap_median" {
      let reached = strings(.reachedCount, "\(m.reached ?? 0)", "\(m.seeds)")
      guard let median = m.median else { return strings(.notReached, reached) }
      var text = strings(.median, number(median, digits: 6))
      if let ci = m.ci95 { text += " [\(number(ci[0], digits: 6)), \(number(ci[1], digits: 6))]" }
      return text + strings(.inParentheses, reached)
    }
    guard let mean = m.mean else { return "—" }
    var text = value(mean)
    if let std = m.std { text += " ± " + value(std, spread: true) }
    if percent { text += "%" }
    if let ci = m.ci95 { text += " [\(value(ci[0])), \(value(ci[1]))]" }
    return text
  }

  static func meanStd(_ stat: FinalStatistic, percent: Bool = false) -> String {
    guard stat.count > 0 else { return "—" }
    let scale = percent ? 100.0 : 1.0
    let mean = percent ? TickFormatter.format(stat.mean * scale, decimals: 1) : number(stat.mean)
    guard stat.count > 1 else { return mean + (percent ? "%" : "") }
    let std = percent ? TickFormatter.format(stat.std * scale, decimals: 1) : number(stat.std, digits: 2)
    return "\(mean) ± \(std)\(percent ? "%" : "")"
  }
}

/// One row of the headline table: a variant's final metrics over seeds, each with its number of
/// seeds, mean, standard deviation and 95% confidence interval.
struct HeadlineRow {
  var label: String
  var trainLoss: String
  var testLoss: String
  var trainAccuracy: String
  var testAccuracy: String
  var runs: String

  static func rows(_ result: ExperimentResult) -> [HeadlineRow] {
    let strings = result.strings
    return RunGroup.groups(of: result).map { group in
      let finals = group.runs.map(\.final)
      let diverged = finals.filter(\.diverged).count
      let summary = result.summary(of: group.variant, trial: group.trial)
      func cell(_ metric: ExpectMetric, percent: Bool = false) -> String {
        Format.summary(summary?.metrics[metric.description], percent: percent, strings: strings)
      }
      return HeadlineRow(
        label: group.label,
        trainLoss: cell(.trainLoss), testLoss: cell(.testLoss),
        trainAccuracy: cell(.trainAccuracy, percent: true), testAccuracy: cell(.testAccuracy, percent: true),
        runs: diverged > 0 ? strings(.runsWithDiverged, "\(finals.count)", "\(diverged)") : "\(finals.count)")
    }
  }

  /// The table's header.
  static func header(_ strings: ReportStrings) -> [String] {
    [
      strings[.variant], strings[.trainLoss], strings[.testLoss], strings[.trainAccuracyShort],
      strings[.testAccuracyShort], strings[.runs],
    ]
  }

  static let weights = [1.3, 1.5, 1.5, 1.5, 1.5, 0.8]

  /// The row's cells in header order.
  var cells: [String] { [label, trainLoss, testLoss, trainAccuracy, testAccuracy, runs] }
}


/// `summary.md` from the Mustache template.
enum Summary {
  static func render(_ result: ExperimentResult, charts: [ReportChart], settings: ReportSettings)
    throws(ReportError) -> String
  {
    let template: MustacheTemplate
    do {
      template = try MustacheTemplate(string: settings.summaryTemplate)
    } catch {
      throw ReportError(message: "the summary template is invalid: \(error)")
    }
    // Sections take their charts in order; the charts no section claims follow.
    var claimed = Set<String>()
    let byName = Dictionary(charts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let sections = result.report.sections.map { section -> (heading: String, text: String, charts: [ReportChart]) in
      let own = section.charts.compactMap { name -> ReportChart? in
        guard let chart = byName[name], claimed.insert(name).inserted else { return nil }
        return chart
      }
      return (section.heading, section.text, own)
    }
    let rest = charts.filter { !claimed.contains($0.name) }
    let metrics = MetricsTable.make(result)
    let strings = result.strings
    func chartContext(_ chart: ReportChart) -> [String: Any] {
      ["name": chart.name, "file": "charts/\(chart.name).png", "caption": chart.caption]
    }
    let context: [String: Any] = [
      "title": result.title,
      "description": result.description,
      "experiment": result.experiment,

      "version": result.normlabVersion,

      "quick": result.quick,
      "interrupted": result.interrupted,
      "seeds": result.seeds.map(String.init).joined(separator: ", "),
      "command_line": ConfigurationTable.commandLine(result) ?? "",
      "selection_note": SelectionNote.text(result) ?? "",
      "has_selection_note": SelectionNote.text(result) != nil,
      "has_command_line": ConfigurationTable.commandLine(result) != nil,
      "rows": HeadlineRow.rows(result).map { row -> [String: Any] in
        [
          "label": row.label, "train_loss": row.trainLoss, "test_loss": row.testLoss,
          "train_accuracy": row.trainAccuracy, "test_accuracy": row.testAccuracy, "runs": row.runs,
        ]
      },
      "sections": sections.map { section -> [String: Any] in
        ["heading": section.heading, "text": section.text, "charts": section.charts.map(chartContext)]
      },
      "has_sections": !sections.isEmpty,
      "charts": rest.map(chartContext),
      "has_charts": !rest.isEmpty,
      "metrics_header": metrics.header.map { ["cell": $0] },
      "metrics_rule": metrics.header.map { _ in ["cell": "---"] },
      "metrics_rows": metrics.rows.map { row in ["cells": row.map { ["cell": $0] }] },
      // Wall-clock figures, for templates that want them (they differ from run to run).
      "timing_rows": MetricsTable.make(result, timing: true).rows.map { row in ["cells": row.map { ["cell": $0] }] },
      "has_expectations": !result.expectations.isEmpty,
      "expectations": result.expectations.map { e -> [String: Any] in
        var entry: [String: Any] = [
          "clause": e.clause, "passed": e.passed, "mark": strings[e.passed ? .summaryPass : .summaryFail],
        ]
        if let test = e.test { entry["test"] = strings.language == .en ? test.summary : ExpectationText.summary(test, strings: strings) }
        if let message = ExpectationText.message(e, strings: strings) { entry["message"] = message }
        return entry
      },
      "labels": labels(result, strings: strings),
    ]
    // Unknown provenance is left out, not shown empty (an empty string is truthy to Mustache).
    var full = context
    if let date = settings.date { full["date"] = date }
    if let commit = settings.gitCommit { full["commit"] = commit }
    return template.render(full)
  }

  /// The template's fixed texts in the report's language, so one template serves every
  /// language.
  static func labels(_ result: ExperimentResult, strings: ReportStrings) -> [String: String] {
    [
      "quick": strings[.summaryQuick], "interrupted": strings[.summaryInterrupted],
      "variant": strings[.variant], "train_loss": strings[.trainLoss], "test_loss": strings[.testLoss],
      "train_accuracy": strings[.summaryTrainAccuracy], "test_accuracy": strings[.summaryTestAccuracy],
      "runs": strings[.runs],
      "cell_legend": strings(.summaryCellLegend, result.seeds.map(String.init).joined(separator: ", ")),
      "command_line": strings(.commandLineNote, "`" + (ConfigurationTable.commandLine(result) ?? "") + "`"),
      "expectations": strings[.expectations], "clause": strings[.clause], "result": strings[.result],
      "charts": strings[.summaryCharts], "detailed_metrics": strings[.summaryDetailedMetrics],
      "commit": strings[.summaryCommit],
    ]
  }
}
