import Foundation
import NormlabExperiment
import NormlabMath

/// Text with inline formulas: Pango markup (or plain text) carrying one U+FFFC per formula.
struct RichText: Sendable, Equatable {
  var text: String
  var math: [MathNode]
}

/// One block of report prose as a page sets it.
enum ProseBlock: Sendable, Equatable {
  case paragraph(RichText)
  case item(marker: String, RichText)
  case display(MathNode)
}

/// Report prose from the experiment file to the page: computed values (`{{ ... }}`) replaced
/// by the numbers the tables show, formulas parsed, and the Markdown around them converted.
/// Formulas are taken out before Markdown runs, so `x_i` in a formula is never emphasis.
enum ReportProse {
  /// `text` with every `{{ ... }}` replaced by its value in `result`. The parser has checked
  /// every value, so one that still cannot be read (a hand-edited metrics.json) is shown as
  /// written rather than failing the report.
  static func substituted(_ text: String, in result: ExperimentResult) -> String {
    let found = InlineValue.occurrences(in: text)
    guard !found.isEmpty else { return text }
    let characters = Array(text)
    var out = ""
    var last = 0
    for (range, source) in found {
      out += String(characters[last..<range.lowerBound])
      if let value = try? InlineValue(parsing: source) {
        out += render(value, in: result)
      } else {
        out += String(characters[range])
      }
      last = range.upperBound
    }
    out += String(characters[last...])
    return out
  }

  /// A value as text in the report's language: a target never reached and a value that cannot
  /// be computed are words.
  static func render(_ value: InlineValue, in result: ExperimentResult) -> String {
    let number = value.evaluate(in: result)
    if number.isNaN { return result.strings[.valueNotAvailable] }
    if !number.isFinite { return result.strings[.valueNotReached] }
    return value.render(in: result)
  }

  /// The experiment's title, description and sections with their computed values filled in:
  /// what every output format shows.
  static func resolved(_ result: ExperimentResult) -> ExperimentResult {
    var copy = result
    copy.title = substituted(result.title, in: result)
    copy.description = substituted(result.description, in: result)
    copy.report.sections = result.report.sections.map { section in
      var section = section
      section.heading = substituted(section.heading, in: result)
      section.text = substituted(section.text, in: result)
      return section
    }
    return copy
  }

  /// Paragraphs, list items and display formulas of `prose` (values already substituted), the
  /// text in Pango markup. Prose whose formulas cannot be read (only possible in a template's
  /// text, which the experiment parser did not see) is set as plain Markdown.
  static func blocks(_ prose: String) -> [ProseBlock] {
    guard let segments = try? MathText.segments(of: prose) else {
      return MarkdownConverter.blocks(prose).map { convert($0, formulas: []) }
    }
    var blocks: [ProseBlock] = []
    var chunk = ""
    var formulas: [MathNode] = []
    func flush() {
      var remaining = formulas[...]
      for block in MarkdownConverter.blocks(chunk) {
        let count = placeholders(in: block)
        blocks.append(convert(block, formulas: Array(remaining.prefix(count))))
        remaining = remaining.dropFirst(count)
      }
      chunk = ""
      formulas = []
    }
    for segment in segments {
      switch segment {
      case .text(let text):
        chunk += text.filter { $0 != MathProse.placeholder }
      case .inline(let source, _):
        if let node = try? MathParser.parse(source) {
          chunk.append(MathProse.placeholder)
          formulas.append(node)
        } else {
          chunk += "$" + source + "$"
        }
      case .display(let source, _):
        flush()
        if let node = try? MathParser.parse(source) {
          blocks.append(.display(node))
        } else {
          blocks += MarkdownConverter.blocks("$$" + source + "$$").map { convert($0, formulas: []) }
        }
      }
    }
    flush()
    return blocks
  }

  /// One line of prose (a title, heading or caption): formulas inline, no Markdown. Display
  /// formulas are set inline too. With `markup`, the text is escaped for Pango markup.
  static func line(_ prose: String, markup: Bool = false) -> RichText {
    guard let segments = try? MathText.segments(of: prose) else {
      return RichText(text: markup ? Markup.escape(prose) : prose, math: [])
    }
    var text = ""
    var math: [MathNode] = []
    for segment in segments {
      switch segment {
      case .text(let string):
        let clean = string.filter { $0 != MathProse.placeholder }
        text += markup ? Markup.escape(clean) : clean
      case .inline(let source, _), .display(let source, _):
        if let node = try? MathParser.parse(source) {
          text.append(MathProse.placeholder)
          math.append(node)
        } else {
          text += "$" + source + "$"
        }
      }
    }
    return RichText(text: text, math: math)
  }

  /// Prose for places that cannot set formulas (the running page header, PDF metadata, chart
  /// titles): the dollar signs dropped and `\$` shown as `$`.
  static func plain(_ prose: String) -> String {
    guard let segments = try? MathText.segments(of: prose) else { return prose }
    return segments.map { segment -> String in
      switch segment {
      case .text(let text): return text
      case .inline(let source, _), .display(let source, _):
        return (try? MathParser.parse(source))?.plainText.trimmingCharacters(in: .whitespaces) ?? source
      }
    }.joined()
  }

  static func placeholders(in block: MarkdownBlock) -> Int {
    switch block {
    case .paragraph(let text), .item(_, let text): return text.filter { $0 == MathProse.placeholder }.count
    }
  }

  static func convert(_ block: MarkdownBlock, formulas: [MathNode]) -> ProseBlock {
    switch block {
    case .paragraph(let text): return .paragraph(RichText(text: text, math: formulas))
    case .item(let marker, let text): return .item(marker: marker, RichText(text: text, math: formulas))
    }
  }
}
