import Yams

/// `report`: template, chart lists and narrative sections, bounded in length.
extension ExperimentParser {
  mutating func parseReport(_ node: Node, prose: inout [ProseField]) -> ReportOptions {
    var report = ReportOptions()
    guard case .mapping(let mapping) = node else {
      error("`report` must be a mapping", at: node.mark)
      return report
    }
    func chartList(_ value: Node, key: String) -> [String] {
      guard case .sequence(let items) = value else {
        error("`report.\(key)` must be a list of chart names", at: value.mark)
        return []
      }
      var names: [String] = []
      for item in items {
        guard let name = string(item, key: key) else { continue }
        if ChartName.all.contains(name) {
          names.append(name)
          // Where the chart was first asked for, for problems found once the data is known.
          if positions[ChartName.positionKey(name)] == nil, let mark = item.mark {
            positions[ChartName.positionKey(name)] = SourcePosition(line: mark.line, column: mark.column)
          }
        } else {
          error("unknown chart `\(name)`", at: item.mark,
            hint: suggestion(for: name, among: ChartName.all).map { "did you mean `\($0)`?" }
              ?? "charts are \(ChartName.all.joined(separator: ", "))")
        }
      }
      return names
    }
    for (keyNode, value) in mapping {
      guard let key = scalarKey(keyNode) else { continue }
      if let mark = value.mark {
        positions["report.\(key)"] = SourcePosition(line: mark.line, column: mark.column)
      }
      switch key {
      case "template": report.template = string(value, key: "report.template") ?? report.template
      case "band":
        if let v = typed(value, type: .choice(BandMode.allCases.map(\.rawValue)), key: "report.band"), let mode = BandMode(rawValue: v.description) {
          report.band = mode
        }
      case "language": report.language = language(value, key: "report.language") ?? report.language
      case "charts": report.charts = chartList(value, key: "charts")
      case "exclude": report.exclude = chartList(value, key: "exclude")
      case "sections":
        guard case .sequence(let items) = value else {
          error("`report.sections` must be a list", at: value.mark)
          continue
        }
        for item in items {
          guard case .mapping(let fields) = item else {
            error("each section must be a mapping with `heading` and `text`", at: item.mark)
            continue
          }
          if report.sections.count == ExperimentParser.maxSections {
            error("`report.sections` has more than \(ExperimentParser.maxSections) sections", at: item.mark)
            break
          }
          var section = ReportSection(heading: "", text: "", charts: [])
          for (fieldNode, fieldValue) in fields {
            guard let field = scalarKey(fieldNode) else { continue }
            switch field {
            case "heading":
              section.heading = string(fieldValue, key: "heading") ?? ""
              prose.append(ProseField(text: section.heading, key: "report.sections.heading", node: fieldValue))
              if section.heading.count > ExperimentParser.maxTitleLength {
                error("a section `heading` is \(section.heading.count) characters long; at most \(ExperimentParser.maxTitleLength) are allowed", at: fieldValue.mark)
                section.heading = ""
              }
            case "text":
              section.text = string(fieldValue, key: "text") ?? ""
              prose.append(ProseField(text: section.text, key: "report.sections.text", node: fieldValue))
              if section.text.count > ExperimentParser.maxSectionTextLength {
                error("a section `text` is \(section.text.count) characters long; at most \(ExperimentParser.maxSectionTextLength) are allowed", at: fieldValue.mark)
                section.text = ""
              }
            case "charts": section.charts = chartList(fieldValue, key: "sections.charts")
            default:
              error("unknown key `\(field)` in a report section", at: fieldNode.mark,
                hint: suggestion(for: field, among: ["heading", "text", "charts"]).map { "did you mean `\($0)`?" })
            }
          }
          report.sections.append(section)
        }
      default:
        error("unknown key `report.\(key)`", at: keyNode.mark,
          hint: suggestion(for: key, among: ["template", "band", "language", "charts", "exclude", "sections"]).map { "did you mean `\($0)`?" })
      }
    }
    return report
  }

  /// A report language (`en` or `zh`), for experiment files and handouts alike.
  mutating func language(_ node: Node, key: String) -> ReportLanguage? {
    guard let text = string(node, key: key) else { return nil }
    if let language = ReportLanguage(rawValue: text) { return language }
    error(
      "`\(key)` must be one of \(ReportLanguage.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(text)\"",
      at: node.mark, hint: ReportLanguage.hint)
    return nil
  }
}
