import NormlabStatistics
import NormlabCairo
import NormlabExperiment
import NormlabPlot

/// `normlab compare`: metric changes between two results of the same experiment, with the seed
/// noise that tells a real change from luck, and overlay charts of the old and new curves.
public enum Comparison {
  /// One metric of one variant, old against new, with the test that tells a real change from
  /// seed noise: the paired t-test when both sides ran the same seeds, Welch's otherwise
  /// (two-sided, 95%), the same tests `expect:` claims use.
  public struct Change: Sendable, Equatable {
    public var variant: String
    public var metric: String
    public var old: FinalStatistic?
    public var new: FinalStatistic?
    /// The values per seed, for the test.
    public var oldValues: [UInt64: Double] = [:]
    public var newValues: [UInt64: Double] = [:]
    /// Whether a smaller value is better (losses, divergence).
    public var lowerIsBetter = false

    public var delta: Double? {
      guard let old, let new, old.count > 0, new.count > 0 else { return nil }
      let delta = new.mean - old.mean
      // Rounding noise of the two means is no change.
      return abs(delta) <= 1e-12 * max(abs(old.mean), abs(new.mean), 1) ? 0 : delta
    }

    /// The claim "the change went the way it went", tested over seeds as an `expect:` clause
    /// with `(confidence 0.95)` would be: paired when both reports ran the same seeds, Welch's
    /// otherwise; nil for no change or a side missing.
    public var decision: ClaimDecision? {
      guard let delta, delta != 0 else { return nil }
      let alignment = SeedAlignment(left: newValues, right: oldValues)
      return try? alignment.evaluate(Claim(delta > 0 ? .greater : .less, confidence: 0.95))
    }

    /// True when the change is beyond seed noise; nil when the seeds are too few to tell.
    public var exceedsSeedNoise: Bool? {
      guard let delta else { return nil }
      if delta == 0 { return false }
      switch decision?.outcome {
      case .supported: return true
      case .notSupported: return false
      default: return nil
      }
    }

    /// "better" or "worse", knowing that loss goes down and accuracy up; nil for no change.
    public var direction: String? {
      guard let delta, delta != 0 else { return nil }
      return (delta < 0) == lowerIsBetter ? "better" : "worse"
    }
  }

  static let metrics: [(String, @Sendable (FinalMetrics) -> Double?)] = [
    ("train_loss", { $0.trainLoss }), ("test_loss", { $0.testLoss }),
    ("train_accuracy", { $0.trainAccuracy }), ("test_accuracy", { $0.testAccuracy }),
    ("diverged", { $0.diverged ? 1 : 0 }),
  ]

  public static func changes(old: ExperimentResult, new: ExperimentResult) -> [Change] {
    let oldGroups = RunGroup.groups(of: old)
    let newGroups = RunGroup.groups(of: new)
    var keys = newGroups.map(\.key)
    for group in oldGroups where !keys.contains(group.key) { keys.append(group.key) }
    var changes: [Change] = []
    for key in keys {
      let before = oldGroups.first { $0.key == key }
      let after = newGroups.first { $0.key == key }
      let label = after?.label ?? before?.label ?? key
      for (name, value) in metrics {
        let o = before.map { FinalStatistic($0.runs.map { value($0.final) }) }
        let n = after.map { FinalStatistic($0.runs.map { value($0.final) }) }
        // Leave out metrics neither side has (accuracy of a regression).
        if (o?.count ?? 0) == 0 && (n?.count ?? 0) == 0 { continue }
        // Divergence is worth a row only when some run diverged.
        if name == "diverged" && (o?.mean ?? 0) == 0 && (n?.mean ?? 0) == 0 { continue }
        var change = Change(variant: label, metric: name, old: o, new: n)
        func bySeed(_ group: RunGroup?) -> [UInt64: Double] {
          var values: [UInt64: Double] = [:]
          for run in group?.runs ?? [] { values[run.seed] = value(run.final) ?? .nan }
          return values
        }
        change.oldValues = bySeed(before)
        change.newValues = bySeed(after)
        change.lowerIsBetter = name.hasSuffix("loss") || name == "diverged"
        changes.append(change)
      }
    }
    return changes
  }

  /// One setting that differs between the old and the new result of a variant.
  public struct SettingChange: Sendable, Equatable {
    public var variant: String
    public var key: String
    public var old: String
    public var new: String
  }

  /// The settings that differ, variant by variant (matched by name), in schema order, then
  /// the command-line flags; a variant on one side only is one row.
  public static func settingChanges(old: ExperimentResult, new: ExperimentResult) -> [SettingChange] {
    var changes: [SettingChange] = []
    let oldVariants = Dictionary(old.variants.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let newNames = Set(new.variants.map(\.name))
    for variant in new.variants {
      guard let before = oldVariants[variant.name] else {
        changes.append(SettingChange(variant: variant.name, key: "(variant)", old: "—", new: "added"))
        continue
      }
      for spec in Schema.keys {
        let a = ConfigurationTable.display(spec.value(in: before.settings))
        let b = ConfigurationTable.display(spec.value(in: variant.settings))
        if a != b { changes.append(SettingChange(variant: variant.name, key: spec.path, old: a, new: b)) }
      }
    }
    for variant in old.variants where !newNames.contains(variant.name) {
      changes.append(SettingChange(variant: variant.name, key: "(variant)", old: "present", new: "removed"))
    }
    let flagsBefore = ConfigurationTable.commandLine(old) ?? "none"
    let flagsAfter = ConfigurationTable.commandLine(new) ?? "none"
    if flagsBefore != flagsAfter {
      changes.append(SettingChange(variant: "all", key: "--set", old: flagsBefore, new: flagsAfter))
    }
    if old.seeds != new.seeds {
      changes.append(SettingChange(
        variant: "all", key: "seeds", old: old.seeds.map(String.init).joined(separator: ", "),
        new: new.seeds.map(String.init).joined(separator: ", ")))
    }
    return changes
  }

  static func settingsMarkdown(old: ExperimentResult, new: ExperimentResult) -> [String] {
    let changes = settingChanges(old: old, new: new)
    guard !changes.isEmpty else { return ["Settings: the same in both (every key of every variant).", ""] }
    var lines = ["### Settings that differ", "", "| variant | key | old | new |", "|---|---|---|---|"]
    for change in changes {
      lines.append("| \(change.variant) | `\(change.key)` | \(change.old) | \(change.new) |")
    }
    return lines + [""]
  }

  /// A p-value as tables show it.
  static func pText(_ p: Double) -> String {
    p < 0.001 ? "< 0.001" : "= " + Format.number(p, digits: 2)
  }

  static func cell(_ stat: FinalStatistic?) -> String {
    guard let stat, stat.count > 0 else { return "—" }
    return Format.meanStd(stat)
  }

  /// The Markdown table, like `dvc metrics diff --md` with seed noise.
  public static func markdown(old: ExperimentResult, new: ExperimentResult, oldName: String, newName: String) -> String {
    var lines = [
      "## Metric changes: \(new.title)", "",
      "Old: `\(oldName)`\(old.commit.map { " (commit \($0))" } ?? ""); new: `\(newName)`\(new.commit.map { " (commit \($0))" } ?? "").",
      "",
    ] + settingsMarkdown(old: old, new: new) + [
      "### Metrics", "",
      "Mean ± standard deviation over seeds.", "",
      "| variant | metric | old | new | change | beyond seed noise |",
      "|---|---|---|---|---|---|",
    ]
    for change in changes(old: old, new: new) {
      let delta = change.delta.map { $0 == 0 ? "0" : ($0 > 0 ? "+" : "") + Format.number($0) } ?? (change.old == nil ? "added" : (change.new == nil ? "removed" : "—"))
      let direction = change.direction.map { " (\($0))" } ?? ""
      let decision = change.decision
      let test = decision?.test.map { "\($0.kind == .paired ? "paired" : "Welch"), p \(pText($0.pValue))" } ?? ""
      let flag: String
      switch (change.exceedsSeedNoise, decision?.outcome) {
      case (.some(true), _): flag = (change.direction == "worse" ? "⚠️ yes, worse" : "✅ yes, better") + " (\(test))"
      case (.some(false), _): flag = test.isEmpty ? "no" : "no (\(test))"
      case (.none, .underpowered(let reason)?):
        flag = "too few seeds to tell (\(reason.description.components(separatedBy: "; ").last ?? ""))"
      case (.none, _): flag = change.delta == nil ? "" : "too few seeds to tell"
      }
      lines.append("| \(change.variant) | \(change.metric) | \(cell(change.old)) | \(cell(change.new)) | \(delta)\(direction) | \(flag) |")
    }
    lines.append("")
    lines.append("A change is beyond seed noise when a one-sided t-test over seeds supports it in the direction it went at 95% confidence, as a `(confidence 0.95)` clause would: paired when both reports ran the same seeds, Welch's otherwise; with too few seeds for that confidence the table says so. Better and worse know that losses go down and accuracies up.")
    return lines.joined(separator: "\n") + "\n"
  }

  /// Old (dashed, faint) and new (solid) mean curves per variant, train and test side by side.
  public static func overlays(old: ExperimentResult, new: ExperimentResult) -> [ReportChart] {
    var charts: [ReportChart] = []
    let kinds: [(String, String, KeyPath<HistoryRecord, [Double?]>, KeyPath<HistoryRecord, [Double?]>)] = [
      ("loss", "loss", \.trainLoss, \.testLoss), ("accuracy", "accuracy", \.trainAccuracy, \.testAccuracy),
    ]
    for (name, label, train, test) in kinds {
      var panels: [Axes] = []
      for (title, path) in [("train", train), ("test", test)] {
        var series: [Series] = []
        for (index, group) in RunGroup.groups(of: new).enumerated() {
          let color = ChartBuilder.color(of: group, index: index)
          for (result, suffix, dash, opacity) in [(old, "old", LineDash.dashed, 0.6), (new, "new", LineDash.solid, 1.0)] {
            guard let match = RunGroup.groups(of: result).first(where: { $0.key == group.key }) else { continue }
            let stats = SeriesStatistics.of(
              match.runs.map { $0.history[keyPath: path] }, x: match.runs.map { $0.history.step.map(Double.init) })
            guard stats.mean.contains(where: \.isFinite) else { continue }
            series.append(.line(LineSeries(
              label: "\(group.label) (\(suffix))", x: stats.x, y: stats.mean, color: color, width: 1.5, dash: dash,
              opacity: opacity)))
          }
        }
        guard !series.isEmpty else { continue }
        panels.append(Axes(title: title, xLabel: "step", yLabel: panels.isEmpty ? label : nil, series: series, legend: panels.isEmpty ? .best : .none))
      }
      guard !panels.isEmpty else { continue }
      charts.append(ReportChart(
        name: "compare_\(name)",
        figure: Figure(size: Size(640, 288), title: "\(label.capitalized): old (dashed) and new (solid)", panels: panels, columns: panels.count),
        caption: "Mean over seeds of the old (dashed) and new (solid) \(label) curves."))
    }
    return charts
  }

  /// `comparison.md` plus a PNG and SVG per overlay chart.
  public static func files(old: ExperimentResult, new: ExperimentResult, oldName: String, newName: String, dpi: Double = 150)
    throws(ReportError) -> [ReportFile]
  {
    let charts = overlays(old: old, new: new)
    var text = markdown(old: old, new: new, oldName: oldName, newName: newName)
    for chart in charts {
      text += "\n![\(chart.name)](charts/\(chart.name).png)\n"
    }
    var files = [ReportFile(path: "comparison.md", bytes: Array(text.utf8))]
    do {
      for chart in charts {
        files.append(ReportFile(path: "charts/\(chart.name).png", bytes: try CairoRenderer.render(chart.figure, format: .png, dpi: dpi)))
        files.append(ReportFile(path: "charts/\(chart.name).svg", bytes: try CairoRenderer.render(chart.figure, format: .svg)))
      }
    } catch {
      throw ReportError(message: "rendering failed: \(error)")
    }
    return files
  }
}
