import NormlabExperiment
import NormlabPlot
import RealModule

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
    let strings = result.strings
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
        title: group.label, xLabel: strings[.stepAxis],
        yLabel: panels.isEmpty ? strings(.probeAxis, "\(run.diagnostics.probeLayer + 1)") : nil,
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
      size: size(panels: panels.count), title: strings[.percentilesTitle],
      panels: panels, columns: columns(panels.count),
      note: strings[.percentilesNote])
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
    let strings = result.strings
    let chosen = groups(result) { !values($0).isEmpty && !(values($0).first ?? []).isEmpty }
    guard !chosen.isEmpty else { return nil }
    var panels: [Axes] = []
    var panelValues: [[Double]] = []
    for (_, group) in chosen {
      let (x, layers) = perLayerMean(group.runs, values)
      guard !layers.isEmpty else { continue }
      panelValues.append(layers.flatMap { $0 })
      // Say why a panel is empty rather than leave the reader guessing.
      let drawable = layers.flatMap { $0 }.filter { $0.isFinite && (!log || $0 > 0) }
      let finite = layers.flatMap { $0 }.filter(\.isFinite)
      var notes: [Annotation] = []
      if drawable.isEmpty {
        let reason = finite.isEmpty ? strings[.noFiniteValues] : (log ? strings[.everyValueZero] : "")
        notes.append(Annotation(text: reason, x: 0.5, y: 0.5, color: .muted, anchor: .center, inAxesFraction: true))
      }
      // Every panel names its layers; the figure draws that shared legend once, below the grid.
      panels.append(Axes(
        title: group.label, xLabel: strings[.stepAxis], yLabel: panels.isEmpty ? yLabel : nil, yScale: log ? .log : .linear,
        series: layers.enumerated().map { layer, y in
          .line(LineSeries(
            label: layerName(layer, layers.count), x: x, y: y,
            color: layerColor(layer, of: layers.count), width: 1.5))
        },
        annotations: notes, legend: .best))
    }
    guard !panels.isEmpty else { return nil }
    if let fixed {
      for i in panels.indices { panels[i].yLimits = fixed }
    } else {
      let ranges = yRanges(panelValues, log: log)
      for i in panels.indices {
        panels[i].yLimits = ranges.limits[i]
        if ranges.own[i] { panels[i].title = (panels[i].title ?? "") + strings[.ownYScale] }
      }
    }
    let shared = ranges(fixed: fixed, values: panelValues, log: log, strings: strings)
    return Figure(
      size: size(panels: panels.count), title: title, panels: panels, columns: columns(panels.count),
      note: shared, shareX: true, legend: panels.count > 1 ? .below : .automatic)
  }

  /// Most decades one shared log axis spans before a panel far outside the others gets its own
  /// range: past that the typical curves flatten into a strip.
  static let maxSharedDecades = 12.0

  /// Shared y limits for the panels, except that on a log axis a panel whose values would
  /// stretch the shared range past `maxSharedDecades` gets its own (and says so).
  static func yRanges(_ values: [[Double]], log: Bool) -> (limits: [ClosedRange<Double>?], own: [Bool]) {
    var own = [Bool](repeating: false, count: values.count)
    func span(_ members: [Int]) -> Double {
      guard let range = sharedLimits(members.flatMap { values[$0] }, log: log), log else { return 0 }
      return Double.log10(range.upperBound) - Double.log10(range.lowerBound)
    }
    var members = Array(values.indices)
    while log, members.count > 1, span(members) > maxSharedDecades {
      // Take out the panel whose removal shrinks the shared range most.
      guard let worst = members.min(by: { a, b in span(members.filter { $0 != a }) < span(members.filter { $0 != b }) })
      else { break }
      members.removeAll { $0 == worst }
      own[worst] = true
    }
    let shared = sharedLimits(members.flatMap { values[$0] }, log: log)
    let limits = values.indices.map { own[$0] ? sharedLimits(values[$0], log: log) : shared }
    return (limits, own)
  }

  static func ranges(fixed: ClosedRange<Double>?, values: [[Double]], log: Bool, strings: ReportStrings) -> String? {
    guard fixed == nil, yRanges(values, log: log).own.contains(true) else { return nil }
    return strings(.ownYScaleNote, "\(Int(maxSharedDecades))")
  }

  static func gradientNorms(_ result: ExperimentResult) -> Figure? {
    let strings = result.strings
    return perLayerFigure(
      result, title: strings[.gradientNormTitle], yLabel: strings[.gradientNormAxis], log: true, limits: nil,
      layerName: { layer, count in layer == count - 1 ? strings[.outputLayer] : strings(.layer, "\(layer + 1)") },
      values: { $0.diagnostics.gradientNorms })
  }

  static func saturation(_ result: ExperimentResult) -> Figure? {
    let strings = result.strings
    return perLayerFigure(
      result, title: strings[.saturationTitle], yLabel: strings[.saturationAxis], log: false,
      limits: -0.02...1.02, layerName: { layer, _ in strings(.layer, "\(layer + 1)") },
      values: { $0.diagnostics.saturation })
  }
}
