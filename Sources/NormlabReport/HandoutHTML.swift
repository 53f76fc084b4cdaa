import NormlabCairo
import NormlabExperiment
import NormlabMath
import NormlabPlot

/// A handout as one self-contained HTML page, beside `handout.pdf`: the title block, the
/// contents (links), then the sections with their prose (MathML formulas), numbered figures
/// (interactive SVG, as in `report.html`) and tables; "Figure 3" and "Table 1" in the prose link
/// to what they name. It uses the report page's stylesheet and script, and loads nothing.
enum HandoutHTML {
  static func render(_ document: HandoutDocument) throws -> [UInt8] {
    // Charts are laid out with Pango's measurements, from a throwaway Cairo surface.
    var charts: [Int: HTMLChart] = [:]
    _ = try CairoRenderer.png(size: Size(1, 1), dpi: 72) { backend in
      for figure in document.figures {
        guard let result = document.results[figure.experiment] else { continue }
        var chart = figure.chart
        chart.caption = document.strings(.figureCaption, "\(figure.number)", figure.caption)
        charts[figure.number] = HTMLChart.render(chart, kind: figure.kind, result: result, metrics: backend)
      }
    }
    return Array(page(document, charts: charts).utf8)
  }

  static func page(_ document: HandoutDocument, charts: [Int: HTMLChart]) -> String {
    let strings = document.strings
    let links = references(document)
    var out = "<!DOCTYPE html>\n<html lang=\"\(strings.language.rawValue)\">\n<head>\n<meta charset=\"utf-8\"/>\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
    out += "<meta name=\"color-scheme\" content=\"light dark\"/>\n"
    out += "<meta name=\"generator\" content=\"normlab \(Markup.escape(document.normlabVersion))\"/>\n"
    out += "<title>\(Markup.escape(ReportProse.plain(document.title)))</title>\n"
    out += "<style>\n\(HTMLStyle.source)\(extraStyle)</style>\n</head>\n<body class=\"handout\">\n"
    out += cover(document)
    out += "<nav class=\"toc\" aria-label=\"\(strings[.contents])\"><h2>\(strings[.contents])</h2><ol>"
    out += document.sections.map {
      "<li><a href=\"#section-\($0.number)\">\(HTMLProse.inline($0.heading))</a></li>"
    }.joined()
    out += "</ol></nav>\n<main>\n"
    for section in document.sections {
      out += "<section id=\"section-\(section.number)\">\n"
      out += "<h2><span class=\"number\">\(section.number)</span> \(HTMLProse.inline(section.heading))</h2>\n"
      for block in section.blocks {
        switch block {
        case .text(let text):
          out += link(HTMLProse.blocks(text), links)
        case .figure(let figure):
          guard let chart = charts[figure.number] else { continue }
          out += link(HTMLReport.figure(chart, strings: strings), links)
        case .table(let table):
          out += "<div class=\"handout-table\" id=\"\(tableID(table.number))\">\n"
          out += "<p class=\"table-caption\">\(link(HTMLProse.spans(strings(.tableCaption, "\(table.number)", table.caption)), links))</p>\n"
          out += HTMLReport.table(TableData(header: table.header, rows: table.rows, weights: table.weights))
          out += "</div>\n"
        }
      }
      out += "</section>\n"
    }
    out += "</main>\n<footer>\(Markup.escape(strings(.htmlHandoutFooter, document.normlabVersion)))</footer>\n"
    // CDATA in comments: the page also parses as XML (tests check its structure that way).
    out += "<script>//<![CDATA[\n\(HTMLScript.source)//]]>\n</script>\n</body>\n</html>\n"
    return out
  }

  static func cover(_ document: HandoutDocument) -> String {
    let strings = document.strings
    var out = "<header class=\"cover\">\n<h1>\(HTMLProse.inline(document.title))</h1>\n"
    if !document.subtitle.isEmpty { out += "<p class=\"subtitle\">\(HTMLProse.inline(document.subtitle))</p>\n" }
    if !document.author.isEmpty { out += "<p class=\"author\">\(HTMLProse.inline(document.author))</p>\n" }
    if let date = document.date { out += "<p class=\"note\">\(Markup.escape(strings(.dateLine, date)))</p>\n" }
    out += "<p class=\"note\">\(Markup.escape(strings(.handoutBuiltWith, document.normlabVersion)))</p>\n<ul class=\"note\">"
    for experiment in document.experiments {
      let line = strings(
        .handoutExperiment, "\(experiment.name): \(experiment.title)", "\(experiment.runs)",
        experiment.seeds.map(String.init).joined(separator: ", "))
      out += "<li>\(Markup.escape(line))</li>"
    }
    return out + "</ul>\n</header>\n"
  }

  /// Each figure's and table's reference text ("Figure 3", "图 3") with the id it links to,
  /// longest first so "Figure 12" is linked before "Figure 1" could match inside it.
  static func references(_ document: HandoutDocument) -> [(text: String, id: String)] {
    let strings = document.strings
    var found: [(text: String, id: String)] = []
    for section in document.sections {
      for block in section.blocks {
        switch block {
        case .figure(let figure):
          found.append((Markup.escape(strings(.figureReference, "\(figure.number)")), "chart-\(HTMLChart.idPrefix(figure.chart.name))"))
        case .table(let table):
          found.append((Markup.escape(strings(.tableReference, "\(table.number)")), tableID(table.number)))
        case .text:
          break
        }
      }
    }
    return found.sorted { $0.text.count > $1.text.count }
  }

  static func tableID(_ number: Int) -> String { "table-\(number)" }

  /// `html` with every reference text outside a tag (and not followed by a letter or digit)
  /// made a link to what it names.
  static func link(_ html: String, _ references: [(text: String, id: String)]) -> String {
    guard !references.isEmpty else { return html }
    var out = ""
    var rest = Substring(html)
    var inTag = false
    var inLink = false
    while let c = rest.first {
      if inTag {
        out.append(c)
        rest = rest.dropFirst()
        if c == ">" { inTag = false }
        continue
      }
      if c == "<" {
        if rest.hasPrefix("<a ") { inLink = true } else if rest.hasPrefix("</a>") { inLink = false }
        inTag = true
        out.append(c)
        rest = rest.dropFirst()
        continue
      }
      if !inLink, let match = references.first(where: { rest.hasPrefix($0.text) }) {
        let after = rest.dropFirst(match.text.count)
        // "Figure 1b" (a paper's figure) is not "Figure 1".
        let next = after.first
        if next?.isLetter != true && next?.isNumber != true {
          out += "<a class=\"ref\" href=\"#\(match.id)\">\(match.text)</a>"
          rest = after
          continue
        }
      }
      out.append(c)
      rest = rest.dropFirst()
    }
    return out
  }

  /// What a handout adds to the report's stylesheet.
  static let extraStyle = """
    .subtitle { font-size: 1.2rem; color: var(--muted); margin: 0 0 0.8rem; }
    .author { margin: 0.2rem 0; }
    .cover ul.note { margin: 0.2rem 0 0; padding-left: 1.2rem; }
    .toc ol { columns: 1; }
    h2 .number { color: var(--muted); margin-right: 0.4rem; }
    .table-caption { font-size: 0.9rem; color: var(--muted); font-style: italic; margin: 1.2rem 0 0.2rem; }
    a.ref { text-decoration: none; border-bottom: 1px dotted var(--accent); }
    @media print { .handout-table { break-inside: avoid; } a.ref { border: 0; } }

    """
}
