import NormlabMath

/// Report prose as HTML: the Markdown subset the PDF understands (paragraphs, `-`/`*`/`+` and
/// `1.` lists, `**strong**`, `*em*`/`_em_`, `` `code` ``) with `$...$` and `$$...$$` formulas as
/// MathML (docs/math.md). Formulas are split off first, so `x_i` inside one is never read as
/// emphasis; everything else is escaped, so prose can never inject markup.
enum HTMLProse {
  /// Block HTML of `text`: `<p>`, `<ul>`/`<ol>` and display formulas. Prose whose formulas do
  /// not parse (an experiment file `check` would reject) is shown as written.
  static func blocks(_ text: String) -> String {
    guard let prose = try? MathProse(parsing: text) else {
      return markdownBlocks(text.filter { $0 != MathProse.placeholder }, formulas: [])
    }
    var out = ""
    for block in prose.blocks {
      switch block {
      case .display(let node):
        out += "<div class=\"math-display\">" + MathML.render(node, display: true) + "</div>\n"
      case .paragraph(let text, let formulas):
        out += markdownBlocks(text, formulas: formulas.map { MathML.render($0, display: false) })
      }
    }
    return out
  }

  /// Inline HTML of a one-line text (a title): Markdown spans and formulas, display formulas
  /// set inline.
  static func inline(_ text: String) -> String {
    guard let segments = try? MathText.segments(of: text) else { return spans(text) }
    var out = ""
    for segment in segments {
      switch segment {
      case .text(let string): out += spans(string.filter { $0 != MathProse.placeholder })
      case .inline(let source, _), .display(let source, _):
        if let node = try? MathParser.parse(source) {
          out += MathML.render(node, display: false)
        } else {
          out += Markup.escape("$" + source + "$")
        }
      }
    }
    return out
  }

  /// Paragraphs and lists of one run of prose; the i-th U+FFFC becomes `formulas[i]`.
  static func markdownBlocks(_ text: String, formulas: [String]) -> String {
    var out = ""
    var next = 0
    func html(_ markdown: String) -> String {
      var result = ""
      for c in spans(markdown) {
        if c == MathProse.placeholder {
          if next < formulas.count { result += formulas[next] }
          next += 1
        } else {
          result.append(c)
        }
      }
      return result
    }
    var list: (ordered: Bool, start: String, items: [String])?
    func closeList() {
      guard let open = list else { return }
      let tag = open.ordered ? "ol" : "ul"
      let start = open.ordered && open.start != "1" ? " start=\"\(open.start)\"" : ""
      out += "<\(tag)\(start)>" + open.items.map { "<li>" + html($0) + "</li>" }.joined() + "</\(tag)>\n"
      list = nil
    }
    for block in MarkdownConverter.sourceBlocks(text) {
      switch block {
      case .paragraph(let markdown):
        closeList()
        out += "<p>" + html(markdown) + "</p>\n"
      case .item(let marker, let markdown):
        let ordered = marker != "•"
        if let open = list, open.ordered != ordered { closeList() }
        if list == nil { list = (ordered, String(marker.dropLast()), []) }
        list?.items.append(markdown)
      }
    }
    closeList()
    return out
  }

  /// Inline Markdown spans as HTML, by the PDF's rules (`MarkdownSpans`).
  static func spans(_ text: String) -> String { MarkdownSpans.html.convert(text) }
}
