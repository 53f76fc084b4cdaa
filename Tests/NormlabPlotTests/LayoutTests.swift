import NormlabPlot
import Testing

@Suite struct LegendPlacementTests {
  static let cell = Rect(x: 0, y: 0, width: 460, height: 280)

  static func legendBox(_ axes: Axes) -> (legend: Point, plot: Rect)? {
    var backend = RecordingBackend()
    FigureRenderer.drawAxes(axes, in: cell, on: &backend)
    let plan = FigureRenderer.layout(axes, in: cell, backend: backend)
    for call in backend.calls {
      if case .text("curve", let p, _, _, _) = call { return (p, plan.plot) }
    }
    return nil
  }

  static func axes(x: [Double], y: [Double]) -> Axes {
    Axes(series: [.line(LineSeries(label: "curve", x: x, y: y, color: Palette.color(0)))])
  }

  @Test func decayingCurveLeavesTheUpperRightFree() throws {
    let x = (0...50).map(Double.init)
    let placed = try #require(Self.legendBox(Self.axes(x: x, y: x.map { 1 / (1 + $0) })))
    #expect(placed.legend.x > placed.plot.center.x && placed.legend.y < placed.plot.center.y)
  }

  @Test func risingCurveSendsTheLegendToTheUpperLeft() throws {
    // A rising curve crosses the lower-left and upper-right corners; upper left is the first
    // free corner in matplotlib's order after upper right.
    let x = (0...50).map(Double.init)
    let placed = try #require(Self.legendBox(Self.axes(x: x, y: x.map { $0 * $0 })))
    #expect(placed.legend.x < placed.plot.center.x && placed.legend.y < placed.plot.center.y)
  }

  @Test func crowdedCornersPutTheLegendOutside() throws {
    // Points everywhere: every corner would hide more than 10% of them.
    var x: [Double] = []
    var y: [Double] = []
    for i in 0...20 {
      for j in 0...20 {
        x.append(Double(i))
        y.append(Double(j))
      }
    }
    let axes = Axes(series: [
      .scatter(ScatterSeries(label: "curve", x: x, y: y, color: .black)),
      .line(LineSeries(label: "second entry", x: [0, 20], y: [0, 20], color: .black)),
    ])
    let placed = try #require(Self.legendBox(axes))
    // Two entries fit in one row above the plot.
    #expect(placed.legend.y < placed.plot.minY)
    // Many long entries do not fit above in two rows: they go to the right.
    var many = axes
    for k in 0..<6 {
      many.series.append(.line(LineSeries(label: "a rather long legend entry \(k)", x: [0, 20], y: [20, 0], color: .black)))
    }
    let right = try #require(Self.legendBox(many))
    #expect(right.legend.x > right.plot.maxX)
  }

  @Test func longEntriesStackAboveRatherThanSqueezeThePlot() throws {
    var x: [Double] = []
    var y: [Double] = []
    for i in 0...20 {
      for j in 0...20 {
        x.append(Double(i) * 10)
        y.append(Double(j))
      }
    }
    var axes = Axes(series: [.scatter(ScatterSeries(label: "curve", x: x, y: y, color: .black))])
    for k in 0..<4 {
      let label = "random search, best of 12: lr=0.47, beta1=0.945 (train \(k))"
      axes.series.append(.line(LineSeries(label: label, x: [0, 200], y: [20 - Double(k), 0], color: .black)))
    }
    var backend = RecordingBackend()
    FigureRenderer.drawAxes(axes, in: Self.cell, on: &backend)
    let plot = FigureRenderer.layout(axes, in: Self.cell, backend: backend).plot
    let placed = try #require(Self.legendBox(axes))
    // Beside the plot these labels would leave it a strip; above, it keeps most of the width.
    #expect(placed.legend.y < plot.minY)
    #expect(plot.width > Self.cell.width * 0.7)
    // The x tick labels below the plot do not run into each other.
    var labels: [(x: Double, width: Double)] = []
    for call in backend.calls {
      if case .text(let text, let p, let style, _, _) = call, p.y > plot.maxY, Double(text) != nil {
        labels.append((p.x, backend.measure(text, style: style).width))
      }
    }
    labels.sort { $0.x < $1.x }
    #expect(labels.count >= 3)
    for (a, b) in zip(labels, labels.dropFirst()) {
      #expect(b.x - b.width / 2 > a.x + a.width / 2)
    }
  }

  @Test func outsideTopPlacesEntriesInOneRowAboveThePlot() throws {
    var axes = Self.axes(x: [0, 1], y: [0, 1])
    axes.series.append(.line(LineSeries(label: "other", x: [0, 1], y: [1, 0], color: .black)))
    axes.legend = .outsideTop
    var backend = RecordingBackend()
    FigureRenderer.drawAxes(axes, in: Self.cell, on: &backend)
    let plot = FigureRenderer.layout(axes, in: Self.cell, backend: backend).plot
    var positions: [String: Point] = [:]
    for call in backend.calls {
      if case .text(let text, let p, _, _, _) = call { positions[text] = p }
    }
    let first = try #require(positions["curve"])
    let second = try #require(positions["other"])
    #expect(first.y < plot.minY && abs(first.y - second.y) < 1e-9 && first.x < second.x)
  }

  @Test func bestCornerCountsCoveredPoints() {
    let plot = Rect(x: 0, y: 0, width: 100, height: 100)
    let axes = Self.axes(x: [0, 1, 1, 0], y: [1, 1, 0.9, 0.9])
    let transform = DataTransform(
      x: AxisTransform(lower: 0, upper: 1, scale: .linear, deviceStart: 0, deviceEnd: 100),
      y: AxisTransform(lower: 0, upper: 1, scale: .linear, deviceStart: 100, deviceEnd: 0))
    let choice = LegendPainter.bestCorner(axes, plot: plot, size: Size(30, 20), transform: transform)
    // All points are along the top edge: the lower corners cover none.
    #expect(choice.corner == .lowerLeft)
    #expect(choice.coveredFraction == 0)
  }
}

@Suite struct RecordingBackendTests {
  @Test func simpleChartDrawsItsPartsInOrder() {
    let figure = Figure(
      size: Size(400, 300), title: "Loss",
      panels: [
        Axes(
          xLabel: "step", yLabel: "loss",
          series: [.line(LineSeries(label: "train", x: [0, 1, 2, 3, 4], y: [4, 3, 2, 1, 0], color: Palette.color(0)))])
      ])
    var backend = RecordingBackend()
    FigureRenderer.draw(figure, in: Rect(x: 0, y: 0, width: 400, height: 300), on: &backend)
    let calls = backend.calls
    // White page first.
    #expect(calls.first == .fill(Path.rectangle(Rect(x: 0, y: 0, width: 400, height: 300)), .white))
    // The series is one polyline of five points in the palette's first colour, inside a clip.
    let strokes = calls.enumerated().compactMap { index, call -> (Int, Path, StrokeStyle)? in
      if case .stroke(let path, let style) = call, style.color == Palette.color(0), style.width == 1.6 {
        return (index, path, style)
      }
      return nil
    }
    let seriesStroke = strokes.first { $0.1.elements.count == 5 }
    #expect(seriesStroke != nil)
    let clipIndex = calls.firstIndex { if case .clip = $0 { return true } else { return false } }
    let resetIndex = calls.firstIndex { $0 == .resetClip }
    if let clipIndex, let resetIndex, let line = seriesStroke {
      #expect(clipIndex < line.0 && line.0 < resetIndex)
    } else {
      Issue.record("the series must be drawn inside a clip")
    }
    // The line falls from top left to bottom right.
    if case .move(let start) = seriesStroke?.1.elements.first,
      case .line(let end) = seriesStroke?.1.elements.last
    {
      #expect(start.x < end.x && start.y < end.y)
    }
    // Texts: title, ticks on both axes, the axis labels and the legend entry.
    let texts = backend.texts
    #expect(texts.first == "Loss")
    // matplotlib also steps 0.5 here: 4.4 units over at most 9 bins.
    for label in ["0.0", "0.5", "2.0", "4.0", "step", "loss", "train"] { #expect(texts.contains(label)) }
    #expect(!texts.contains { $0.contains("0000000") })
  }

  @Test func divergedRunGetsAMarkerAndALegendEntry() {
    let axes = Axes(series: [
      .line(LineSeries(label: "lr 1", x: [0, 1, 2, 3], y: [1, 2, .nan, .nan], color: Palette.color(1), divergedAtX: 2))
    ])
    var backend = RecordingBackend()
    FigureRenderer.drawAxes(axes, in: Rect(x: 0, y: 0, width: 300, height: 200), on: &backend)
    #expect(backend.texts.contains("diverged"))
    // The × is two crossing strokes in the series colour over a white halo.
    let crosses = backend.calls.filter {
      if case .stroke(let path, let style) = $0 { return path.elements.count == 4 && style.width == 2.2 }
      return false
    }
    #expect(crosses.count >= 2, "one on the chart, one in the legend")
  }

  @Test func everyChartKindDrawsWithoutCrashingOnBadData() {
    let bad: [Double] = [.nan, .infinity, -.infinity, 1, 2]
    let grid = ScalarGrid(x: [0, 1, 2], y: [0, 1], values: [.nan, 1, .infinity, 2, 3, -1])
    let kinds: [Series] = [
      .line(LineSeries(x: bad, y: bad.reversed(), color: .black, markers: true)),
      .band(BandSeries(x: bad, lower: [1], upper: bad, color: .black)),
      .scatter(ScatterSeries(x: bad, y: [], color: .black)),
      .contour(ContourSeries(grid: grid)),
      .contour(ContourSeries(grid: ScalarGrid(x: [], y: [], values: []), levels: .logarithmic)),
      .heatmap(HeatmapSeries(grid: grid, logarithmic: true, showValues: true)),
      .histogram(HistogramSeries(values: bad, color: .black)),
      .histogram(HistogramSeries(values: [], bins: .edges([3, 1, .nan]), color: .black, density: true)),
      .percentileBand(PercentileBandSeries.fromSamples(x: [0, 1], samples: [[.nan]], color: .black)),
      .bars(BarSeries(categories: ["a"], groups: [BarGroup(values: bad, errors: [.nan], color: .black)])),
      .trajectory(TrajectorySeries(x: bad, y: bad, color: .black)),
      .reference(ReferenceLine(.horizontal, at: .nan)),
      .line(LineSeries(x: [0, 1, 2], y: [1e308, -1e308, Double.leastNormalMagnitude / 1e5], color: .black)),
      .line(LineSeries(x: [3, 3, 3], y: [7, 7, 7], color: .black, divergedAtX: 3)),
    ]
    for scale in [ScaleKind.linear, .log, .symlog] {
      for kind in kinds {
        var backend = RecordingBackend()
        let figure = Figure(panels: [Axes(yScale: scale, series: [kind])])
        FigureRenderer.draw(figure, in: Rect(x: 0, y: 0, width: 300, height: 200), on: &backend)
        #expect(!backend.calls.isEmpty)
      }
    }
  }

  @Test func secondaryAxisShowsEpochsAlongTheTop() {
    let axes = Axes(
      xLabel: "step", series: [.line(LineSeries(x: [0, 1000], y: [1, 0], color: .black))],
      secondaryX: .epochs(stepsPerEpoch: 100))
    var backend = RecordingBackend()
    let cell = Rect(x: 0, y: 0, width: 460, height: 288)
    FigureRenderer.drawAxes(axes, in: cell, on: &backend)
    let plot = FigureRenderer.layout(axes, in: cell, backend: backend).plot
    var topLabels: [String: Double] = [:]
    for call in backend.calls {
      if case .text(let text, let p, _, .bottom, _) = call, p.y < plot.minY { topLabels[text] = p.x }
    }
    #expect(topLabels["epoch"] != nil)
    // Epoch 4 sits over step 400, 40% along the axis.
    let four = topLabels["4"] ?? 0
    #expect(abs(four - (plot.minX + 0.4 * plot.width)) < 0.01, "\(topLabels)")
    #expect(topLabels["10"] != nil && topLabels["0"] != nil)
  }

  @Test func axesFractionAnnotationsIgnoreTheData() {
    for scale in [1.0, 1000.0] {
      let axes = Axes(
        series: [.line(LineSeries(x: [0, 1], y: [0, scale], color: .black))],
        annotations: [Annotation(text: "corner", x: 1, y: 1, anchor: .topRight, inAxesFraction: true)])
      var backend = RecordingBackend()
      let cell = Rect(x: 0, y: 0, width: 300, height: 200)
      FigureRenderer.drawAxes(axes, in: cell, on: &backend)
      let plot = FigureRenderer.layout(axes, in: cell, backend: backend).plot
      let drawn = backend.calls.compactMap { call -> Point? in
        if case .text("corner", let p, _, _, _) = call { return p }
        return nil
      }
      // In the corner, kept just inside the frame.
      #expect(drawn.count == 1)
      #expect(drawn.allSatisfy { abs($0.x - plot.maxX) <= 2.5 && abs($0.y - plot.minY) <= 2.5 })
    }
  }

  @Test func sharedAxesUseOneRangeAndLabelOnlyOuterPanels() {
    let small = Axes(xLabel: "x", yLabel: "y", series: [.line(LineSeries(x: [0, 1], y: [0, 1], color: .black))])
    let large = Axes(xLabel: "x", yLabel: "y", series: [.line(LineSeries(x: [0, 10], y: [0, 100], color: .black))])
    let figure = Figure(panels: [small, large, small, large], columns: 2, shareX: true, shareY: true)
    var backend = RecordingBackend()
    FigureRenderer.draw(figure, in: Rect(x: 0, y: 0, width: 460, height: 300), on: &backend)
    // Two rows of y labels and two columns of x labels, not four each.
    #expect(backend.texts.filter { $0 == "y" }.count == 2)
    #expect(backend.texts.filter { $0 == "x" }.count == 2)
    // The small panels use the large range: "100" is a y tick on both rows' left panels.
    #expect(backend.texts.filter { $0 == "100" }.count == 2)
  }
}
