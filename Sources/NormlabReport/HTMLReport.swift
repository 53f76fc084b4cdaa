import NormlabCairo
import NormlabExperiment
import NormlabMath
import NormlabPlot

/// `report.html`: the PDF's content as one self-contained page (inline CSS, script, SVG
/// charts and MathML; no URL of any kind, so it opens offline and makes no request): the title
/// block, final metrics and expectations, the configuration, the narrative sections with their
/// charts, the other charts, and the detailed metrics. Tables come from the same builders as
/// the PDF's (`HeadlineRow`, `ConfigurationTable`, `MetricsTable`, `ClassScoresTable`), charts
/// from the same figures and layout. The bytes depend only on the result and settings.
enum HTMLReport {
  static func render(_ result: ExperimentResult, charts: [ReportChart], settings: ReportSettings) throws -> [UInt8] {
    // Charts are laid out with Pango's measurements, from a throwaway Cairo surface.
    var rendered: [HTMLChart] = []
    _ = try CairoRenderer.png(size: Size(1, 1), dpi: 72) { backend in
      rendered = charts.map { HTMLChart.render($0, result: result, metrics: backend) }
    }
    return Array(page(result, charts: rendered, settings: settings).utf8)
  }

  static func page(_ result: ExperimentResult, charts: [HTMLChart], settings: ReportSettings) -> String {
    let strings = result.strings
    var parts: [(id: String, title: String, html: String)] = []
    parts.append(("final-metrics", strings[.finalMetricsOverSeeds], finalMetrics(result)))
    if !result.expectations.isEmpty { parts.append(("expectations", strings[.expectations], expectations(result))) }
    parts.append(("configuration", strings[.configuration], configuration(result)))
    var byName: [String: HTMLChart] = [:]
    for chart in charts where byName[chart.name] == nil { byName[chart.name] = chart }
    var shown = Set<String>()
    for (index, section) in result.report.sections.enumerated() {
      // Computed values are already in the text: the composer resolves them for every format.
      var html = HTMLProse.blocks(section.text)
      for name in section.charts {
        guard let chart = byName[name], shown.insert(name).inserted else { continue }
        html += figure(chart, strings: strings)
      }
      parts.append(("section-\(index + 1)", section.heading, html))
    }
    let rest = charts.filter { !shown.contains($0.name) }
    if !rest.isEmpty {
      parts.append(("charts", strings[result.report.sections.isEmpty ? .htmlCharts : .moreCharts], rest.map { figure($0, strings: strings) }.joined()))
    }
    parts.append(("metrics", strings[.metrics], metrics(result)))

    var out = "<!DOCTYPE html>\n<html lang=\"\(strings.language.rawValue)\">\n<head>\n<meta charset=\"utf-8\"/>\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
    out += "<meta name=\"color-scheme\" content=\"light dark\"/>\n"
    out += "<meta name=\"generator\" content=\"normlab \(Markup.escape(result.normlabVersion))\"/>\n"
    out += "<title>\(Markup.escape(ReportProse.plain(result.title)))</title>\n<style>\n\(HTMLStyle.source)</style>\n</head>\n<body>\n"
    out += cover(result, settings: settings)
    out += "<nav class=\"toc\" aria-label=\"\(strings[.contents])\"><h2>\(strings[.contents])</h2><ol>"
    out += parts.map { "<li><a href=\"#\($0.id)\">\(HTMLProse.inline($0.title))</a></li>" }.joined()
    out += "</ol></nav>\n<main>\n"
    for (index, part) in parts.enumerated() {
      // The title block's summary shares its page in print; the rest start new pages.
      let kind = index < 2 && part.id != "configuration" ? "" : " class=\"part\""
      out += "<section id=\"\(part.id)\"\(kind)>\n<h2>\(HTMLProse.inline(part.title))</h2>\n\(part.html)</section>\n"
    }
    out += "</main>\n<footer>\(strings(.htmlFooter, Markup.escape(result.normlabVersion), "<code>metrics.json</code>"))</footer>\n"
    // CDATA in comments: the page also parses as XML (tests check its structure that way).
    out += "<script>//<![CDATA[\n\(HTMLScript.source)//]]>\n</script>\n</body>\n</html>\n"
    return out
  }

  static func cover(_ result: ExperimentResult, settings: ReportSettings) -> String {
    let strings = result.strings
    var out = "<header class=\"cover\">\n<p class=\"eyebrow\">\(strings[.htmlEyebrow])</p>\n"
    out += "<h1>\(HTMLProse.inline(result.title))</h1>\n"
    if !result.description.isEmpty {
      out += "<div class=\"description\">\(HTMLProse.blocks(result.description))</div>\n"
    }
    var facts: [(String, String)] = [(strings[.htmlExperiment], "<code>\(Markup.escape(result.experiment))</code>")]
    if let date = settings.date { facts.append((strings[.htmlDate], Markup.escape(date))) }
    var version = Markup.escape(result.normlabVersion)
    if let commit = settings.gitCommit { version += strings(.commitSuffix, "<code>\(Markup.escape(commit))</code>") }
    facts.append(("normlab", version))
    facts.append((strings[.htmlSeeds], Markup.escape(result.seeds.map(String.init).joined(separator: ", "))))
    facts.append((strings[.htmlRuns], "\(result.runs.count)"))
    out += "<dl class=\"facts\">"
    out += facts.map { "<div><dt>\($0.0)</dt><dd>\($0.1)</dd></div>" }.joined()
    out += "</dl>\n"
    if result.quick {
      out += "<p class=\"banner quick\">\(Markup.escape(strings[.quickNote]))</p>\n"
    }
    if result.interrupted {
      out += "<p class=\"banner interrupted\">\(Markup.escape(strings[.interruptedNote]))</p>\n"
    }
    return out + "</header>\n"
  }

  static func finalMetrics(_ result: ExperimentResult) -> String {
    let rows = HeadlineRow.rows(result).map {
      [$0.label, $0.trainLoss, $0.testLoss, $0.trainAccuracy, $0.testAccuracy, $0.runs]
    }
    let strings = result.strings
    var out = table(TableData(header: HeadlineRow.header(strings), rows: rows, weights: HeadlineRow.weights))
    out += "<p class=\"note\">\(Markup.escape(strings(.eachCell, strings[.headlineLegend])))</p>\n"
    return out
  }

  static func expectations(_ result: ExperimentResult) -> String {
    let strings = result.strings
    let passed = result.expectations.filter(\.passed).count
    let total = result.expectations.count
    let tally = strings(total == 1 ? .htmlTallyOne : .htmlTallyMany, "\(passed)", "\(total)")
    var out = "<p class=\"tally\">\(Markup.escape(tally + (passed == total ? strings[.htmlTallyPass] : strings[.htmlTallyFail])))</p>\n"
    out += "<div class=\"table-wrap\"><table class=\"data expectations\"><thead><tr><th scope=\"col\">\(strings[.clause])</th>"
    out += "<th scope=\"col\">\(strings[.result])</th></tr></thead><tbody>"
    for expectation in result.expectations {
      let verdict = expectation.passed ? "pass" : "fail"
      out += "<tr><td><code>\(Markup.escape(expectation.clause))</code></td>"
      out += "<td class=\"verdict \(verdict)\">\(Markup.escape(ExpectationText.verdict(expectation, strings: strings)))</td></tr>"
    }
    return out + "</tbody></table></div>\n"
  }

  static func configuration(_ result: ExperimentResult) -> String {
    let strings = result.strings
    var out = "<p class=\"note\">\(Markup.escape(strings[.configurationNote]))</p>\n"
    if let flags = ConfigurationTable.commandLine(result) {
      out += "<p class=\"note\">\(strings(.commandLineNote, "<code>\(Markup.escape(flags))</code>"))</p>\n"
    }
    for config in ConfigurationTable.make(result) {
      out += config.header.count == 2 ? settingsList(config) : table(config, keyColumn: true)
    }
    return out
  }

  /// A key–value table (the settings every variant shares) as a list that flows into as many
  /// columns as the page is wide: a long table otherwise fills screens with one narrow column.
  static func settingsList(_ data: TableData) -> String {
    var out = "<h3 class=\"settings-head\">\(Markup.escape(data.header.first ?? ""))</h3>\n<dl class=\"settings\">"
    for row in data.rows where row.count >= 2 {
      out += "<div><dt><code>\(Markup.escape(row[0]))</code></dt><dd>\(Markup.escape(row[1]))</dd></div>"
    }
    return out + "</dl>\n"
  }

  static func metrics(_ result: ExperimentResult) -> String {
    var out = "<p class=\"note\">\(Markup.escape(result.strings[.metricsNote]))</p>\n"
    if let note = SelectionNote.text(result) { out += "<p class=\"note\">\(HTMLProse.spans(note))</p>\n" }
    out += table(MetricsTable.make(result))
    for scores in ClassScoresTable.make(result) { out += table(scores) }
    return out
  }

  /// A table with its column widths from the PDF's weights.
  static func table(_ data: TableData, keyColumn: Bool = false) -> String {
    var out = "<div class=\"table-wrap\"><table class=\"data\">"
    if let weights = data.weights, weights.count == data.header.count {
      let total = weights.reduce(0, +)
      if total > 0 {
        out += "<colgroup>"
        out += weights.map { "<col style=\"width:\(SVGMarkup.number(100 * $0 / total, decimals: 1))%\"/>" }.joined()
        out += "</colgroup>"
      }
    }
    out += "<thead><tr>" + data.header.map { "<th scope=\"col\">\(Markup.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
    for row in data.rows {
      out += "<tr>"
      for (index, cell) in row.enumerated() {
        out += index == 0 && keyColumn ? "<td class=\"key\">\(Markup.escape(cell))</td>" : "<td>\(Markup.escape(cell))</td>"
      }
      out += "</tr>"
    }
    return out + "</tbody></table></div>\n"
  }

  static func figure(_ chart: HTMLChart, strings: ReportStrings) -> String {
    let id = HTMLChart.idPrefix(chart.name)
    // As wide as the PDF sets it, in CSS pixels at 1.8 per point (wide grids fill the column).
    let width = chart.views.first.map { SVGMarkup.number($0.size.width * 1.8, decimals: 0) } ?? "900"
    var out = "<figure class=\"chart\" id=\"chart-\(id)\" data-chart=\"\(Markup.escape(chart.name))\""
    out += " style=\"max-width:\(width)px\">\n"
    if chart.views.count > 1 {
      out += "<div class=\"chart-tools\" hidden=\"\"><span>\(strings[.htmlYScale])</span>"
      for (index, view) in chart.views.enumerated() {
        let scale = view.scale ?? "view \(index + 1)"
        out += "<button type=\"button\" data-view=\"\(index)\" aria-pressed=\"\(index == 0)\">\(Markup.escape(scale))</button>"
      }
      out += "</div>\n"
    }
    out += "<div class=\"chart-card\">\n"
    for view in chart.views {
      out += view.svg + "\n"
    }
    out += "</div>\n<figcaption>\(HTMLProse.blocks(chart.caption))</figcaption>\n"
    if let data = chart.data {
      out += "<script type=\"application/json\" class=\"chart-data\">\(data.text)</script>\n"
    }
    return out + "</figure>\n"
  }
}
