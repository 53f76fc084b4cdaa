import NormlabCairo
import NormlabExperiment
import NormlabMath
import NormlabPlot

/// One chart as the HTML report shows it: the figure as inline SVG (twice for a loss chart, on
/// a linear and a logarithmic y scale, for the page's scale switch) and the data its tooltips
/// read, as JSON.
struct HTMLChart {
  struct View {
    /// `linear` or `log` for a chart with a scale switch, nil otherwise.
    var scale: String?
    var size: Size
    var svg: String
    var panels: [SVGBackend<CairoBackend>.Panel]
    /// Legend labels the panels' `seriesKeys` index.
    var keys: [String]
  }

  var name: String
  var caption: String
  var views: [View]
  /// Tooltip data, nil when no panel has a curve to read.
  var data: HTMLJSON?

  /// Draws `chart` with `metrics` (a Cairo backend, for Pango's text measurements). `kind` is
  /// the chart's name in `report.charts` when its file name differs (a handout's figures).
  static func render(_ chart: ReportChart, kind: String? = nil, result: ExperimentResult, metrics: CairoBackend) -> HTMLChart {
    var figures: [(String?, Figure)] = [(nil, chart.figure)]
    if (kind ?? chart.name) == "loss", let other = alternateScale(chart.figure, suffix: result.strings[.logScaleSuffix]) {
      let current = chart.figure.panels.contains { $0.yScale == .log } ? "log" : "linear"
      figures = [(current, chart.figure), (current == "log" ? "linear" : "log", other)]
    }
    let views = figures.enumerated().map { index, item -> View in
      let (scale, figure) = item
      let prefix = "\(idPrefix(chart.name))-v\(index)"
      var backend = SVGBackend(metrics: metrics, idPrefix: prefix)
      FigureRenderer.draw(
        figure, in: Rect(x: 0, y: 0, width: figure.size.width, height: figure.size.height), on: &backend)
      // Only the first view shows without the script (and in print, unless switched).
      var attributes = "class=\"chart-svg\(index == 0 ? "" : " alt-view")\" data-view=\"\(index)\""
      if let scale { attributes += " data-scale=\"\(scale)\"" }
      attributes += " aria-label=\"\(Markup.escape(figure.title ?? chart.name))\""
      return View(
        scale: scale, size: figure.size, svg: backend.document(size: figure.size, title: figure.title, attributes: attributes),
        panels: backend.panels, keys: backend.keys)
    }
    return HTMLChart(
      name: chart.name, caption: chart.caption, views: views,
      data: HTMLChartData.json(views: views, result: result))
  }

  /// `name` reduced to letters, digits and `-`, for ids.
  static func idPrefix(_ name: String) -> String {
    String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
  }

  /// The figure with every panel's y scale switched between linear and logarithmic, nil when
  /// no panel can switch (a linear panel with values ≤ 0 stays linear). The " (log scale)"
  /// suffix of the y label, as the loss chart writes it, follows the scale.
  static func alternateScale(_ figure: Figure, suffix logSuffix: String) -> Figure? {
    var copy = figure
    var changed = false
    for (index, panel) in figure.panels.enumerated() {
      var axes = panel
      switch panel.yScale {
      case .log:
        axes.yScale = .linear
        if let label = axes.yLabel, label.hasSuffix(logSuffix) { axes.yLabel = String(label.dropLast(logSuffix.count)) }
      case .linear:
        let values = panel.series.flatMap { series -> [Double] in
          if case .line(let line) = series { return line.y.filter(\.isFinite) }
          return []
        }
        guard !values.isEmpty, values.allSatisfy({ $0 > 0 }) else { continue }
        axes.yScale = .log
        if let label = axes.yLabel, !label.isEmpty, !label.hasSuffix(logSuffix) { axes.yLabel = label + logSuffix }
      case .symlog:
        continue
      }
      axes.yLimits = nil
      copy.panels[index] = axes
      changed = true
    }
    return changed ? copy : nil
  }
}
