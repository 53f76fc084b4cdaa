/// Which entries a panel's legend lists and whether "best" must move it outside the axes.
extension FigureRenderer {
  static func entries(of axes: Axes) -> [LegendEntry] {
    var seen = Set<String>()
    var list = axes.series.flatMap(\.legendEntries).filter { seen.insert($0.label).inserted }
    let diverged = axes.series.contains {
      if case .line(let line) = $0, line.divergedAtX != nil { return true }
      return false
    }
    if diverged && !list.isEmpty {
      list.append(LegendEntry(label: axes.divergedLabel, color: Color.text, kind: .divergence))
    }
    return list
  }

  static func legendSize<B: GraphicsBackend>(_ entries: [LegendEntry], backend: B) -> Size {
    guard !entries.isEmpty else { return Size(0, 0) }
    return LegendPainter.arrangement(entries, columns: 1, backend: backend).size
  }

  /// Share of sampled data points the best inside corner may hide before "best" moves the
  /// legend outside: a curve crossing the box, not just grazing it, exceeds it.
  static let crowdedFraction = 0.01

  /// "best" goes outside when every inside corner would hide more than `crowdedFraction` of the
  /// points, or the legend is too big for the panel.
  static func legendGoesOutside<B: GraphicsBackend>(
    _ axes: Axes, cell: Rect, limits: (x: ClosedRange<Double>, y: ClosedRange<Double>), backend: B
  ) -> Bool {
    let list = entries(of: axes)
    guard !list.isEmpty else { return false }
    let size = legendSize(list, backend: backend)
    let plot = cell.insetBy(left: 40, top: 10, right: 6, bottom: 28)
    if size.width > plot.width * 0.6 || size.height > plot.height * 0.8 { return true }
    let (xRange, yRange) = limits
    let transform = DataTransform(axes, x: xRange, y: yRange, plot: plot)
    let choice = LegendPainter.bestCorner(axes, plot: plot, size: size, transform: transform)
    return choice.coveredFraction > crowdedFraction
  }
}
