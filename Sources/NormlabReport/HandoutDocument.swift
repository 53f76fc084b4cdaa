import NormlabExperiment
import NormlabPlot

/// A handout as a document any renderer can walk: sections of blocks, every figure and table
/// numbered in reading order, every `{{ ... }}` value and `@fig:`/`@tab:` reference filled in.
/// It knows nothing of Cairo; `HandoutPDF` lays it out on pages.
public struct HandoutDocument: Sendable {
  /// Prose (values filled in; `$math$` and Markdown kept for the renderer).
  public var title: String
  public var subtitle: String
  public var author: String
  public var language: ReportLanguage
  /// ISO 8601, from SOURCE_DATE_EPOCH or the source commit; nil shows none.
  public var date: String?
  public var normlabVersion: String
  /// The experiments the handout draws on, in order of first use.
  public var experiments: [Experiment]
  public var sections: [Section]
  /// Charts a section asks for that the results cannot draw (e.g. every run diverged), as
  /// `EXPERIMENT/CHART`: the caller warns about them.
  public var skippedFigures: [String] = []
  /// The results behind the figures, by experiment name (the HTML page's tooltips read them).
  public var results: [String: ExperimentResult] = [:]

  public var strings: ReportStrings { ReportStrings(language) }

  public struct Experiment: Sendable {
    public var name: String
    public var title: String
    public var runs: Int
    public var seeds: [UInt64]
  }

  public struct Section: Sendable {
    /// 1-based.
    public var number: Int
    public var heading: String
    public var blocks: [Block]
  }

  public enum Block: Sendable {
    /// Markdown prose with formulas, as `ReportProse.blocks` reads it.
    case text(String)
    case figure(HandoutFigure)
    case table(HandoutTableBlock)
  }

  /// All figures in reading order.
  public var figures: [HandoutFigure] {
    sections.flatMap { $0.blocks }.compactMap { block in
      if case .figure(let figure) = block { return figure }
      return nil
    }
  }
}

/// A numbered figure: one chart of one experiment.
public struct HandoutFigure: Sendable {
  public var number: Int
  /// `EXPERIMENT/CHART`, as `@fig:` refers to it.
  public var label: String
  /// The experiment's name.
  public var experiment: String
  /// The chart's name in `report.charts` (`loss`, `contours`, …).
  public var kind: String
  /// The chart; its name is the file name of its images (`charts/NAME.png`).
  public var chart: ReportChart
  /// Without the number ("Figure 3: " is the renderer's).
  public var caption: String
}

/// A numbered table of one experiment.
public struct HandoutTableBlock: Sendable {
  public var number: Int
  /// `EXPERIMENT/TABLE`, as `@tab:` refers to it.
  public var label: String
  public var caption: String
  public var header: [String]
  public var rows: [[String]]
  public var weights: [Double]?
}

extension HandoutDocument {
  /// Builds the document from the handout and its experiments' results, keyed by the
  /// experiment paths as the handout writes them.
  public init(
    _ handout: HandoutFile, results: [String: ExperimentResult], date: String?, normlabVersion: String
  ) {
    let language = handout.language
    let strings = ReportStrings(language)
    // Each result speaks the handout's language and has its own prose resolved (chart titles
    // show the experiment's title).
    var byPath: [String: ExperimentResult] = [:]
    for (path, result) in results {
      var resolved = ReportProse.resolved(result)
      resolved.report.language = language
      byPath[path] = resolved
    }
    var byName: [String: ExperimentResult] = [:]
    var experiments: [Experiment] = []
    for (path, _) in handout.experimentPaths {
      guard let result = byPath[path], byName[result.experiment] == nil else { continue }
      byName[result.experiment] = result
      experiments.append(Experiment(
        name: result.experiment, title: ReportProse.plain(result.title), runs: result.runs.count, seeds: result.seeds))
    }
    // Figures and tables, numbered in reading order; a chart the results cannot draw gets no
    // number (a reference to it reads "Figure ?").
    var figureNumbers: [String: Int] = [:]
    var tableNumbers: [String: Int] = [:]
    var planned: [[Block]] = []
    var skipped: [String] = []
    for section in handout.sections {
      var blocks: [Block] = []
      if let path = section.experiment, let result = byPath[path] {
        let name = result.experiment
        for chart in section.charts {
          let label = HandoutLabel.make(name, chart.name)
          guard figureNumbers[label] == nil else { continue }
          guard let figure = ChartBuilder.figure(named: chart.name, result: result) else {
            skipped.append(label)
            continue
          }
          let number = figureNumbers.count + 1
          figureNumbers[label] = number
          blocks.append(.figure(HandoutFigure(
            number: number, label: label, experiment: name, kind: chart.name,
            chart: ReportChart(name: Self.fileStem(name, chart.name), figure: figure, caption: ""),
            caption: chart.caption ?? ChartCaptions.caption(chart.name, result: result))))
        }
        for table in section.tables {
          let label = HandoutLabel.make(name, table.kind.rawValue)
          guard tableNumbers[label] == nil else { continue }
          let number = tableNumbers.count + 1
          tableNumbers[label] = number
          blocks.append(.table(Self.table(table.kind, of: result, number: number, label: label, strings: strings)))
        }
      }
      planned.append(blocks)
    }
    // Prose, with values and references filled in.
    func resolve(_ text: String, section: HandoutSection?) -> String {
      let own = section?.experiment.flatMap { byPath[$0]?.experiment }
      return HandoutProse.resolve(
        text, results: byName, sectionExperiment: own, figures: figureNumbers, tables: tableNumbers, strings: strings)
    }
    var sections: [Section] = []
    for (index, section) in handout.sections.enumerated() {
      var blocks: [Block] = []
      let text = resolve(section.text, section: section)
      if !text.isEmpty { blocks.append(.text(text)) }
      for block in planned[index] {
        if case .figure(var figure) = block {
          figure.caption = resolve(figure.caption, section: section)
          blocks.append(.figure(figure))
        } else {
          blocks.append(block)
        }
      }
      sections.append(Section(number: index + 1, heading: resolve(section.heading, section: section), blocks: blocks))
    }
    self.init(
      title: resolve(handout.title, section: nil), subtitle: resolve(handout.subtitle, section: nil),
      author: resolve(handout.author, section: nil), language: language, date: date, normlabVersion: normlabVersion,
      experiments: experiments, sections: sections, skippedFigures: skipped)
    self.results = byName
  }

  /// A file name for a figure's images: the experiment's name and the chart's, with anything
  /// but letters, digits, `-` and `_` replaced.
  static func fileStem(_ experiment: String, _ chart: String) -> String {
    let safe = String(experiment.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    return "\(safe.isEmpty ? "experiment" : String(safe.prefix(100)))-\(chart)"
  }

  static func table(
    _ kind: HandoutTable.Kind, of result: ExperimentResult, number: Int, label: String, strings: ReportStrings
  ) -> HandoutTableBlock {
    let title = ReportProse.plain(result.title)
    let data: TableData
    let caption: String
    switch kind {
    case .metrics:
      data = MetricsTable.make(result)
      caption = strings(.metricsTableCaption, title)
    case .summary:
      data = PDFReport.headlineTable(result)
      caption = strings(.summaryTableCaption, title)
    case .expectations:
      data = PDFReport.expectationsTable(result)
      caption = strings(.expectationsTableCaption, title)
    }
    return HandoutTableBlock(
      number: number, label: label, caption: caption, header: data.header, rows: data.rows, weights: data.weights)
  }
}

/// Handout prose from the file to the document: `@fig:`/`@tab:` references become "Figure 3"
/// (图 3), and `{{ EXPERIMENT: ... }}` values the numbers that experiment's tables show.
enum HandoutProse {
  static func resolve(
    _ text: String, results: [String: ExperimentResult], sectionExperiment: String?, figures: [String: Int],
    tables: [String: Int], strings: ReportStrings
  ) -> String {
    var characters = Array(text)
    for reference in HandoutReference.occurrences(in: text).reversed() {
      let number = (reference.kind == .figure ? figures : tables)[reference.label]
      let shown = strings(
        reference.kind == .figure ? .figureReference : .tableReference, number.map(String.init) ?? strings[.missingNumber])
      characters.replaceSubrange(reference.range, with: Array(shown))
    }
    let referenced = String(characters)
    characters = Array(referenced)
    // The checks before training made every value readable; one that still is not (a result
    // edited by hand) is shown as written.
    for (range, inside) in InlineValue.occurrences(in: referenced).reversed() {
      let value = HandoutValue(inside)
      guard let name = value.experiment ?? sectionExperiment, let result = results[name],
        let parsed = try? InlineValue(parsing: value.source)
      else { continue }
      characters.replaceSubrange(range, with: Array(ReportProse.render(parsed, in: result)))
    }
    return String(characters)
  }
}
