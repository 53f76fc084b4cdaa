import Yams

/// A report layout from `templates/NAME/layout.yaml`: page size, the charts in order, and the
/// caption of each chart (what to look at).
public struct ReportLayout: Sendable, Hashable {
  public var name: String
  /// Page size in points; A4 portrait by default.
  public var pageWidth: Double = 595.28
  public var pageHeight: Double = 841.89
  public var charts: [String] = ["loss", "accuracy"]
  public var captions: [String: String] = [:]
  /// Captions for reports in other languages (`translations: { zh: { captions: ... } }`); a
  /// chart without one keeps its caption from `captions`, as the template gives it.
  public var translatedCaptions: [ReportLanguage: [String: String]] = [:]

  public init(name: String) { self.name = name }

  /// The captions a report in `language` uses.
  public func captions(for language: ReportLanguage) -> [String: String] {
    captions.merging(translatedCaptions[language] ?? [:]) { _, translated in translated }
  }

  /// Parses a layout file; errors carry the file, line and column like experiment files.
  public static func parse(text: String, file: String, name: String) throws(ExperimentError)
    -> ReportLayout
  {
    var layout = ReportLayout(name: name)
    var problems: [Diagnostic] = []
    func problem(_ message: String, _ mark: Mark?) {
      problems.append(
        Diagnostic(
          file: file, position: mark.map { SourcePosition(line: $0.line, column: $0.column) },
          message: message))
    }
    func captions(_ value: Node, key: String) -> [String: String] {
      guard case .mapping(let captions) = value else {
        problem("`\(key)` must map chart names to text", value.mark)
        return [:]
      }
      var out: [String: String] = [:]
      for (k, v) in captions {
        guard let name = k.string, ChartName.all.contains(name) else {
          problem("unknown chart `\(k.string ?? "")` in \(key)", k.mark)
          continue
        }
        out[name] = v.string ?? ""
      }
      return out
    }
    let root: Node?
    do { root = try Yams.compose(yaml: text) } catch {
      throw ExperimentError([Diagnostic(file: file, position: nil, message: "invalid YAML: \(error)")])
    }
    guard case .mapping(let mapping)? = root else {
      throw ExperimentError([Diagnostic(file: file, position: nil, message: "a layout must be a mapping")])
    }
    for (keyNode, value) in mapping {
      let key = keyNode.string ?? ""
      switch key {
      case "page":
        guard case .mapping(let page) = value else {
          problem("`page` must be a mapping with `width` and `height` in points", value.mark)
          continue
        }
        for (k, v) in page {
          guard let number = v.float, number >= 100, number <= 5000 else {
            problem("`page.\(k.string ?? "")` must be a number of points between 100 and 5000", v.mark)
            continue
          }
          if k.string == "width" { layout.pageWidth = number } else if k.string == "height" {
            layout.pageHeight = number
          } else {
            problem("unknown key `page.\(k.string ?? "")`", k.mark)
          }
        }
      case "charts":
        guard case .sequence(let items) = value else {
          problem("`charts` must be a list of chart names", value.mark)
          continue
        }
        layout.charts = []
        for item in items {
          guard let name = item.string, ChartName.all.contains(name) else {
            problem("unknown chart `\(item.string ?? "")`; charts are \(ChartName.all.joined(separator: ", "))", item.mark)
            continue
          }
          layout.charts.append(name)
        }
      case "captions":
        layout.captions = captions(value, key: "captions")
      case "translations":
        guard case .mapping(let languages) = value else {
          problem("`translations` must map languages (\(ReportLanguage.allCases.map(\.rawValue).joined(separator: ", "))) to `captions`", value.mark)
          continue
        }
        for (languageNode, entry) in languages {
          guard let code = languageNode.string, let language = ReportLanguage(rawValue: code) else {
            problem("unknown language `\(languageNode.string ?? "")` in translations; \(ReportLanguage.hint)", languageNode.mark)
            continue
          }
          guard case .mapping(let fields) = entry else {
            problem("`translations.\(code)` must be a mapping with `captions`", entry.mark)
            continue
          }
          for (field, captionsNode) in fields {
            guard field.string == "captions" else {
              problem("unknown key `translations.\(code).\(field.string ?? "")`; a translation has `captions`", field.mark)
              continue
            }
            layout.translatedCaptions[language] = captions(captionsNode, key: "translations.\(code).captions")
          }
        }
      default:
        problem("unknown key `\(key)`; layouts have page, charts, captions, translations", keyNode.mark)
      }
    }
    if !problems.isEmpty { throw ExperimentError(problems) }
    return layout
  }
}
