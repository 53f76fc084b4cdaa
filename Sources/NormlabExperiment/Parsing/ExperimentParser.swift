import Foundation
import Yams

/// Reads an experiment file into an `ExperimentFile`, reporting every problem at once with its
/// line and column. Yams composes the node tree (its decoder has no positions and ignores
/// unknown keys); this walker checks each key against `Schema` and writes it into the typed
/// settings tree. The steps live in the files beside this one: text checks and YAML errors,
/// node reading, sections, seeds, variants, sweeps, report, expectations, `--set`, cross-key
/// rules and the warnings about keys without effect.
public struct ExperimentParser {
  /// Refuse inputs whose node tree (aliases expanded) is larger than this: a file that expands
  /// to millions of nodes is a mistake or an attack (billion laughs).
  public static let maxNodes = 200_000
  public static let maxFileBytes = 4 << 20
  /// Lengths of the texts a report lays out; longer ones are mistakes and would only slow the
  /// layout down.
  public static let maxTitleLength = 300
  public static let maxLabelLength = 100
  public static let maxDescriptionLength = 10_000
  public static let maxSectionTextLength = 50_000
  public static let maxSections = 50

  let file: String
  let lines: [String]
  var diagnostics: [Diagnostic] = []
  var positions: [String: SourcePosition] = [:]
  var visitedNodes = 0

  init(file: String, text: String) {
    self.file = file
    lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      String($0.hasSuffix("\r") ? $0.dropLast() : $0)
    }
  }

  /// Parses and validates the raw bytes of a file: text that is not UTF-8 or holds NUL bytes
  /// is refused with the position of the first offending byte.
  public static func parse(
    bytes: [UInt8], file: String, defaultName: String, overrides: [String] = []
  ) throws(ExperimentError) -> ExperimentFile {
    if let (offset, problem) = firstNonTextByte(bytes) {
      let before = bytes[..<offset]
      let line = before.count(where: { $0 == 0x0A }) + 1
      let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
      let column = (String(validating: bytes[lineStart..<offset], as: UTF8.self)?.count ?? (offset - lineStart)) + 1
      throw ExperimentError([
        Diagnostic(
          file: file, position: SourcePosition(line: line, column: column),
          message: "the file is not YAML text: \(problem) at byte \(offset)",
          hint: "experiment files are UTF-8 text; is this a data file?")
      ])
    }
    return try parse(text: String(decoding: bytes, as: UTF8.self), file: file, defaultName: defaultName, overrides: overrides)
  }

  /// Parses and validates `text`. `overrides` are `--set KEY=VALUE` flags applied to the base and
  /// every variant, validated the same way; `defaultName` is used when the file sets no `name`.
  public static func parse(
    text: String, file: String, defaultName: String, overrides: [String] = []
  ) throws(ExperimentError) -> ExperimentFile {
    // A UTF-8 byte-order mark (as some Windows editors write) is not part of the text.
    let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    var parser = ExperimentParser(file: file, text: text)
    let result = parser.run(text: text, defaultName: defaultName, overrides: overrides)
    if !parser.diagnostics.isEmpty || result == nil {
      throw ExperimentError(parser.diagnostics.isEmpty
        ? [Diagnostic(file: file, position: nil, message: "could not read the experiment")]
        : parser.diagnostics)
    }
    guard let result else { throw ExperimentError([]) }
    return result
  }

  // MARK: Errors

  mutating func error(_ message: String, at mark: Mark?, hint: String? = nil) {
    error(message, position: mark.map { SourcePosition(line: $0.line, column: $0.column) }, hint: hint)
  }

  mutating func error(_ message: String, position: SourcePosition?, hint: String? = nil) {
    diagnostics.append(diagnostic(message, position: position, hint: hint))
  }

  func diagnostic(_ message: String, position: SourcePosition?, hint: String? = nil, severity: Diagnostic.Severity = .error) -> Diagnostic {
    Diagnostic(
      file: file, position: position, message: message, hint: hint,
      sourceLine: position.flatMap { $0.line - 1 < lines.count && $0.line >= 1 ? lines[$0.line - 1] : nil },
      severity: severity)
  }

  // MARK: Top level

  /// The document's top-level mapping, after the checks every input gets: size, NUL bytes,
  /// alias bombs, YAML syntax; nil (with the problem recorded) when there is none.
  mutating func topLevelMapping(
    _ text: String, emptyHint: String, exampleKeys: String = "`name`, `data`, `model`"
  ) -> Node.Mapping? {
    // Problems of the whole file point at its start.
    let start = SourcePosition(line: 1, column: 1)
    if text.utf8.count > ExperimentParser.maxFileBytes {
      error("the file is \(text.utf8.count / 1024) KiB; experiment files are limited to \(ExperimentParser.maxFileBytes >> 20) MiB", position: start,
        hint: "an experiment file describes runs; data belongs in a CSV or IDX file named by `data.path`")
      return nil
    }
    if text.contains("\u{0}") {
      error("the file contains NUL bytes; it does not look like YAML text", position: start)
      return nil
    }
    if let (message, position) = AliasGuard.problem(in: text) {
      error(message, position: position, hint: "anchors (&name) and aliases (*name) may share values, not keys")
      return nil
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let yamlError as YamlError {
      reportYAMLError(yamlError, text: text)
      return nil
    } catch {
      self.error("could not parse YAML: \(error)", position: start)
      return nil
    }
    if let root, let (count, position) = AliasGuard.expansion(of: root, limit: ExperimentParser.maxNodes) {
      error("YAML aliases expand the document to more than \(ExperimentParser.maxNodes) nodes (\(count) so far)", position: position ?? start,
        hint: "anchors (&name) and aliases (*name) may share settings, but not multiply them")
      return nil
    }
    guard let root else {
      self.error("the file is empty", position: start, hint: emptyHint)
      return nil
    }
    guard case .mapping(let mapping) = root else {
      self.error("the top level must be a mapping of keys such as \(exampleKeys)", at: root.mark)
      return nil
    }
    return mapping
  }

  mutating func run(text: String, defaultName: String, overrides: [String]) -> ExperimentFile? {
    guard let mapping = topLevelMapping(text, emptyHint: "run `normlab new quickstart NAME` for a starter file") else {
      return nil
    }

    var baseValues: [String: ConfigValue] = [:]
    var name = defaultName
    var title: String?
    var description = ""
    var seeds: [UInt64] = [1, 2, 3]
    var variants: [VariantSpec] = []
    var sweep: SweepSpec?
    var report = ReportOptions()
    var expectationNodes: [(String, Mark?)] = []
    var prose: [ProseField] = []
    var seen = Set<String>()

    for (keyNode, value) in mapping {
      guard let key = scalarKey(keyNode) else { continue }
      if !seen.insert(key).inserted {
        error("duplicate key `\(key)`", at: keyNode.mark)
        continue
      }
      switch key {
      case "name":
        if let s = self.name(value) { name = s }
      case "title":
        title = string(value, key: "title")
        if let title { prose.append(ProseField(text: title, key: "title", node: value)) }
        if let t = title, t.count > ExperimentParser.maxTitleLength {
          error("`title` is \(t.count) characters long; at most \(ExperimentParser.maxTitleLength) are allowed", at: value.mark,
            hint: "put longer text in `description`")
          title = nil
        }
      case "description":
        description = string(value, key: "description") ?? ""
        prose.append(ProseField(text: description, key: "description", node: value))
        if description.count > ExperimentParser.maxDescriptionLength {
          error("`description` is \(description.count) characters long; at most \(ExperimentParser.maxDescriptionLength) are allowed", at: value.mark,
            hint: "put longer text in `report.sections`")
          description = ""
        }
      case "seeds": seeds = parseSeeds(value) ?? seeds
      case "data", "model", "train":
        walkSection(value, prefix: key, into: &baseValues, positionPrefix: "")
      case "variants": variants = parseVariants(value)
      case "sweep":
        if let mark = value.mark { positions["sweep"] = SourcePosition(line: mark.line, column: mark.column) }
        sweep = parseSweep(value)
      case "report": report = parseReport(value, prose: &prose)
      case "expect":
        guard case .sequence(let list) = value else {
          error("`expect` must be a list of clauses", at: value.mark,
            hint: "write each clause on its own line starting with `- `")
          continue
        }
        for item in list {
          if let s = string(item, key: "expect") { expectationNodes.append((s, item.mark)) }
        }
      default:
        let known = Schema.topLevel.map(\.key)
        let guess = suggestion(for: key, among: known)
        error("unknown key `\(key)`", at: keyNode.mark,
          hint: guess.map { "did you mean `\($0)`?" } ?? "top-level keys are \(known.joined(separator: ", "))")
      }
    }

    let fileValues = baseValues
    var commandLine: [SettingOverride] = []
    for flag in overrides {
      if let override = applyOverride(flag, base: &baseValues, variants: &variants) { commandLine.append(override) }
    }

    if variants.isEmpty {
      var only = VariantSpec(name: "base", label: "base", color: nil, overrides: [:])
      for override in commandLine { only.overrides[override.key] = override.value }
      variants = [only]
    }
    var base = ExperimentSettings()
    Schema.apply(baseValues, to: &base)
    checkCrossKeyRules(base: base, variants: variants)
    let expectations = parseExpectations(expectationNodes, variants: variants, base: base, sweep: sweep)
    checkProse(prose, variants: variants, base: base, sweep: sweep)
    let runCount = variants.reduce(0) { total, variant in
      let (sum, overflow) = total.addingReportingOverflow(
        ExperimentFile.runCount(variants: 1, sweep: variant.sweep ?? sweep, seeds: seeds.count))
      return overflow ? Int.max : sum
    }
    if runCount > ExperimentFile.maxRuns {
      error(
        "the experiment plans \(runCount == Int.max ? "more than \(Int.max)" : String(runCount)) runs (variants × sweep trials × seeds); at most \(ExperimentFile.maxRuns) are supported",
        position: nil, hint: "use fewer seeds, variants or sweep values")
      return nil
    }

    var experiment = ExperimentFile(
      file: file, name: name, title: title ?? name, description: description, seeds: seeds,
      base: base, variants: variants, sweep: sweep, report: report, expectations: expectations,
      positions: positions, lines: lines)
    experiment.commandLineOverrides = commandLine
    experiment.warnings = keysWithoutEffect(experiment, fileValues: fileValues)
    return experiment
  }
}
