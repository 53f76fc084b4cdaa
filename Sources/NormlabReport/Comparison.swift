import NormlabCairo
import NormlabExperiment
import NormlabPlot

/// `normlab compare`: metric changes between two results of the same experiment, with the seed
/// noise that tells a real change from luck, and overlay charts of the old and new curves.
public enum Comparison {
  /// One metric of one variant, old against new.
  public struct Change: Sendable, Equatable {
    public var variant: String
    public var metric: String
    public var old: FinalStatistic?
    public var new: FinalStatistic?

    public var delta: Double? {
      guard let old, let new, old.count > 0, new.count > 0 else { return nil }
      let delta = new.mean - old.mean
      // Rounding noise of the two means is no change.
      return abs(delta) <= 1e-12 * max(abs(old.mean), abs(new.mean), 1) ? 0 : delta
    }

    /// True when the mean ± std intervals of old and new do not overlap; nil without a spread
    /// to compare against (one seed on both sides, or a side missing).
    public var exceedsSeedNoise: Bool? {
      guard let delta, let old, let new, old.count > 1 || new.count > 1 else { return nil }
      let noise = (old.count > 1 ? old.std : 0) + (new.count > 1 ? new.std : 0)
      return abs(delta) > noise
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
        changes.append(Change(variant: label, metric: name, old: o, new: n))
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
      let flag: String
      switch change.exceedsSeedNoise {
      case .some(true): flag = "⚠️ yes"
      case .some(false): flag = "no"
      case .none: flag = change.delta == nil ? "" : "n/a (one seed)"
      }
      lines.append("| \(change.variant) | \(change.metric) | \(cell(change.old)) | \(cell(change.new)) | \(delta) | \(flag) |")
    }
    lines.append("")
    lines.append("A change is beyond seed noise when the old and new mean ± std intervals do not overlap.")
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
