import CYaml
import Foundation
import Yams

/// Reads an experiment file into an `ExperimentFile`, reporting every problem at once with its
/// line and column. Yams composes the node tree (its decoder has no positions and ignores
/// unknown keys); this walker checks each key against `Schema`.
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

  /// The offset of the first NUL or invalid UTF-8 byte, and what is wrong with it.
  static func firstNonTextByte(_ bytes: [UInt8]) -> (Int, String)? {
    if let nul = bytes.firstIndex(of: 0) {
      // Only a NUL before any invalid sequence counts; find the earliest problem of both.
      if let invalid = firstInvalidUTF8(bytes[..<nul]) { return (invalid, "invalid UTF-8") }
      return (nul, "a NUL byte")
    }
    return firstInvalidUTF8(bytes[...]).map { ($0, "invalid UTF-8") }
  }

  static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = bytes.startIndex
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): offset += UTF8.width(scalar)
      case .emptyInput: return nil
      case .error: return offset
      }
    }
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
    diagnostics.append(
      Diagnostic(
        file: file, position: position, message: message, hint: hint,
        sourceLine: position.flatMap { $0.line - 1 < lines.count && $0.line >= 1 ? lines[$0.line - 1] : nil }))
  }

  // MARK: Top level

  mutating func run(text: String, defaultName: String, overrides: [String]) -> ExperimentFile? {
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
    if let (count, mark) = AliasGuard.expandedSize(of: text, limit: ExperimentParser.maxNodes) {
      error("YAML aliases expand the document to more than \(ExperimentParser.maxNodes) nodes (\(count) so far)", position: mark,
        hint: "anchors (&name) and aliases (*name) may share settings, but not multiply them")
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
    guard let root else {
      self.error("the file is empty", position: start, hint: "run `normlab new quickstart NAME` for a starter file")
      return nil
    }
    guard case .mapping(let mapping) = root else {
      self.error("the top level must be a mapping of keys such as `name`, `data`, `model`", at: root.mark)
      return nil
    }

    var base = Schema.defaults
    var name = defaultName
    var title: String?
    var description = ""
    var seeds: [UInt64] = [1, 2, 3]
    var variants: [VariantSpec] = []
    var sweep: SweepSpec?
    var report = ReportOptions()
    var expectationNodes: [(String, Mark?)] = []
    var seen = Set<String>()

    for (keyNode, value) in mapping {
      guard let key = scalarKey(keyNode) else { continue }
      if !seen.insert(key).inserted {
        error("duplicate key `\(key)`", at: keyNode.mark)
        continue
      }
      switch key {
      case "name":
        if let s = string(value, key: "name") {
          if s.isEmpty || s.count > 100 {
            error("`name` must be 1 to 100 characters", at: value.mark)
          } else {
            name = s
          }
        }
      case "title":
        title = string(value, key: "title")
        if let t = title, t.count > ExperimentParser.maxTitleLength {
          error("`title` is \(t.count) characters long; at most \(ExperimentParser.maxTitleLength) are allowed", at: value.mark,
            hint: "put longer text in `description`")
          title = nil
        }
      case "description":
        description = string(value, key: "description") ?? ""
        if description.count > ExperimentParser.maxDescriptionLength {
          error("`description` is \(description.count) characters long; at most \(ExperimentParser.maxDescriptionLength) are allowed", at: value.mark,
            hint: "put longer text in `report.sections`")
          description = ""
        }
      case "seeds": seeds = parseSeeds(value) ?? seeds
      case "data", "model", "train":
        walkSection(value, prefix: key, into: &base, positionPrefix: "")
      case "variants": variants = parseVariants(value)
      case "sweep": sweep = parseSweep(value)
      case "report": report = parseReport(value)
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

    for flag in overrides { applyOverride(flag, base: &base, variants: &variants) }

    if variants.isEmpty {
      variants = [VariantSpec(name: "base", label: "base", color: nil, overrides: [:])]
    }
    checkCrossKeyRules(base: base, variants: variants)
    let expectations = parseExpectations(expectationNodes, variants: variants)
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

    return ExperimentFile(
      file: file, name: name, title: title ?? name, description: description, seeds: seeds,
      base: base, variants: variants, sweep: sweep, report: report, expectations: expectations,
      positions: positions, lines: lines)
  }

  mutating func reportYAMLError(_ yamlError: YamlError, text: String) {
    switch yamlError {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var message = "invalid YAML: \(problem)"
      if let context { message += " (\(context.text))" }
      let lineText = mark.line >= 1 && mark.line <= lines.count ? lines[mark.line - 1] : ""
      let indentedWithTab = lineText.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t")
      error(message, at: mark, hint: indentedWithTab
        ? "this line is indented with tabs; YAML indentation must use spaces"
        : "check indentation and that every `key:` has a space after the colon")
    case .reader(let problem, let offset, _, _):
      let prefix = text.utf8.prefix(max(offset ?? 0, 0))
      let line = prefix.count(where: { $0 == 0x0A }) + 1
      error("cannot read the file as YAML text: \(problem)", position: SourcePosition(line: line, column: 1))
    case .duplicatedKeysInMapping(let duplicates, let context):
      let mark = context.mark
      error("duplicate key `\(duplicates.first ?? "")`", position: SourcePosition(line: max(mark.line, 1), column: max(mark.column, 1)),
        hint: "each key may appear once in a mapping")
    default:
      error("invalid YAML: \(yamlError)", position: SourcePosition(line: 1, column: 1))
    }
  }

  // MARK: Scalars

  mutating func count(_ node: Node) -> Bool {
    visitedNodes += 1
    if visitedNodes > ExperimentParser.maxNodes {
      if visitedNodes == ExperimentParser.maxNodes + 1 {
        error("the document expands to more than \(ExperimentParser.maxNodes) nodes", at: node.mark,
          hint: "are YAML aliases (*name) expanding recursively?")
      }
      return false
    }
    return true
  }

  mutating func scalarKey(_ node: Node) -> String? {
    guard case .scalar(let scalar) = node else {
      error("keys must be plain names", at: node.mark)
      return nil
    }
    return scalar.string
  }

  mutating func string(_ node: Node, key: String) -> String? {
    guard case .scalar(let scalar) = node else {
      error("`\(key)` must be a string", at: node.mark)
      return nil
    }
    return scalar.string
  }

  /// The untyped value of a scalar: quoted text stays a string; plain text becomes null, a bool,
  /// an integer or a number when it reads as one.
  static func plainValue(_ scalar: Node.Scalar) -> ConfigValue {
    let text = scalar.string
    if scalar.style == .singleQuoted || scalar.style == .doubleQuoted || scalar.style == .literal
      || scalar.style == .folded
    {
      return .string(text)
    }
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    case "true", "True", "TRUE": return .bool(true)
    case "false", "False", "FALSE": return .bool(false)
    case ".inf", ".Inf", "+.inf": return .number(.infinity)
    case "-.inf", "-.Inf": return .number(-.infinity)
    case ".nan", ".NaN": return .number(.nan)
    default: break
    }
    let digits = text.replacingOccurrences(of: "_", with: "")
    if let i = Int(digits) { return .int(i) }
    if digits.contains(where: { $0.isNumber }), let d = Double(digits) { return .number(d) }
    return .string(text)
  }

  mutating func untyped(_ node: Node) -> ConfigValue? {
    guard count(node) else { return nil }
    switch node {
    case .scalar(let scalar): return ExperimentParser.plainValue(scalar)
    case .sequence(let seq):
      var items: [ConfigValue] = []
      for item in seq {
        guard let v = untyped(item) else { return nil }
        items.append(v)
      }
      return .list(items)
    case .mapping: return nil
    case .alias: return nil
    }
  }

  /// Checks `node` against `type`; on failure records an error naming `key` and returns nil.
  mutating func typed(_ node: Node, type: ValueType, key: String) -> ConfigValue? {
    guard let value = untyped(node) else {
      if case .mapping = node {
        error("`\(key)` must be a \(type.summary), not a mapping", at: node.mark)
      }
      return nil
    }
    switch ExperimentParser.check(value, type: type) {
    case .success(let v): return v
    case .failure(let problem):
      error("`\(key)` \(problem.message)", at: node.mark, hint: problem.hint)
      return nil
    }
  }

  struct TypeProblem: Error {
    var message: String
    var hint: String?
  }

  /// Type and range check, shared by the file, variants, sweeps and `--set`.
  static func check(_ value: ConfigValue, type: ValueType) -> Result<ConfigValue, TypeProblem> {
    func describe(_ v: ConfigValue) -> String {
      switch v {
      case .null: return "null"
      case .bool(let b): return "the boolean \(b)"
      case .int(let i): return "the integer \(i)"
      case .number(let d): return "the number \(ConfigValue.format(d))"
      case .string(let s): return "the string \"\(s)\""
      case .list: return "a list"
      }
    }
    switch type {
    case .optional(let inner):
      if value == .null { return .success(.null) }
      return check(value, type: inner)
    case .bool:
      if case .bool = value { return .success(value) }
      return .failure(TypeProblem(message: "must be true or false, not \(describe(value))"))
    case .int(let lo, let hi):
      guard case .int(let i) = value else {
        if case .number(let d) = value, d.rounded() == d, abs(d) < 9e15 {
          return check(.int(Int(d)), type: type)
        }
        return .failure(TypeProblem(message: "must be an integer, not \(describe(value))"))
      }
      guard i >= lo, i <= hi else {
        return .failure(TypeProblem(message: "must be an \(type.summary), not \(i)"))
      }
      return .success(value)
    case .number(let lo, let hi, let exclusiveMin):
      guard let d = value.doubleValue else {
        return .failure(TypeProblem(message: "must be a number, not \(describe(value))"))
      }
      guard d.isFinite else {
        return .failure(TypeProblem(message: "must be a finite number, not \(ConfigValue.format(d))"))
      }
      if d < lo || d > hi || (exclusiveMin && d == lo) {
        return .failure(TypeProblem(message: "must be a \(type.summary), not \(ConfigValue.format(d))"))
      }
      return .success(.number(d))
    case .string:
      switch value {
      case .string: return .success(value)
      case .int, .number, .bool: return .success(.string(value.description))
      default: return .failure(TypeProblem(message: "must be a string, not \(describe(value))"))
      }
    case .choice(let options):
      let text = value.stringValue ?? value.description
      if options.contains(text) { return .success(.string(text)) }
      let guess = suggestion(for: text, among: options)
      return .failure(
        TypeProblem(
          message: "must be one of \(options.joined(separator: ", ")), not \"\(text)\"",
          hint: guess.map { "did you mean `\($0)`?" }))
    case .intList(let lo, let hi):
      let items: [ConfigValue]
      if case .list(let l) = value { items = l } else if case .int = value { items = [value] } else {
        return .failure(TypeProblem(message: "must be a list of integers such as [64, 64], not \(describe(value))"))
      }
      var out: [ConfigValue] = []
      for item in items {
        switch check(item, type: .int(min: lo, max: hi)) {
        case .success(let v): out.append(v)
        case .failure(let p):
          return .failure(TypeProblem(message: "has an item that \(p.message)", hint: p.hint))
        }
      }
      if out.count > 100 {
        return .failure(TypeProblem(message: "has \(out.count) items; at most 100 are supported"))
      }
      return .success(.list(out))
    case .boolList:
      guard case .list(let items) = value, items.allSatisfy({ $0.boolValue != nil }) else {
        return .failure(TypeProblem(message: "must be a list of booleans, not \(describe(value))"))
      }
      return .success(value)
    case .boolOrBoolList:
      if case .bool = value { return .success(value) }
      return check(value, type: .boolList)
    case .intOrWord(let lo, let hi, let word):
      if value.stringValue == word { return .success(value) }
      switch check(value, type: .int(min: lo, max: hi)) {
      case .success(let v): return .success(v)
      case .failure:
        var hint: String?
        if value.intValue == 0 || value.doubleValue == 0 {
          hint = "0 is not a size; write `\(word)` for the whole training set"
        } else if case .string(let s) = value, let guess = suggestion(for: s, among: [word]) {
          hint = "did you mean `\(guess)`?"
        }
        let shown = value.intValue.map(String.init) ?? describe(value)
        return .failure(TypeProblem(message: "must be an \(type.summary), not \(shown)", hint: hint))
      }
    }
  }

  // MARK: Sections

  /// Walks a nested mapping under `prefix`, validating each leaf against `Schema`.
  mutating func walkSection(
    _ node: Node, prefix: String, into values: inout [String: ConfigValue], positionPrefix: String
  ) {
    guard count(node) else { return }
    guard case .mapping(let mapping) = node else {
      error("`\(prefix)` must be a mapping of keys", at: node.mark,
        hint: "write the keys of `\(prefix)` indented below it")
      return
    }
    var seen = Set<String>()
    for (keyNode, value) in mapping {
      guard let key = scalarKey(keyNode) else { continue }
      if !seen.insert(key).inserted {
        error("duplicate key `\(prefix).\(key)`", at: keyNode.mark)
        continue
      }
      let path = "\(prefix).\(key)"
      if let spec = Schema.byPath[path] {
        if let v = typed(value, type: spec.type, key: path) {
          values[path] = v
          if let mark = value.mark {
            positions[positionPrefix + path] = SourcePosition(line: mark.line, column: mark.column)
          }
        }
      } else if Schema.keys.contains(where: { $0.path.hasPrefix(path + ".") }) {
        walkSection(value, prefix: path, into: &values, positionPrefix: positionPrefix)
      } else {
        unknownKey(path, at: keyNode.mark)
      }
    }
  }

  mutating func unknownKey(_ path: String, at mark: Mark?) {
    let parent = path.split(separator: ".").dropLast().joined(separator: ".")
    let leaf = String(path.split(separator: ".").last ?? "")
    let siblings = Set(
      Schema.keys.compactMap { spec -> String? in
        guard spec.path.hasPrefix(parent + ".") else { return nil }
        return spec.path.dropFirst(parent.count + 1).split(separator: ".").first.map(String.init)
      }
    ).sorted()
    var hint: String?
    if let guess = suggestion(for: leaf, among: siblings) {
      hint = "did you mean `\(guess)`?"
    } else if let guess = suggestion(for: path, among: Schema.keys.map(\.path)) {
      hint = "did you mean `\(guess)`?"
    } else if !siblings.isEmpty {
      hint = "keys of `\(parent)` are \(siblings.joined(separator: ", "))"
    }
    error("unknown key `\(path)`", at: mark, hint: hint)
  }

  // MARK: Seeds, variants, sweeps, report, expectations

  mutating func parseSeeds(_ node: Node) -> [UInt64]? {
    guard let value = untyped(node) else {
      error("`seeds` must be a list of integers or a count", at: node.mark)
      return nil
    }
    switch value {
    case .int(let n):
      guard n >= 1, n <= 1000 else {
        error("`seeds` as a count must be between 1 and 1000, not \(n)", at: node.mark)
        return nil
      }
      return (1...n).map { UInt64($0) }
    case .list(let items):
      var seeds: [UInt64] = []
      for item in items {
        guard case .int(let s) = item, s >= 0 else {
          error("`seeds` must hold non-negative integers, not \(item)", at: node.mark)
          return nil
        }
        seeds.append(UInt64(s))
      }
      guard !seeds.isEmpty else {
        error("`seeds` must not be empty", at: node.mark)
        return nil
      }
      guard Set(seeds).count == seeds.count else {
        error("`seeds` lists the same seed twice", at: node.mark)
        return nil
      }
      guard seeds.count <= 1000 else {
        error("`seeds` has more than 1000 entries", at: node.mark)
        return nil
      }
      return seeds
    default:
      error("`seeds` must be a list of integers or a count, not \(value)", at: node.mark)
      return nil
    }
  }

  mutating func parseVariants(_ node: Node) -> [VariantSpec] {
    guard case .mapping(let mapping) = node else {
      error("`variants` must map variant names to overrides", at: node.mark,
        hint: "e.g.\n      variants:\n        bn: { model.batch_norm: true }")
      return []
    }
    var variants: [VariantSpec] = []
    var names = Set<String>()
    for (keyNode, value) in mapping {
      guard let name = scalarKey(keyNode) else { continue }
      guard isValidName(name) else {
        error("variant name `\(name)` may only contain letters, digits, `-` and `_`", at: keyNode.mark)
        continue
      }
      guard names.insert(name).inserted else {
        error("duplicate variant `\(name)`", at: keyNode.mark)
        continue
      }
      var overrides: [String: ConfigValue] = [:]
      var label = name
      var color: String?
      var variantSweep: SweepSpec?
      switch value {
      case .scalar(let s) where ExperimentParser.plainValue(s) == .null:
        break
      case .mapping(let entries):
        for (overrideKeyNode, overrideValue) in entries {
          guard let key = scalarKey(overrideKeyNode) else { continue }
          if key == "label" {
            label = string(overrideValue, key: "label") ?? label
            if label.count > ExperimentParser.maxLabelLength {
              error("`label` is \(label.count) characters long; at most \(ExperimentParser.maxLabelLength) are allowed", at: overrideValue.mark)
              label = name
            }
          } else if key == "color" {
            if let c = string(overrideValue, key: "color") {
              if isHexColor(c) { color = c } else {
                error("`color` must be written #RRGGBB, not \"\(c)\"", at: overrideValue.mark)
              }
            }
          } else if key == "sweep" {
            variantSweep = parseSweep(overrideValue)
          } else if Schema.sections.contains(key) {
            var values: [String: ConfigValue] = [:]
            walkSection(overrideValue, prefix: key, into: &values, positionPrefix: "variants.\(name).")
            overrides.merge(values) { $1 }
          } else if let spec = Schema.byPath[key] {
            if let v = typed(overrideValue, type: spec.type, key: key) {
              if overrides[key] != nil {
                error("variant `\(name)` sets `\(key)` twice", at: overrideKeyNode.mark)
              }
              overrides[key] = v
              if let mark = overrideValue.mark {
                positions["variants.\(name).\(key)"] = SourcePosition(line: mark.line, column: mark.column)
              }
            }
          } else {
            unknownKey(key, at: overrideKeyNode.mark)
          }
        }
      default:
        error("variant `\(name)` must be a mapping of dotted keys to values", at: value.mark)
      }
      if let mark = keyNode.mark {
        positions["variants.\(name)"] = SourcePosition(line: mark.line, column: mark.column)
      }
      variants.append(
        VariantSpec(name: name, label: label, color: color, overrides: overrides, sweep: variantSweep))
    }
    if variants.count > 100 {
      error("more than 100 variants", at: node.mark)
    }
    return variants
  }

  func isValidName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 64 && name.first != "-" && name.first != "."
      && name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" }
  }

  func isHexColor(_ s: String) -> Bool {
    s.count == 7 && s.first == "#" && s.dropFirst().allSatisfy { $0.isHexDigit }
  }

  mutating func parseSweep(_ node: Node) -> SweepSpec? {
    guard case .mapping(let mapping) = node else {
      error("`sweep` must be a mapping with `method` and `parameters`", at: node.mark)
      return nil
    }
    var method = SweepMethod.grid
    var trials = 0
    var seed: UInt64 = 0
    var parameters: [(String, SweepParameter)] = []
    var methodMark: Mark?
    for (keyNode, value) in mapping {
      guard let key = scalarKey(keyNode) else { continue }
      switch key {
      case "method":
        methodMark = value.mark
        if let v = typed(value, type: .choice(SweepMethod.allCases.map(\.rawValue)), key: "sweep.method"),
          let m = SweepMethod(rawValue: v.description)
        {
          method = m
        }
      case "trials":
        trials = typed(value, type: .int(min: 1, max: 10_000), key: "sweep.trials")?.intValue ?? trials
      case "seed":
        seed = UInt64(typed(value, type: .int(min: 0, max: Int.max), key: "sweep.seed")?.intValue ?? 0)
      case "parameters":
        guard case .mapping(let entries) = value else {
          error("`sweep.parameters` must map dotted keys to values or distributions", at: value.mark)
          continue
        }
        for (parameterKeyNode, parameterValue) in entries {
          guard let path = scalarKey(parameterKeyNode) else { continue }
          guard let spec = Schema.byPath[path] else {
            unknownKey(path, at: parameterKeyNode.mark)
            continue
          }
          if case .sequence(let items) = parameterValue {
            var values: [ConfigValue] = []
            for item in items {
              if let v = typed(item, type: spec.type, key: path) { values.append(v) }
            }
            if values.isEmpty {
              error("`sweep.parameters.\(path)` needs at least one value", at: parameterValue.mark)
            }
            parameters.append((path, .values(values)))
          } else if case .mapping(let fields) = parameterValue {
            var distribution: SweepDistribution?
            var low: Double?
            var high: Double?
            for (fieldNode, fieldValue) in fields {
              guard let field = scalarKey(fieldNode) else { continue }
              switch field {
              case "distribution":
                if let v = typed(fieldValue, type: .choice(SweepDistribution.allCases.map(\.rawValue)), key: "distribution") {
                  distribution = SweepDistribution(rawValue: v.description)
                }
              case "low": low = typed(fieldValue, type: .number(min: -.infinity, max: .infinity, exclusiveMin: false), key: "low")?.doubleValue
              case "high": high = typed(fieldValue, type: .number(min: -.infinity, max: .infinity, exclusiveMin: false), key: "high")?.doubleValue
              default:
                error("unknown key `\(field)` in a sweep distribution", at: fieldNode.mark,
                  hint: suggestion(for: field, among: ["distribution", "low", "high"]).map { "did you mean `\($0)`?" })
              }
            }
            guard let distribution, let low, let high else {
              error("a sweep distribution needs `distribution`, `low` and `high`", at: parameterValue.mark)
              continue
            }
            guard low < high else {
              error("`low` must be below `high`", at: parameterValue.mark)
              continue
            }
            if distribution != .uniform && low <= 0 {
              error("`\(distribution.rawValue)` needs `low` > 0", at: parameterValue.mark,
                hint: distribution == .oneMinusLogUniform ? "low and high bound 1 - value, e.g. low: 0.001, high: 0.1 for beta in [0.9, 0.999]" : nil)
              continue
            }
            var isInteger = false
            if case .int = spec.type { isInteger = true }
            if case .optional(.int) = spec.type { isInteger = true }
            if case .intOrWord = spec.type { isInteger = true }
            // Every value the distribution can draw must be valid for the key (an integer key
            // drawn from [1, 1e300] would not fit an Int).
            let drawn = distribution == .oneMinusLogUniform ? [1 - high, 1 - low] : [low, high]
            let outOfRange = drawn.lazy.map { isInteger ? $0.rounded() : $0 }.compactMap { bound -> TypeProblem? in
              if case .failure(let problem) = ExperimentParser.check(.number(bound), type: spec.type) { return problem }
              return nil
            }.first
            if let outOfRange {
              error("`sweep.parameters.\(path)` can draw values outside the key's range: \(outOfRange.message)",
                at: parameterValue.mark, hint: outOfRange.hint)
              continue
            }
            parameters.append((path, .distribution(distribution, low: low, high: high, integer: isInteger)))
          } else if let v = typed(parameterValue, type: spec.type, key: path) {
            parameters.append((path, .values([v])))
          }
        }
      default:
        error("unknown key `sweep.\(key)`", at: keyNode.mark,
          hint: suggestion(for: key, among: ["method", "trials", "seed", "parameters"]).map { "did you mean `\($0)`?" })
      }
    }
    if parameters.isEmpty {
      // Parameters that were given but invalid have been reported already.
      if !mapping.contains(where: { $0.key.string == "parameters" }) {
        error("`sweep` needs `parameters`", at: node.mark)
      }
      return nil
    }
    if method == .random && trials == 0 {
      error("a random sweep needs `trials`", at: methodMark ?? node.mark)
    }
    if method == .grid {
      for (key, parameter) in parameters {
        if case .distribution = parameter {
          error("a grid sweep needs a list of values for `\(key)`", at: node.mark,
            hint: "use `method: random` with `trials` to sample distributions")
        }
      }
    }
    return SweepSpec(method: method, trials: trials, seed: seed, parameters: parameters)
  }

  mutating func parseReport(_ node: Node) -> ReportOptions {
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
              if section.heading.count > ExperimentParser.maxTitleLength {
                error("a section `heading` is \(section.heading.count) characters long; at most \(ExperimentParser.maxTitleLength) are allowed", at: fieldValue.mark)
                section.heading = ""
              }
            case "text":
              section.text = string(fieldValue, key: "text") ?? ""
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
          hint: suggestion(for: key, among: ["template", "charts", "exclude", "sections"]).map { "did you mean `\($0)`?" })
      }
    }
    return report
  }

  mutating func parseExpectations(_ items: [(String, Mark?)], variants: [VariantSpec])
    -> [ExpectationClause]
  {
    let names = variants.map(\.name)
    var clauses: [ExpectationClause] = []
    for (text, mark) in items {
      do {
        let (left, comparison, right) = try ExpectationParser.parse(text)
        let clause = ExpectationClause(
          text: text, left: left, comparison: comparison, right: right,
          position: mark.map { SourcePosition(line: $0.line, column: $0.column) })
        for reference in clause.references where !names.contains(reference.variant) {
          error("`expect` refers to an unknown variant `\(reference.variant)`", at: mark,
            hint: suggestion(for: reference.variant, among: names).map { "did you mean `\($0)`?" }
              ?? "variants are \(names.joined(separator: ", "))")
        }
        clauses.append(clause)
      } catch {
        // Point inside the clause: past the opening quote when the clause is quoted.
        let shifted = mark.map { m -> SourcePosition in
          let line = lines.indices.contains(m.line - 1) ? lines[m.line - 1] : ""
          let opening = line.dropFirst(max(m.column - 1, 0)).first
          let quote = opening == "\"" || opening == "'" ? 1 : 0
          return SourcePosition(line: m.line, column: m.column + quote + min(error.offset, text.count))
        }
        self.error("cannot read clause: \(error.message)", position: shifted,
          hint: "clauses look like `bn.test_accuracy > no-bn.test_accuracy` or `adam.train_loss < 0.5 * sgd.train_loss`")
      }
    }
    return clauses
  }

  // MARK: --set and cross-key rules

  mutating func applyOverride(
    _ flag: String, base: inout [String: ConfigValue], variants: inout [VariantSpec]
  ) {
    // The flag stands where a file name would: `--set KEY=VALUE: error: ...`.
    func flagError(_ message: String, hint: String? = nil) {
      diagnostics.append(Diagnostic(file: "--set \(flag)", position: nil, message: message, hint: hint))
    }
    guard let equals = flag.firstIndex(of: "=") else {
      flagError("expected KEY=VALUE", hint: "e.g. --set model.layers=[64,64]")
      return
    }
    let key = String(flag[..<equals]).trimmingCharacters(in: .whitespaces)
    let text = String(flag[flag.index(after: equals)...])
    guard let spec = Schema.byPath[key] else {
      let guess = suggestion(for: key, among: Schema.keys.map(\.path))
      flagError("unknown key `\(key)`", hint: guess.map { "did you mean `\($0)`?" })
      return
    }
    let node: Node?
    do { node = try Yams.compose(yaml: text) } catch {
      flagError("cannot read the value `\(text)` as YAML")
      return
    }
    let value: ConfigValue
    if let node, let v = untyped(node) { value = v } else if node == nil { value = .null } else {
      flagError("the value must be a scalar or a list")
      return
    }
    switch ExperimentParser.check(value, type: spec.type) {
    case .success(let v):
      base[key] = v
      for i in variants.indices { variants[i].overrides[key] = v }
    case .failure(let problem):
      flagError("`\(key)` \(problem.message)", hint: problem.hint)
    }
  }

  /// Rules that involve more than one key, checked for the base and for every variant.
  mutating func checkCrossKeyRules(base: [String: ConfigValue], variants: [VariantSpec]) {
    for variant in variants {
      let values = base.merging(variant.overrides) { $1 }
      let prefix = variant.overrides.isEmpty ? "" : "variants.\(variant.name)."
      func at(_ key: String) -> SourcePosition? {
        positions[prefix + key] ?? positions[key] ?? positions["variants.\(variant.name)"]
      }
      let layers = values["model.layers"]?.listValue?.count ?? 0
      if case .list(let flags) = values["model.batch_norm"], flags.count != layers {
        error("`model.batch_norm` lists \(flags.count) flags for \(layers) hidden layers\(variant.name == "base" ? "" : " in variant `\(variant.name)`")", position: at("model.batch_norm"))
      }
      if let probe = values["train.probe_layer"]?.intValue, probe >= layers {
        error("`train.probe_layer` is \(probe) but the network has \(layers) hidden layers (numbered from 0)", position: at("train.probe_layer"))
      }
      let dataset = values["data.dataset"]?.stringValue ?? "blobs"
      if dataset == "csv", values["data.path"] == .null {
        error("`data.dataset: csv` needs `data.path`", position: at("data.dataset"))
      }
      if dataset == "idx", values["data.images"] == .null || values["data.labels"] == .null {
        error("`data.dataset: idx` needs `data.images` and `data.labels`", position: at("data.dataset"))
      }
      if dataset == "idx", (values["data.test_images"] == .null) != (values["data.test_labels"] == .null) {
        let given = values["data.test_images"] == .null ? "data.test_labels" : "data.test_images"
        error("`data.test_images` and `data.test_labels` go together", position: at(given),
          hint: "name both test files, or neither to split off `data.test_fraction`")
      }
      let output = values["model.output"]?.stringValue ?? "auto"
      let classes = values["data.classes"]?.intValue ?? 2
      if output == "sigmoid", classes > 2, ["blobs", "spirals"].contains(dataset) {
        error("`model.output: sigmoid` handles 2 classes, but `data.classes` is \(classes)", position: at("model.output"),
          hint: "use `softmax` for more than two classes")
      }
    }
  }
}

/// Counts the nodes a YAML text expands to, aliases included, from libyaml's event stream
/// before anything is composed. Yams composes aliases cheaply (shared values), but hashing a
/// mapping key or walking the tree is linear in the expanded size, so a "billion laughs"
/// document would take hours; this pass refuses it in linear time of the text.
enum AliasGuard {
  /// The count reached and the alias where the expansion exceeded `limit`, or nil when the
  /// document stays within it (or fails to parse; the composer then reports the error).
  static func expandedSize(of text: String, limit: Int) -> (Int, SourcePosition)? {
    // Most files have no alias at all; skip the second parse for them.
    guard text.contains("*") else { return nil }
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBufferPointer { buffer -> (Int, SourcePosition)? in
      guard let base = buffer.baseAddress else { return nil }
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else { return nil }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_input_string(&parser, base, buffer.count)
      var anchorSizes: [String: Int] = [:]
      // Open collections: their anchor and the expanded size so far.
      var open: [(anchor: String?, size: Int)] = []
      var total = 0
      func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
      }
      func add(_ size: Int) {
        total += size
        if !open.isEmpty { open[open.count - 1].size += size }
      }
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
        defer { yaml_event_delete(&event) }
        switch event.type {
        case YAML_STREAM_END_EVENT:
          return nil
        case YAML_SCALAR_EVENT:
          add(1)
          if let anchor = name(event.data.scalar.anchor) { anchorSizes[anchor] = 1 }
        case YAML_SEQUENCE_START_EVENT:
          total += 1
          open.append((name(event.data.sequence_start.anchor), 1))
        case YAML_MAPPING_START_EVENT:
          total += 1
          open.append((name(event.data.mapping_start.anchor), 1))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
          if let closed = open.popLast() {
            if let anchor = closed.anchor { anchorSizes[anchor] = closed.size }
            if !open.isEmpty { open[open.count - 1].size += closed.size }
          }
        case YAML_ALIAS_EVENT:
          add(name(event.data.alias.anchor).flatMap { anchorSizes[$0] } ?? 1)
          if total > limit {
            let mark = event.start_mark
            return (total, SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1))
          }
        default:
          break
        }
      }
    }
  }
}
