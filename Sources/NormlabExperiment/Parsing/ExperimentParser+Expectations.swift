import Yams

/// `expect:` clauses, positioned inside the clause text when one cannot be read.
extension ExperimentParser {
  mutating func parseExpectations(_ items: [(String, Mark?)], variants: [VariantSpec], base: ExperimentSettings, sweep: SweepSpec?)
    -> [ExpectationClause]
  {
    let names = variants.map(\.name)
    var clauses: [ExpectationClause] = []
    for (text, mark) in items {
      do {
        var clause = try ExpectationClause(parsing: text)
        clause.position = mark.map { SourcePosition(line: $0.line, column: $0.column) }
        for reference in clause.references where !names.contains(reference.variant) {
          error("`expect` refers to an unknown variant `\(reference.variant)`", at: mark,
            hint: suggestion(for: reference.variant, among: names).map { "did you mean `\($0)`?" }
              ?? "variants are \(names.joined(separator: ", "))")
        }
        for reference in clause.references
        where reference.metric.readsDevelopmentSet && names.contains(reference.variant)
          && !mayHaveDevelopmentSet(reference.variant, variants: variants, base: base, sweep: sweep)
        {
          error("`expect` reads `\(reference.metric)` of `\(reference.variant)`, which has no development set", at: mark,
            hint: "set `data.dev_fraction` (or development files), or use the test metric")
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
          hint: "clauses look like `bn.test_accuracy > no-bn.test_accuracy (confidence 0.95)` or `adam.train_loss < 0.5 * sgd.train_loss`")
      }
    }
    return clauses
  }

  /// Whether runs of `name` can have a development set: its settings set one up, or a search
  /// varies the keys that do.
  func mayHaveDevelopmentSet(_ name: String, variants: [VariantSpec], base: ExperimentSettings, sweep: SweepSpec?) -> Bool {
    guard let variant = variants.first(where: { $0.name == name }) else { return true }
    var settings = base
    Schema.apply(variant.overrides, to: &settings)
    if settings.data.hasDevSet { return true }
    let searched = (variant.sweep ?? sweep)?.parameters.map(\.key) ?? []
    return searched.contains { $0.hasPrefix("data.dev_") }
  }
}
