import NormlabPlot
import Testing

/// One colour bar and one legend for a grid whose panels share them; data aspect; class shapes.
@Suite struct FigureSharingTests {
  static func field(_ shift: Double) -> Axes {
    let axis = (0...20).map { Double($0) / 10 }
    let grid = ScalarGrid(x: axis, y: axis) { x, y in min(max((x + y) / 4 + shift, 0), 1) }
    return Axes(
      title: "panel", xLabel: "x", yLabel: "y",
      series: [
        .contour(ContourSeries(
          grid: grid, levels: .values([0, 0.25, 0.5, 0.75, 1]), lines: false,
          colorbar: Colorbar(label: "P(class 1)"))),
        .scatter(ScatterSeries(label: "class 0", x: [0.5], y: [0.5], color: .black, markerShape: .circle)),
        .scatter(ScatterSeries(label: "class 1", x: [1.5], y: [1.5], color: .black, markerShape: .triangle)),
      ], legend: .best, grid: false)
  }

  @Test func panelsOnOneScaleShareOneColourBar() {
    let shared = Recorded(Figure(size: Size(640, 260), panels: [Self.field(0), Self.field(0.1), Self.field(0.2)], columns: 3))
    #expect(shared.colorbars.count == 1)
    #expect(shared.backend.texts.filter { $0 == "P(class 1)" }.count == 1)
    // A different scale in one panel: each keeps its own.
    var other = Self.field(0)
    if case .contour(var contour) = other.series[0] {
      contour.levels = .values([0, 0.5, 1])
      other.series[0] = .contour(contour)
    }
    let separate = Recorded(Figure(size: Size(640, 260), panels: [Self.field(0), other], columns: 2))
    #expect(separate.colorbars.count == 2)
  }

  @Test func sharedLegendGoesBelowTheGridOnce() {
    let figure = Figure(size: Size(640, 260), panels: [Self.field(0), Self.field(0.1)], columns: 2, legend: .below)
    let recorded = Recorded(figure)
    #expect(recorded.legendFrames.count == 1)
    #expect(recorded.backend.texts.filter { $0 == "class 0" }.count == 1)
    let frame = recorded.legendFrames.first
    // Below every tick label and axis title.
    let lowestText = recorded.texts.filter { !["class 0", "class 1"].contains($0.text) }.map(\.box.maxY).max() ?? 0
    #expect((frame?.minY ?? 0) >= lowestText - 0.5)
  }

  @Test func aspectKeepsDataProportions() {
    var axes = Self.field(0)
    axes.aspect = 1
    axes.xLimits = 0...4
    axes.yLimits = 0...1
    let plan = FigureRenderer.layout(axes, in: Rect(x: 0, y: 0, width: 400, height: 300), backend: RecordingBackend())
    #expect(abs(plan.plot.width / plan.plot.height - 4) < 1e-6)
  }

  @Test func classesDifferByMarkerShape() {
    let axes = Self.field(0)
    let recorded = Recorded(Figure(panels: [axes]))
    let markers = recorded.fills(of: .black).filter { $0.box.width < 10 }
    // A 16-gon circle and a triangle, in the plot and in the legend.
    #expect(Set(markers.map { $0.vertices >= 12 ? 0 : $0.vertices }) == [0, 3])
  }
}
