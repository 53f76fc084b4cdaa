import NormlabExperiment
import NormlabPlot

/// The data a chart's tooltip reads, taken from the figure as drawn (so it shows what the
/// curves show) plus the per-seed values behind a mean curve:
///
/// ```
/// { "panels": [ { "x": "step", "rows": [ { "name", "keys", "color", "dash", "x", "y",
///                 "raw"?, "lo"?, "hi"?, "seeds"?: [ { "seed", "y" } ] } ] } ],
///   "views":  [ [ { "plot": [x, y, width, height], "x": [scale, lower, upper, start, end],
///                   "y": [...] } ] ], "band": "± 1 sd" }
/// ```
/// A row is one curve: a line with a legend key (its variant, and `train`/`test` for the dash),
/// `raw` the unsmoothed mean under a smoothed line, `lo`/`hi` the band around it. `views` give
/// each SVG's panel geometry (a scale switch moves the plot), to map the pointer to data.
enum HTMLChartData {
  static func json(views: [HTMLChart.View], result: ExperimentResult) -> HTMLJSON? {
    guard let first = views.first else { return nil }
    let candidates = SeedCurves.all(result)
    var panels: [HTMLJSON] = []
    var anyRow = false
    for panel in first.panels {
      let rows = self.rows(panel, labels: first.keys, candidates: candidates)
      anyRow = anyRow || !rows.isEmpty
      panels.append(.object(["x": .string(panel.axes.xLabel ?? ""), "rows": .array(rows)]))
    }
    guard anyRow else { return nil }
    let geometry = views.map { view -> HTMLJSON in
      .array(view.panels.map { panel in
        .object([
          "plot": .numbers([panel.plot.x, panel.plot.y, panel.plot.width, panel.plot.height]),
          "x": axis(panel.transform.x), "y": axis(panel.transform.y),
        ])
      })
    }
    return .object([
      "panels": .array(panels), "views": .array(geometry), "band": .string(bandName(result.report.band, result.strings)),
      // The tooltip's own words, in the report's language.
      "words": .object([
        "band": .string(result.strings[.htmlTipBand]), "smoothed": .string(result.strings[.htmlTipSmoothed]),
        "seed": .string(result.strings[.htmlTipSeed]),
      ]),
    ])
  }

  /// `[scale, lower, upper, deviceStart, deviceEnd]`: what the script needs to map values.
  static func axis(_ a: AxisTransform) -> HTMLJSON {
    .array([.string(scaleName(a.scale)), .number(a.lower), .number(a.upper), .number(a.deviceStart), .number(a.deviceEnd)])
  }

  /// How the tooltip names the band around a mean (`report.band`).
  static func bandName(_ mode: BandMode, _ strings: ReportStrings) -> String {
    switch mode {
    case .std: return "± 1 sd"
    case .ci95: return "95% CI"
    case .minmax: return strings[.htmlTipRange]
    }
  }

  static func scaleName(_ scale: ScaleKind) -> String {
    switch scale {
    case .linear: return "linear"
    case .log: return "log"
    case .symlog: return "symlog"
    }
  }

  /// The tooltip rows of one panel: its keyed lines with x increasing (curves over steps,
  /// epochs or rates), and median lines of percentile bands.
  static func rows(
    _ panel: SVGBackend<some GraphicsBackend>.Panel, labels: [String], candidates: [SeedCurves]
  ) -> [HTMLJSON] {
    let series = panel.axes.series
    var rows: [HTMLJSON] = []
    for (index, item) in series.enumerated() {
      let keys = index < panel.seriesKeys.count ? panel.seriesKeys[index] : []
      guard !keys.isEmpty else { continue }
      let x: [Double]
      let y: [Double]
      var row: [String: HTMLJSON] = ["keys": .array(keys.map { .number(Double($0)) })]
      switch item {
      case .line(let line):
        guard !isCompanion(index, in: series) else { continue }
        (x, y) = (line.x, line.y)
        row["color"] = .string(SVGMarkup.hex(line.color))
        row["dash"] = .string(line.dash == .solid ? "solid" : "dashed")
        let raw = companion(of: index, in: series)
        if let raw { row["raw"] = .numbers(raw.y) }
        if let band = band(of: index, in: series) {
          row["lo"] = .numbers(band.lower)
          row["hi"] = .numbers(band.upper)
        }
        if let seeds = SeedCurves.matching(raw?.y ?? line.y, in: candidates) {
          row["seeds"] = .array(seeds.map { .object(["seed": .number(Double($0.seed)), "y": .numbers($0.values)]) })
        }
      case .percentileBand(let band):
        (x, y) = (band.x, band.median)
        row["color"] = .string(SVGMarkup.hex(band.color))
        row["dash"] = .string("solid")
        row["lo"] = .numbers(band.lower)
        row["hi"] = .numbers(band.upper)
      default:
        continue
      }
      guard x.count >= 2, x.count == y.count, zip(x, x.dropFirst()).allSatisfy({ $0 <= $1 }) else { continue }
      row["x"] = .numbers(x)
      row["y"] = .numbers(y)
      row["name"] = .string(keys.compactMap { $0 < labels.count ? labels[$0] : nil }.joined(separator: " · "))
      rows.append(.object(row))
    }
    return rows
  }

  /// A faint unlabelled line drawn under a later line of the same colour, style and x: the raw
  /// mean under its smoothed copy (`Charts.curves`, `LineSeries.smoothed`).
  static func isCompanion(_ index: Int, in series: [Series]) -> Bool {
    guard case .line(let line) = series[index], line.label == nil else { return false }
    return series.indices.dropFirst(index + 1).contains { later in
      guard case .line(let other) = series[later] else { return false }
      return sameCurve(index, later, in: series) && other.opacity > line.opacity
    }
  }

  static func companion(of index: Int, in series: [Series]) -> LineSeries? {
    guard case .line(let line) = series[index] else { return nil }
    for earlier in series.indices.prefix(index).reversed() {
      if case .line(let other) = series[earlier], other.label == nil, sameCurve(earlier, index, in: series),
        other.opacity < line.opacity
      {
        return other
      }
    }
    return nil
  }

  /// The nearest band before line `index` with its colour and x values.
  static func band(of index: Int, in series: [Series]) -> BandSeries? {
    guard case .line(let line) = series[index] else { return nil }
    for earlier in series[..<index].reversed() {
      if case .band(let band) = earlier, SVGLegendLinks.rgb(band.color) == SVGLegendLinks.rgb(line.color),
        band.x == line.x
      {
        return band
      }
    }
    return nil
  }

  /// Two lines of one colour, x values and line style (a line redrawn dashed because it lies on
  /// another keeps its style, `SVGLegendLinks.dash`).
  static func sameCurve(_ a: Int, _ b: Int, in series: [Series]) -> Bool {
    guard case .line(let first) = series[a], case .line(let second) = series[b] else { return false }
    return SVGLegendLinks.rgb(first.color) == SVGLegendLinks.rgb(second.color) && first.x == second.x
      && SVGLegendLinks.dash(of: a, in: series) == SVGLegendLinks.dash(of: b, in: series)
  }
}

/// The per-seed values behind a mean curve: for every group of runs and logged metric, the
/// runs' series and their mean as `SeriesStatistics` computes it for the charts. A drawn
/// curve is matched by its values, so the tooltip needs no knowledge of how a chart was built.
struct SeedCurves {
  var mean: [Double]
  var seeds: [(seed: UInt64, values: [Double?])]

  static var metrics: [KeyPath<HistoryRecord, [Double?]>] {
    [\.trainLoss, \.testLoss, \.trainAccuracy, \.testAccuracy]
  }

  static func all(_ result: ExperimentResult) -> [SeedCurves] {
    RunGroup.displayed(of: result).groups.flatMap { group -> [SeedCurves] in
      guard group.runs.count > 1 else { return [] }
      return metrics.compactMap { path in
        let series = group.runs.map { $0.history[keyPath: path] }
        let stats = SeriesStatistics.of(series, x: group.runs.map { $0.history.step.map(Double.init) })
        guard stats.mean.contains(where: \.isFinite) else { return nil }
        return SeedCurves(mean: stats.mean, seeds: zip(group.runs, series).map { ($0.seed, $1) })
      }
    }
  }

  /// The seeds of the candidate whose mean is `curve`, value for value (NaN matching NaN).
  static func matching(_ curve: [Double], in candidates: [SeedCurves]) -> [(seed: UInt64, values: [Double?])]? {
    candidates.first { candidate in
      candidate.mean.count == curve.count
        && zip(candidate.mean, curve).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }?.seeds
  }
}
