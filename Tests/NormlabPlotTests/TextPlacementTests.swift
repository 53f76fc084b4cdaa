import NormlabPlot
import Testing

/// Notes, legends and tick labels never overlap; coinciding lines stay visible; wrapped text
/// leaves no line of one word.
@Suite struct TextPlacementTests {
  /// A crowded panel: curves through the middle, notes aimed at the curves and at the bottom
  /// edge (where tick labels are), and a legend.
  static func crowded() -> Figure {
    let x = (0...100).map(Double.init)
    let a = x.map { 20 + 0.6 * $0 }
    let b = x.map { 30 + 0.5 * $0 }
    return Figure(
      size: Size(420, 280),
      panels: [
        Axes(
          xLabel: "day", yLabel: "value", yLimits: 0...100,
          series: [
            .line(LineSeries(label: "fast average", x: x, y: a, color: Palette.color(0))),
            .line(LineSeries(label: "slow average", x: x, y: b, color: Palette.color(1))),
          ],
          annotations: [
            Annotation(text: "t = 1/(1 - beta) = 10", x: 10, y: 24, anchor: .top, arrowTo: Point(10, 26)),
            Annotation(text: "t = 1/(1 - beta) = 12", x: 12, y: 30, anchor: .top, arrowTo: Point(12, 36)),
            Annotation(text: "1/e = 0.368", x: 60, y: 1, anchor: .left),
          ],
          legend: .lowerRight)
      ])
  }

  @Test func notesAvoidEachOtherTheLegendTickLabelsAndCurves() throws {
    let figure = Self.crowded()
    let recorded = Recorded(figure)
    let texts = recorded.texts
    let notes = texts.filter { $0.text.hasPrefix("t = ") || $0.text.hasPrefix("1/e") }
    #expect(notes.count == 3)
    let legend = try #require(recorded.legendFrames.first)
    for note in notes {
      #expect(!note.box.overlaps(legend), "\(note.text) covers the legend")
      for other in texts where other.text != note.text {
        #expect(!note.box.overlaps(other.box), "\(note.text) collides with \(other.text)")
      }
    }
    // No note sits on a curve: sample both lines in device space.
    let plan = FigureRenderer.layout(
      figure.panels[0], in: Rect(x: 2, y: 2, width: 412, height: 272), backend: recorded.backend)
    for note in notes {
      for x in stride(from: 0.0, through: 100, by: 0.5) {
        for y in [20 + 0.6 * x, 30 + 0.5 * x] {
          guard let p = plan.transform(x, y) else { continue }
          #expect(!note.box.insetBy(left: 1, top: 1, right: 1, bottom: 1).contains(p), "\(note.text) on a curve")
        }
      }
    }
  }

  @Test func coincidingLinesAreDashedAndSaySo() {
    let x = [0.0, 1, 2, 3]
    let figure = Figure(panels: [
      Axes(series: [
        .line(LineSeries(label: "SGD", x: x, y: [1, 0.5, 0.25, 0.1], color: Palette.color(0))),
        .line(LineSeries(label: "momentum", x: x, y: [1, 0.5, 0.25, 0.1], color: Palette.color(1))),
      ])
    ])
    let recorded = Recorded(figure)
    #expect(recorded.backend.texts.contains("momentum (same as SGD)"))
    let dashed = recorded.backend.calls.contains { call in
      if case .stroke(_, let style) = call { return style.color == Palette.color(1) && style.dash != .solid }
      return false
    }
    #expect(dashed)
  }

  @Test func wrappingLeavesNoSingleWordLine() {
    let measure = { (text: String) in Double(text.count) }
    let lines = TextWrap.lines("one two three four five six seven eight nine ten", width: 44, measure: measure)
    #expect(lines.count == 2)
    #expect(lines.allSatisfy { $0.split(separator: " ").count >= 2 })
    let balanced = TextWrap.balancedLines("Final test accuracy over learning rate and 1 - beta1", width: 40, measure: measure)
    #expect(balanced.count == 2)
    #expect(abs(balanced[0].count - balanced[1].count) <= 8)
  }

  @Test func chineseWrapsBetweenCharactersAndNeverBeforeClosingPunctuation() {
    let measure = { (text: String) in Double(text.count) }
    let text = "κ：Hessian 矩阵的条件数。图为最小二乘损失，每步一个点。"
    let lines = TextWrap.lines(text, width: 10, measure: measure)
    #expect(lines.allSatisfy { $0.count <= 10 }, "\(lines)")
    #expect(lines.joined() == text.replacingOccurrences(of: "Hessian ", with: "Hessian"))
    #expect(lines.allSatisfy { !"，。：".contains($0.first ?? " ") }, "\(lines)")
    // A space between words survives inside a line, as before.
    #expect(TextWrap.lines("图 3 shows it", width: 40, measure: measure) == ["图 3 shows it"])
  }

  @Test func oneNumberFormatPerScale() {
    let labels = TickFormatter.consistent([1000, 10000, 100000, 1e6])
    #expect(labels == ["10³", "10⁴", "10⁵", "10⁶"])
    #expect(TickFormatter.consistent([0.3, 1, 3, 1e5]) == ["3×10⁻¹", "10⁰", "3×10⁰", "10⁵"])
    #expect(TickFormatter.consistent([0.1, 0.2, 0.5, 1]) == ["0.1", "0.2", "0.5", "1"])
    #expect(TickFormatter.consistent([2000, 50000, 200000]) == ["2×10³", "5×10⁴", "2×10⁵"])
  }

  @Test func missingBarSaysWhy() {
    let figure = Figure(panels: [
      Axes(series: [
        .bars(BarSeries(
          categories: ["he", "large"],
          groups: [BarGroup(values: [0.9, .nan], color: .black, missingLabels: ["", "diverged"])]))
      ])
    ])
    #expect(Recorded(figure).backend.texts.contains("diverged"))
  }
}
