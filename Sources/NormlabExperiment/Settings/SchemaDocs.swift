/// Generates `docs/experiment-file.md` from `Schema`, so documentation and code cannot drift
/// (a test compares the committed file with this output).
public enum SchemaDocs {
  public static func markdown() -> String {
    let metricList = ExpectMetric.names.map { "`\($0)`" }.joined(separator: ", ")
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
      "A clause compares metrics over seeds: `VARIANT.METRIC` terms, numbers, `+ - * /` and",
      "parentheses on each side of one of `<`, `<=`, `>`, `>=`. Variant names may contain `-`, so",
      "write a binary minus with spaces around it. Metrics: " + metricList + ".",
      "",
      "- `diverged` is the fraction of the variant's runs that diverged.",
      "- `dev_loss` and `dev_accuracy` need a development set (`data.dev_fraction` or dev files).",
      "- `best_test_accuracy`, `best_test_loss`, `best_dev_accuracy` and `best_dev_loss` take the",
      "  best trial of the variant's search, chosen on the development set when there is one and",
      "  on the test set otherwise; a diverged trial is a failed trial of the search.",
      "- `steps_to(CURVE >= X)` and `epochs_to(CURVE <= X)` are the first logged step (epoch) at",
      "  which a curve (`train_loss`, `test_loss`, `train_accuracy`, `test_accuracy`, `dev_loss`,",
      "  `dev_accuracy`) meets the target; over seeds they take the median, and a target not",
      "  reached counts as slower than every run that reached it.",
      "",
      "A plain clause compares the mean over seeds (the median for steps to a target) and fails",
      "when a variant it names has a diverged run. Add `(confidence 0.95)` to make the clause a",
      "claim that must survive seed noise: a one-sided t-test over seeds, paired when both sides",
      "ran the same seeds (the default) and Welch's otherwise, must support it at that level. Every",
      "such clause reports the test, the difference with its confidence interval, the p-value and",
      "the effect size. With too few seeds to reach the level at all (paired: 5 seeds for 0.95)",
      "the clause is underpowered and fails; `run --allow-underpowered` lets it pass with a",
      "warning. See docs/statistics.md.",
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
