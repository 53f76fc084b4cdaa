import NormlabMath
import Yams

/// Report prose (title, description, section headings and texts) is checked when the file is
/// read: every formula must be in the TeX subset of docs/math.md and every `{{ ... }}` value must
/// name known variants and metrics, so `check` finds both with their line and column.
extension ExperimentParser {
  /// A piece of prose to check once the variants are known: its text, the key it came from and
  /// where its value starts.
  struct ProseField {
    var text: String
    var key: String
    var mark: Mark?
    /// Written in double quotes, where YAML reads `\f` of `\frac` as an escape.
    var doubleQuoted = false

    init(text: String, key: String, node: Node) {
      self.text = text
      self.key = key
      mark = node.mark
      doubleQuoted = node.scalar?.style == .doubleQuoted
    }
  }

  mutating func checkProse(_ fields: [ProseField], variants: [VariantSpec], base: ExperimentSettings, sweep: SweepSpec?) {
    for field in fields {
      guard checkFormulas(field) else { continue }
      // Computed values.
      for (range, source) in InlineValue.occurrences(in: field.text) {
        checkValue(
          source, key: field.key, position: locate(offset: range.lowerBound, in: field.text, from: field.mark),
          variants: variants, base: base, sweep: sweep)
      }
    }
  }

  /// One `{{ ... }}` value: it parses, names known variants, and reads a development set only
  /// where there is one.
  mutating func checkValue(
    _ source: String, key: String, position: SourcePosition?, variants: [VariantSpec], base: ExperimentSettings,
    sweep: SweepSpec?
  ) {
    let names = variants.map(\.name)
    do {
      let value = try InlineValue(parsing: source)
      for (variant, _) in value.expression.references where !names.contains(variant) {
        error(
          "in `\(key)`: `{{ \(source) }}` refers to an unknown variant `\(variant)`", position: position,
          hint: suggestion(for: variant, among: names).map { "did you mean `\($0)`?" } ?? "variants are \(names.joined(separator: ", "))")
      }
      for (variant, metric) in value.expression.references
      where metric.readsDevelopmentSet && names.contains(variant)
        && !mayHaveDevelopmentSet(variant, variants: variants, base: base, sweep: sweep)
      {
        error(
          "in `\(key)`: `{{ \(source) }}` reads `\(metric)` of `\(variant)`, which has no development set",
          position: position, hint: "set `data.dev_fraction` (or development files), or use the test metric")
      }
    } catch let problem {
      error(
        "in `\(key)`: cannot read `{{ \(source) }}`: \(problem.message)", position: position,
        hint: "values look like `{{ bn.test_accuracy | percent }}` or `{{ no-bn.train_loss | fixed: 3 }}`")
    }
  }

  /// Checks a field's formulas against the TeX subset; false when YAML's double-quote escapes
  /// already lost one (then nothing else in the field can be trusted).
  @discardableResult
  mutating func checkFormulas(_ field: ProseField) -> Bool {
    if field.doubleQuoted, let (command, position) = escapedCommand(from: field.mark) {
      error(
        "in `\(field.key)`: YAML reads `\\\(command)` in double quotes as an escape, so the formula is lost",
        position: position,
        hint: "write the text in single quotes ('$\\frac{1}{m}$') or as a block scalar (|), or double each backslash")
      return false
    }
    do {
      _ = try MathProse(parsing: Self.maskingValues(field.text))
    } catch let problem {
      error(
        "in `\(field.key)`: \(problem.message)",
        position: locate(offset: problem.offset, in: field.text, from: field.mark),
        hint: "formulas use the TeX subset listed in docs/math.md; write `\\$` for a dollar sign")
    }
    return true
  }

  /// `text` with each `{{ ... }}` replaced by `0` and spaces of the same length: a value may sit
  /// inside a formula (`$\\eta = {{ lr }}$`), and offsets of later errors stay true.
  static func maskingValues(_ text: String) -> String {
    let found = InlineValue.occurrences(in: text)
    guard !found.isEmpty else { return text }
    var characters = Array(text)
    for (range, _) in found.reversed() {
      characters.replaceSubrange(range, with: ["0"] + Array(repeating: " ", count: range.count - 1))
    }
    return String(characters)
  }

  /// The first `\\name` naming a formula command in the source of a double-quoted scalar that
  /// starts at `mark`, and where it is.
  func escapedCommand(from mark: Mark?) -> (String, SourcePosition)? {
    guard let mark, mark.line >= 1, mark.line <= lines.count else { return nil }
    let commands = Set(MathCommands.names)
    var lineIndex = mark.line - 1
    var characters = Array(lines[lineIndex])
    var index = mark.column  // past the opening quote (columns count from 1)
    while true {
      if index >= characters.count {
        lineIndex += 1
        guard lineIndex < lines.count, lineIndex < mark.line + 1000 else { return nil }
        characters = Array(lines[lineIndex])
        index = 0
        continue
      }
      let c = characters[index]
      if c == "\"" { return nil }
      if c == "\\" {
        let start = index + 1
        var end = start
        while end < characters.count, characters[end].isLetter { end += 1 }
        let name = String(characters[start..<end])
        if !name.isEmpty, commands.contains(name) {
          return (name, SourcePosition(line: lineIndex + 1, column: index + 1))
        }
        index = max(end, start + 1)
        continue
      }
      index += 1
    }
  }

  /// The file position of character `offset` of a scalar's text: the line of the text found in
  /// the source from the scalar's mark on (block scalars start on the next line), else the mark.
  func locate(offset: Int, in text: String, from mark: Mark?) -> SourcePosition? {
    guard let mark else { return nil }
    let characters = Array(text)
    let clamped = min(max(offset, 0), characters.count)
    // The line of the text holding the offset, and the column within it.
    let before = characters[..<clamped]
    let lineStart = (before.lastIndex(of: "\n").map { $0 + 1 }) ?? 0
    let lineEnd = characters[clamped...].firstIndex(of: "\n") ?? characters.count
    let textLine = String(characters[lineStart..<lineEnd])
    let column = clamped - lineStart
    guard !textLine.trimmingCharacters(in: .whitespaces).isEmpty else {
      return SourcePosition(line: mark.line, column: mark.column)
    }
    // Find that line in the file (folded and quoted scalars may join lines; search for the
    // line's first characters).
    let probe = String(textLine.prefix(40))
    let first = max(mark.line - 1, 0)
    for index in first..<min(lines.count, first + 5000) {
      if let found = lines[index].range(of: probe) {
        // A folded or quoted scalar joins source lines with one space: walk on until the
        // column falls inside a source line.
        var lineIndex = index
        var start = lines[index].distance(from: lines[index].startIndex, to: found.lowerBound)
        var remaining = column
        while remaining > lines[lineIndex].count - start, lineIndex + 1 < lines.count {
          remaining -= lines[lineIndex].count - start + 1
          lineIndex += 1
          start = lines[lineIndex].prefix(while: { $0 == " " }).count
        }
        return SourcePosition(line: lineIndex + 1, column: start + remaining + 1)
      }
    }
    return SourcePosition(line: mark.line, column: mark.column)
  }
}
