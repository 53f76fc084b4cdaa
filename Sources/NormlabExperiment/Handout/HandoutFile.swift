import Foundation

/// A course handout: one document built from several experiments with prose around them.
/// Parsed and checked here (positions of every problem, before any training); laid out by
/// NormlabReport.
public struct HandoutFile: Sendable {
  public var file: String
  /// The output folder's name; default the file name without `.yaml`.
  public var name: String
  public var title: String
  public var subtitle: String
  public var author: String
  public var language: ReportLanguage
  public var sections: [HandoutSection]

  /// The prose fields with where they start and the section they belong to, for positions of
  /// problems found once the experiments are known.
  var prose: [(field: ExperimentParser.ProseField, section: Int?)] = []
  var text: String

  /// Line `number` (from 1) of the file, for the caret under a problem.
  public func line(_ number: Int) -> String? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return number >= 1 && number <= lines.count ? String(lines[number - 1]) : nil
  }

  /// The experiment files the handout names, as written (relative to the handout), in order of
  /// first use, with where each is first named.
  public var experimentPaths: [(path: String, position: SourcePosition?)] {
    var seen = Set<String>()
    var out: [(String, SourcePosition?)] = []
    for section in sections {
      guard let path = section.experiment, seen.insert(path).inserted else { continue }
      out.append((path, section.experimentPosition))
    }
    return out
  }

  /// `Figure` numbers in order of appearance: label (`EXPERIMENT/CHART`) → number.
  public func figureNumbers(names: [String: String]) -> [String: Int] {
    var numbers: [String: Int] = [:]
    for section in sections {
      guard let path = section.experiment, let name = names[path] else { continue }
      for chart in section.charts where numbers[HandoutLabel.make(name, chart.name)] == nil {
        numbers[HandoutLabel.make(name, chart.name)] = numbers.count + 1
      }
    }
    return numbers
  }

  /// `Table` numbers in order of appearance: label (`EXPERIMENT/TABLE`) → number.
  public func tableNumbers(names: [String: String]) -> [String: Int] {
    var numbers: [String: Int] = [:]
    for section in sections {
      guard let path = section.experiment, let name = names[path] else { continue }
      for table in section.tables where numbers[HandoutLabel.make(name, table.kind.rawValue)] == nil {
        numbers[HandoutLabel.make(name, table.kind.rawValue)] = numbers.count + 1
      }
    }
    return numbers
  }
}

/// One section: a heading, Markdown text, and optionally figures and tables of one experiment.
public struct HandoutSection: Sendable {
  public var heading: String
  public var text: String
  /// The experiment file, as written (relative to the handout).
  public var experiment: String?
  public var experimentPosition: SourcePosition?
  public var charts: [HandoutChart]
  public var tables: [HandoutTable]
}

/// A chart of the section's experiment shown as a numbered figure.
public struct HandoutChart: Sendable {
  public var name: String
  /// The handout's own caption; nil takes normlab's caption for the chart.
  public var caption: String?
  public var position: SourcePosition?
}

/// A table of the section's experiment.
public struct HandoutTable: Sendable {
  public enum Kind: String, Sendable, CaseIterable {
    /// Final metrics, mean ± std with 95% confidence intervals, steps, best epoch.
    case metrics
    /// Final train/test loss and accuracy, mean ± std over seeds (the report's headline table).
    case summary
    /// The `expect:` clauses and how they came out.
    case expectations
  }

  public var kind: Kind
  public var position: SourcePosition?
}

/// Labels of figures and tables: `EXPERIMENT/CHART`, referred to as `@fig:EXPERIMENT/CHART`
/// and `@tab:EXPERIMENT/TABLE`.
public enum HandoutLabel {
  public static func make(_ experiment: String, _ item: String) -> String { "\(experiment)/\(item)" }
}

/// A cross-reference in handout prose: `@fig:bn-vs-nobn/loss` or `@tab:bn-vs-nobn/metrics`.
public struct HandoutReference: Sendable, Hashable {
  public enum Kind: String, Sendable { case figure = "fig", table = "tab" }
  public var kind: Kind
  public var label: String
  /// Characters of the reference in its text.
  public var range: Range<Int>

  /// Every reference in `text`. A label runs over letters, digits, `-`, `_`, `/` and inner
  /// dots, so a sentence may end right after it.
  public static func occurrences(in text: String) -> [HandoutReference] {
    let characters = Array(text)
    var found: [HandoutReference] = []
    var index = 0
    func isLabel(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "_" || c == "/" }
    while index + 5 <= characters.count {
      guard characters[index] == "@", characters[index + 4] == ":",
        let kind = Kind(rawValue: String(characters[(index + 1)..<(index + 4)]))
      else {
        index += 1
        continue
      }
      var end = index + 5
      while end < characters.count,
        isLabel(characters[end]) || (characters[end] == "." && end + 1 < characters.count && isLabel(characters[end + 1]))
      {
        end += 1
      }
      found.append(HandoutReference(kind: kind, label: String(characters[(index + 5)..<end]), range: index..<end))
      index = max(end, index + 1)
    }
    return found
  }
}

/// A value in handout prose: `{{ bn-vs-nobn: bn.test_accuracy | percent }}` names its
/// experiment before a colon; without one it reads the section's experiment.
public struct HandoutValue: Sendable {
  /// The experiment's name as written, or nil.
  public var experiment: String?
  /// The value itself, as `InlineValue` reads it.
  public var source: String
  /// Characters of the value's source from the start of the `{{ ... }}` text.
  public var offset: Int

  /// Splits the inside of `{{ ... }}`: a colon before any `|` ends the experiment's name.
  public init(_ inside: String) {
    let head = inside.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    if let colon = head.firstIndex(of: ":") {
      let name = head[..<colon].trimmingCharacters(in: .whitespaces)
      experiment = name
      let rest = inside[inside.index(after: colon)...]
      source = rest.trimmingCharacters(in: .whitespaces)
      offset = inside.distance(from: inside.startIndex, to: colon) + 1
        + rest.prefix(while: { $0 == " " }).count
    } else {
      experiment = nil
      source = inside
      offset = 0
    }
  }
}
