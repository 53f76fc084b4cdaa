/// Generates `docs/experiment-file.md` from `Schema`, so documentation and code cannot drift
/// (a test compares the committed file with this output).
public enum SchemaDocs {
  public static func markdown() -> String {
    var lines: [String] = [
      "# Experiment files",
      "",
      "<!-- Generated from the schema in Sources/NormlabExperiment/Settings/Schema.swift by",
      "     `normlab list --schema`; a test fails when this file is out of date. -->",
      "",
      "An experiment file is YAML. Every key has a default, so a minimal file names only what it",
      "changes. Keys of `data`, `model` and `train` may be nested (`train: { optimizer: { lr: 0.1 } }`)",
      "or, in variants, sweeps and `--set`, written as one dotted key (`train.optimizer.lr: 0.1`).",
      "",
      "## Top-level keys",
      "",
      "| key | meaning |",
      "|---|---|",
    ]
    for (key, doc) in Schema.topLevel {
      lines.append("| `\(key)` | \(doc) |")
    }
    for section in Schema.sections {
      lines += ["", "## `\(section)`", "", "| key | type | default | applies when | meaning |", "|---|---|---|---|---|"]
      for spec in Schema.keys where spec.path.hasPrefix(section + ".") {
        let value: String
        switch spec.defaultValue {
        case .string(let s): value = "`\(s)`"
        default: value = "`\(spec.defaultValue.description)`"
        }
        lines.append("| `\(spec.path)` | \(spec.type.summary) | \(value) | \(spec.appliesWhen ?? "always") | \(spec.doc) |")
      }
    }
    lines += [
      "",
      "## Keys without effect",
      "",
      "A key the file sets that changes nothing in any variant it reaches (`beta2` for SGD, a",
      "schedule's parameter under another schedule, `classes` for `moons`) is a warning in `check`",
      "and `run`, at the key's line and column, saying why (the \"applies when\" column above).",
      "`--strict` makes these warnings errors.",
      "",
      "## `expect` clauses",
      "",
      "A clause compares final metrics averaged over seeds: `VARIANT.METRIC` terms, numbers, `+ - * /`",
      "and parentheses on each side of one of `<`, `<=`, `>`, `>=`. Variant names may contain `-`, so",
      "write a binary minus with spaces around it. Metrics: "
        + ExpectMetric.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
        + " (`diverged` is the fraction of the variant's runs that diverged; `best_test_accuracy` and",
      "`best_test_loss` take the best sweep trial, averaged over seeds, of the variant's search). A",
      "clause on a variant with a diverged run fails with a message saying so, except the `best_`",
      "metrics, for which a diverged trial is just a failed trial of the search.",
      "",
      "## Charts",
      "",
      "Names accepted by `report.charts`, `report.exclude` and section `charts`: "
        + ChartName.all.map { "`\($0)`" }.joined(separator: ", ") + ".",
      "",
    ]
    return lines.joined(separator: "\n")
  }
}
