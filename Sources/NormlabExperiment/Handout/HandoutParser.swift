import Foundation
import NormlabMath
import Yams

/// Reads a handout file. What the file alone can say is checked here (keys, types, the
/// language, chart and table names, formulas); `HandoutFile.check(experiments:)` checks what
/// needs the experiments (their names, variants, metrics, figure labels). Both report every
/// problem with its line and column, like experiment files.
public enum HandoutParser {
  public static let maxSections = 50
  public static let keys = ["name", "title", "subtitle", "author", "language", "sections"]
  public static let sectionKeys = ["heading", "text", "experiment", "charts", "tables"]

  /// True when the YAML file is a handout rather than an experiment: its top level has
  /// `sections` (experiments keep theirs under `report`).
  public static func isHandout(bytes: [UInt8]) -> Bool {
    guard bytes.count <= ExperimentParser.maxFileBytes, !bytes.contains(0) else { return false }
    let text = String(decoding: bytes, as: UTF8.self)
    // A top-level key starts a line; no YAML parse is needed (nor trusted) to see it.
    return text.split(separator: "\n").contains { line in
      line.hasPrefix("sections:") || line.hasPrefix("\"sections\":") || line.hasPrefix("'sections':")
    }
  }

  public static func parse(bytes: [UInt8], file: String, defaultName: String) throws(ExperimentError) -> HandoutFile {
    let (handout, problems) = read(bytes: bytes, file: file, defaultName: defaultName)
    guard problems.isEmpty, let handout else {
      throw ExperimentError(problems.isEmpty ? [Diagnostic(file: file, position: nil, message: "could not read the handout")] : problems)
    }
    return handout
  }

  /// The handout as far as it could be read, and every problem found: a handout with problems
  /// can still be checked against its experiments, so one run reports them all.
  public static func read(bytes: [UInt8], file: String, defaultName: String) -> (handout: HandoutFile?, problems: [Diagnostic]) {
    if let (offset, problem) = ExperimentParser.firstNonTextByte(bytes) {
      let before = bytes[..<offset]
      return (nil, [
        Diagnostic(
          file: file, position: SourcePosition(line: before.count(where: { $0 == 0x0A }) + 1, column: 1),
          message: "the file is not YAML text: \(problem) at byte \(offset)")
      ])
    }
    var text = String(decoding: bytes, as: UTF8.self)
    if text.hasPrefix("\u{FEFF}") { text = String(text.dropFirst()) }
    var parser = ExperimentParser(file: file, text: text)
    let handout = parser.handout(text: text, defaultName: defaultName)
    return (handout, parser.diagnostics)
  }
}

extension ExperimentParser {
  mutating func handout(text: String, defaultName: String) -> HandoutFile? {
    guard let mapping = topLevelMapping(
      text, emptyHint: "a handout has `title`, `language` and `sections`; see docs/reports.md", exampleKeys: "`title`, `sections`")
    else { return nil }
    var handout = HandoutFile(
      file: file, name: defaultName, title: "", subtitle: "", author: "", language: .en, sections: [], text: text)
    var seen = Set<String>()
    var prose: [(ProseField, Int?)] = []
    var titleGiven = false
    for (keyNode, value) in mapping {
      guard let key = scalarKey(keyNode) else { continue }
      if !seen.insert(key).inserted {
        error("duplicate key `\(key)`", at: keyNode.mark)
        continue
      }
      switch key {
      case "name":
        if let s = name(value) { handout.name = s }
      case "title", "subtitle", "author":
        guard let s = proseString(value, key: key, limit: ExperimentParser.maxTitleLength) else { continue }
        prose.append((ProseField(text: s, key: key, node: value), nil))
        switch key {
        case "title":
          handout.title = s
          titleGiven = true
        case "subtitle": handout.subtitle = s
        default: handout.author = s
        }
      case "language": handout.language = language(value, key: "language") ?? handout.language
      case "sections":
        guard case .sequence(let items) = value, !items.isEmpty else {
          error("`sections` must be a list of sections, each with a `heading`", at: value.mark,
            hint: "write each section as `- heading: ...` with `text`, and optionally `experiment`, `charts`, `tables`")
          continue
        }
        for item in items {
          if handout.sections.count == HandoutParser.maxSections {
            error("the handout has more than \(HandoutParser.maxSections) sections", at: item.mark)
            break
          }
          if let section = handoutSection(item, index: handout.sections.count, prose: &prose) {
            handout.sections.append(section)
          }
        }
      default:
        error("unknown key `\(key)` in a handout", at: keyNode.mark,
          hint: suggestion(for: key, among: HandoutParser.keys).map { "did you mean `\($0)`?" }
            ?? "handouts have \(HandoutParser.keys.map { "`\($0)`" }.joined(separator: ", "))")
      }
    }
    if !titleGiven { error("a handout needs a `title`", position: SourcePosition(line: 1, column: 1)) }
    if !seen.contains("sections") {
      error("a handout needs `sections`", position: SourcePosition(line: 1, column: 1),
        hint: "each section has a `heading`, `text`, and optionally an `experiment` with its `charts` and `tables`")
    }
    for (field, _) in prose { checkFormulas(field) }
    handout.prose = prose.map { (field: $0.0, section: $0.1) }
    return handout
  }

  /// A string value for prose, at most `limit` characters.
  mutating func proseString(_ node: Node, key: String, limit: Int) -> String? {
    guard let s = string(node, key: key) else { return nil }
    guard s.count <= limit else {
      error("`\(key)` is \(s.count) characters long; at most \(limit) are allowed", at: node.mark)
      return nil
    }
    return s
  }

  mutating func handoutSection(_ item: Node, index: Int, prose: inout [(ProseField, Int?)]) -> HandoutSection? {
    guard case .mapping(let fields) = item else {
      error("each section must be a mapping with `heading` and `text`", at: item.mark)
      return nil
    }
    var section = HandoutSection(heading: "", text: "", experiment: nil, charts: [], tables: [])
    var headingGiven = false
    var listsWithoutExperiment: [(String, Mark?)] = []
    for (fieldNode, value) in fields {
      guard let field = scalarKey(fieldNode) else { continue }
      let key = "sections[\(index)].\(field)"
      switch field {
      case "heading":
        guard let s = proseString(value, key: key, limit: ExperimentParser.maxTitleLength) else { continue }
        section.heading = s
        headingGiven = true
        prose.append((ProseField(text: s, key: key, node: value), index))
      case "text":
        guard let s = proseString(value, key: key, limit: ExperimentParser.maxSectionTextLength) else { continue }
        section.text = s
        prose.append((ProseField(text: s, key: key, node: value), index))
      case "experiment":
        guard let s = string(value, key: key) else { continue }
        guard !s.isEmpty, s.count <= 1000 else {
          error("`\(key)` must be the path of an experiment file", at: value.mark)
          continue
        }
        section.experiment = s
        section.experimentPosition = value.mark.map { SourcePosition(line: $0.line, column: $0.column) }
      case "charts":
        listsWithoutExperiment.append((field, fieldNode.mark))
        section.charts = handoutCharts(value, key: key, section: index, prose: &prose)
      case "tables":
        listsWithoutExperiment.append((field, fieldNode.mark))
        section.tables = handoutTables(value, key: key)
      default:
        error("unknown key `\(field)` in a section", at: fieldNode.mark,
          hint: suggestion(for: field, among: HandoutParser.sectionKeys).map { "did you mean `\($0)`?" }
            ?? "sections have \(HandoutParser.sectionKeys.map { "`\($0)`" }.joined(separator: ", "))")
      }
    }
    if !headingGiven { error("each section needs a `heading`", at: item.mark) }
    if section.experiment == nil {
      for (field, mark) in listsWithoutExperiment {
        error("`\(field)` show an experiment's results, and this section names no `experiment`", at: mark,
          hint: "add `experiment: PATH.yaml` (relative to the handout) to the section")
      }
    }
    return section
  }

  mutating func handoutCharts(_ node: Node, key: String, section: Int, prose: inout [(ProseField, Int?)]) -> [HandoutChart] {
    guard case .sequence(let items) = node else {
      error("`\(key)` must be a list of chart names", at: node.mark, hint: "e.g. `charts: [loss, percentiles]`")
      return []
    }
    var charts: [HandoutChart] = []
    for item in items {
      var nameNode = item
      var caption: String?
      if case .mapping(let fields) = item {
        var named: Node?
        for (fieldNode, value) in fields {
          guard let field = scalarKey(fieldNode) else { continue }
          switch field {
          case "chart": named = value
          case "caption":
            caption = proseString(value, key: "\(key).caption", limit: ExperimentParser.maxDescriptionLength)
            if let caption { prose.append((ProseField(text: caption, key: "\(key).caption", node: value), section)) }
          default:
            error("unknown key `\(field)` in a chart", at: fieldNode.mark, hint: "a chart is a name, or `{ chart: NAME, caption: TEXT }`")
          }
        }
        guard let named else {
          error("a chart written as a mapping needs `chart`", at: item.mark, hint: "`{ chart: loss, caption: ... }`")
          continue
        }
        nameNode = named
      }
      guard let name = string(nameNode, key: key) else { continue }
      guard ChartName.all.contains(name) else {
        error("unknown chart `\(name)`", at: nameNode.mark,
          hint: suggestion(for: name, among: ChartName.all).map { "did you mean `\($0)`?" }
            ?? "charts are \(ChartName.all.joined(separator: ", "))")
        continue
      }
      charts.append(HandoutChart(
        name: name, caption: caption, position: nameNode.mark.map { SourcePosition(line: $0.line, column: $0.column) }))
    }
    return charts
  }

  mutating func handoutTables(_ node: Node, key: String) -> [HandoutTable] {
    let kinds = HandoutTable.Kind.allCases.map(\.rawValue)
    guard case .sequence(let items) = node else {
      error("`\(key)` must be a list of table names", at: node.mark, hint: "tables are \(kinds.joined(separator: ", "))")
      return []
    }
    var tables: [HandoutTable] = []
    for item in items {
      guard let name = string(item, key: key) else { continue }
      guard let kind = HandoutTable.Kind(rawValue: name) else {
        error("unknown table `\(name)`", at: item.mark,
          hint: suggestion(for: name, among: kinds).map { "did you mean `\($0)`?" } ?? "tables are \(kinds.joined(separator: ", "))")
        continue
      }
      tables.append(HandoutTable(kind: kind, position: item.mark.map { SourcePosition(line: $0.line, column: $0.column) }))
    }
    return tables
  }
}

extension HandoutFile {
  /// The problems that need the experiments, keyed by each experiment file as the handout
  /// writes it: experiments of the same name, values naming unknown experiments, variants or
  /// metrics, references to figures and tables the handout does not show, a figure shown twice.
  /// An experiment path missing from `experiments` could not be read (its problem is reported
  /// elsewhere); names and labels that might be its are then not reported as unknown.
  public func check(experiments: [String: ExperimentFile]) -> [Diagnostic] {
    var parser = ExperimentParser(file: file, text: text)
    let complete = experimentPaths.allSatisfy { experiments[$0.path] != nil }
    // Experiments by name; two files of one name could not be told apart in references.
    var byName: [String: ExperimentFile] = [:]
    var pathOfName: [String: String] = [:]
    for (path, position) in experimentPaths {
      guard let experiment = experiments[path] else { continue }
      if let other = pathOfName[experiment.name], other != path {
        parser.error(
          "`\(path)` and `\(other)` are both named `\(experiment.name)`, so values and references could not tell them apart",
          position: position, hint: "give one of them another `name`")
        continue
      }
      pathOfName[experiment.name] = path
      byName[experiment.name] = experiment
    }
    let names = experiments.mapValues(\.name)
    // Figures and tables: each shown once.
    var figures = Set<String>()
    var tables = Set<String>()
    for section in sections {
      guard let path = section.experiment, let name = names[path] else { continue }
      for chart in section.charts {
        let label = HandoutLabel.make(name, chart.name)
        if !figures.insert(label).inserted {
          parser.error("the chart `\(chart.name)` of `\(name)` is already shown in an earlier section", position: chart.position,
            hint: "refer to it with `@fig:\(label)` instead")
        }
      }
      for table in section.tables {
        let label = HandoutLabel.make(name, table.kind.rawValue)
        if !tables.insert(label).inserted {
          parser.error("the table `\(table.kind.rawValue)` of `\(name)` is already shown in an earlier section", position: table.position,
            hint: "refer to it with `@tab:\(label)` instead")
        }
      }
    }
    for section in sections {
      guard let path = section.experiment, let experiment = experiments[path] else { continue }
      for table in section.tables where table.kind == .expectations && experiment.expectations.isEmpty {
        parser.error("the table `expectations` shows `expect:` clauses, and `\(experiment.name)` has none", position: table.position,
          hint: "add `expect:` clauses to \(path), or show its `metrics` or `summary`")
      }
    }
    let known = byName.keys.sorted()
    for (field, sectionIndex) in prose {
      let sectionExperiment = sectionIndex.flatMap { sections[$0].experiment }.flatMap { names[$0] }
      for (range, inside) in InlineValue.occurrences(in: field.text) {
        let position = parser.locate(offset: range.lowerBound, in: field.text, from: field.mark)
        let value = HandoutValue(inside)
        let sectionHasOne = sectionIndex.flatMap { sections[$0].experiment } != nil
        guard let name = value.experiment ?? sectionExperiment else {
          if sectionHasOne { continue }  // its experiment could not be read
          parser.error(
            "in `\(field.key)`: `{{ \(inside) }}` names no experiment, and this text belongs to no section with one",
            position: position,
            hint: "name it before a colon: `{{ \(known.first ?? "EXPERIMENT"): \(inside) }}`")
          continue
        }
        guard let experiment = byName[name] else {
          guard complete else { continue }
          parser.error(
            "in `\(field.key)`: `{{ \(inside) }}` refers to an unknown experiment `\(name)`", position: position,
            hint: suggestion(for: name, among: known).map { "did you mean `\($0)`?" }
              ?? (known.isEmpty ? "name an experiment in a section's `experiment:`" : "the handout's experiments are \(known.joined(separator: ", "))"))
          continue
        }
        parser.checkValue(
          value.source, key: field.key, position: position, variants: experiment.variants, base: experiment.base,
          sweep: experiment.sweep)
      }
      for reference in HandoutReference.occurrences(in: field.text) {
        let labels = (reference.kind == .figure ? figures : tables).sorted()
        guard !labels.contains(reference.label) else { continue }
        let named = reference.label.split(separator: "/").first.map(String.init) ?? ""
        guard complete || byName[named] != nil else { continue }
        let what = reference.kind == .figure ? "figure" : "table"
        parser.error(
          "in `\(field.key)`: `@\(reference.kind.rawValue):\(reference.label)` refers to no \(what) of this handout",
          position: parser.locate(offset: reference.range.lowerBound, in: field.text, from: field.mark),
          hint: suggestion(for: reference.label, among: labels).map { "did you mean `@\(reference.kind.rawValue):\($0)`?" }
            ?? (labels.isEmpty
              ? "a section shows \(what)s with `experiment:` and `\(reference.kind == .figure ? "charts" : "tables"):`"
              : "the \(what)s are \(labels.map { "`\($0)`" }.joined(separator: ", "))"))
      }
    }
    return parser.diagnostics
  }
}
