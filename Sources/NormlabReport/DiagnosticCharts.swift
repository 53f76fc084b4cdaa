import NormlabExperiment
import NormlabPlot

/// Charts of what happens inside the network during training: the watched unit's input
/// distribution, per-layer gradient norms and saturated or dead units.
enum DiagnosticCharts {
  /// Groups that carry a diagnostic, at most six panels (a sweep would give too many).
  static func groups(_ result: ExperimentResult, where has: (RunRecord) -> Bool) -> [(Int, RunGroup)] {
    Array(RunGroup.displayed(of: result).groups.enumerated().filter { _, group in group.runs.contains(where: has) }.prefix(6))
  }

  static func columns(_ count: Int) -> Int { count <= 3 ? count : (count == 4 ? 2 : 3) }

  static func size(panels: Int) -> Size {
    let rows = (panels + columns(panels) - 1) / max(columns(panels), 1)
    return Size(panels == 1 ? 460.8 : 640, rows == 1 ? 288 : 220 * Double(rows))
  }

  /// Shared y limits over all panels, so the panels compare at a glance.
  static func sharedLimits(_ values: [Double], log: Bool) -> ClosedRange<Double>? {
    let finite = values.filter { $0.isFinite && (!log || $0 > 0) }
    guard let low = finite.min(), let high = finite.max() else { return nil }
    if log { return low / 1.3...(high * 1.3) }
    let pad = max((high - low) * 0.05, 1e-9)
    return (low - pad)...(high + pad)
  }

  /// The BN paper's Figure 1 (b, c): 15/50/85th percentiles of one unit's input over training,
  /// one panel per variant, first seed, on shared axes.
  static func percentiles(_ result: ExperimentResult) -> Figure? {
    let chosen = groups(result) { !$0.diagnostics.probePercentiles.isEmpty }
    guard !chosen.isEmpty else { return nil }
    var panels: [Axes] = []
    var all: [Double] = []
    for (index, group) in chosen {
      guard let run = group.runs.first(where: { !$0.diagnostics.probePercentiles.isEmpty }) else { continue }
      let color = ChartBuilder.color(of: group, index: index)
      let rows = run.diagnostics.probePercentiles
      let x = run.history.step.prefix(rows.count).map(Double.init)
      func column(_ k: Int) -> [Double] { rows.map { $0.count == 3 ? ($0[k] ?? .nan) : .nan } }
      let (low, mid, high) = (column(0), column(1), column(2))
      all += low + high
      panels.append(Axes(
        title: group.label, xLabel: "step",
        yLabel: panels.isEmpty ? "input of unit 0, layer \(run.diagnostics.probeLayer + 1)" : nil,
        series: [
          .percentileBand(PercentileBandSeries(x: x, lower: low, median: mid, upper: high, color: color))
        ],
        legend: .none))
    }
    guard !panels.isEmpty else { return nil }
    let limits = sharedLimits(all, log: false)
    for i in panels.indices { panels[i].yLimits = limits }
    // A note instead of a legend keeps the panels the same size.
    return Figure(
      size: size(panels: panels.count), title: "Distribution of a hidden unit's input over training",
      panels: panels, columns: columns(panels.count),
      note: "Line: median over the probe samples; band: 15th to 85th percentile.")
  }

  /// Mean over seeds of a per-layer series: [point][layer] → [layer][point].
  static func perLayerMean(_ runs: [RunRecord], _ values: (RunRecord) -> [[Double?]]) -> (x: [Double], layers: [[Double]]) {
    let longest = runs.max { values($0).count < values($1).count }
    guard let longest else { return ([], []) }
    let points = values(longest).count
    let layers = values(longest).first?.count ?? 0
    let x = longest.history.step.prefix(points).map(Double.init)
    var out = [[Double]](repeating: [], count: layers)
    for layer in 0..<layers {
      for point in 0..<points {
        let samples = runs.compactMap { run -> Double? in
          let rows = values(run)
          guard point < rows.count, layer < rows[point].count else { return nil }
          return rows[point][layer]
        }.filter(\.isFinite)
        out[layer].append(samples.isEmpty ? .nan : samples.reduce(0, +) / Double(samples.count))
      }
    }
    return (x, out)
  }

  static func layerColor(_ layer: Int, of count: Int) -> Color {
    Palette.color(layer)
  }

  static func perLayerFigure(
    _ result: ExperimentResult, title: String, yLabel: String, log: Bool,
    limits fixed: ClosedRange<Double>?, layerName: @escaping (Int, Int) -> String,
    values: @escaping (RunRecord) -> [[Double?]]
  ) -> Figure? {
    let chosen = groups(result) { !values($0).isEmpty && !(values($0).first ?? []).isEmpty }
    guard !chosen.isEmpty else { return nil }
    var panels: [Axes] = []
    var all: [Double] = []
    var legendShown = false
    for (_, group) in chosen {
      let (x, layers) = perLayerMean(group.runs, values)
      guard !layers.isEmpty else { continue }
      all += layers.flatMap { $0 }
      // Say why a panel is empty rather than leave the reader guessing.
      let drawable = layers.flatMap { $0 }.filter { $0.isFinite && (!log || $0 > 0) }
      let finite = layers.flatMap { $0 }.filter(\.isFinite)
      var notes: [Annotation] = []
      if drawable.isEmpty, let first = x.first, let last = x.last {
        let reason = finite.isEmpty ? "no finite values (the runs diverged)" : (log ? "every value is 0" : "")
        notes.append(Annotation(text: reason, x: (first + last) / 2, y: .nan, color: .muted, anchor: .center))
      }
      // One legend, on the first panel with lines, explains the layer colours of every panel.
      let showLegend = !legendShown && !drawable.isEmpty
      legendShown = legendShown || showLegend
      panels.append(Axes(
        title: group.label, xLabel: "step", yLabel: panels.isEmpty ? yLabel : nil, yScale: log ? .log : .linear,
        series: layers.enumerated().map { layer, y in
          .line(LineSeries(
            label: showLegend ? layerName(layer, layers.count) : nil, x: x, y: y,
            color: layerColor(layer, of: layers.count), width: 1.5))
        },
        annotations: notes, legend: showLegend ? .best : .none))
    }
    guard !panels.isEmpty else { return nil }
    let limits = fixed ?? sharedLimits(all, log: log)
    for i in panels.indices {
      panels[i].yLimits = limits
      // Empty-panel notes sit in the middle of the shared range.
      if let limits {
        let middle = log ? (limits.lowerBound * limits.upperBound).squareRoot() : (limits.lowerBound + limits.upperBound) / 2
        for j in panels[i].annotations.indices where panels[i].annotations[j].y.isNaN { panels[i].annotations[j].y = middle }
      }
    }
    return Figure(size: size(panels: panels.count), title: title, panels: panels, columns: columns(panels.count))
  }

  static func gradientNorms(_ result: ExperimentResult) -> Figure? {
    perLayerFigure(
      result, title: "Gradient norm per layer", yLabel: "‖dW‖ (log scale)", log: true, limits: nil,
      layerName: { layer, count in layer == count - 1 ? "output layer" : "layer \(layer + 1)" },
      values: { $0.diagnostics.gradientNorms })
  }

  static func saturation(_ result: ExperimentResult) -> Figure? {
    perLayerFigure(
      result, title: "Saturated or dead units per hidden layer", yLabel: "fraction of units", log: false,
      limits: -0.02...1.02, layerName: { layer, _ in "layer \(layer + 1)" },
      values: { $0.diagnostics.saturation })
  }
}
