import NormlabPlot
import Testing

/// Tick positions and labels checked against matplotlib 3.10's `MaxNLocator(nbins,
/// steps=[1, 2, 2.5, 5, 10])` and `ScalarFormatter` on the same ranges (values recorded from
/// matplotlib; its offset text "1e−9" is written "×10⁻⁹" here).
@Suite struct TickTests {
  struct TickCase: Sendable, CustomTestStringConvertible {
    var lower: Double
    var upper: Double
    var bins: Int
    var ticks: [Double]
    var labels: [String]
    var offset: String
    init(_ lower: Double, _ upper: Double, bins: Int, ticks: [Double], labels: [String], offset: String) {
      self.lower = lower
      self.upper = upper
      self.bins = bins
      self.ticks = ticks
      self.labels = labels
      self.offset = offset
    }
    var testDescription: String { "[\(lower), \(upper)] in \(bins) bins" }
  }

  static let matplotlibCases: [TickCase] = [
    TickCase(0, 1, bins: 5, ticks: [0.0, 0.2, 0.4, 0.6, 0.8, 1.0], labels: ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], offset: ""),
    TickCase(0, 1, bins: 9, ticks: [0.0, 0.2, 0.4, 0.6, 0.8, 1.0], labels: ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], offset: ""),
    TickCase(-1, 1, bins: 6, ticks: [-1.0, -0.5, 0.0, 0.5, 1.0], labels: ["−1.0", "−0.5", "0.0", "0.5", "1.0"], offset: ""),
    TickCase(0.1, 0.7, bins: 5, ticks: [0.2, 0.4, 0.6], labels: ["0.2", "0.4", "0.6"], offset: ""),
    TickCase(0, 50, bins: 9, ticks: [0.0, 10.0, 20.0, 30.0, 40.0, 50.0], labels: ["0", "10", "20", "30", "40", "50"], offset: ""),
    TickCase(0, 1000, bins: 8, ticks: [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0], labels: ["0", "200", "400", "600", "800", "1000"], offset: ""),
    TickCase(-3.7, 12.2, bins: 7, ticks: [-2.5, 0.0, 2.5, 5.0, 7.5, 10.0], labels: ["−2.5", "0.0", "2.5", "5.0", "7.5", "10.0"], offset: ""),
    TickCase(1e-09, 3e-09, bins: 5, ticks: [1e-09, 1.5e-09, 2e-09, 2.5e-09, 3e-09], labels: ["1.0", "1.5", "2.0", "2.5", "3.0"], offset: "×10⁻⁹"),
    TickCase(0.0012, 0.0031, bins: 6, ticks: [0.0015, 0.002, 0.0025, 0.003], labels: ["0.0015", "0.0020", "0.0025", "0.0030"], offset: ""),
    TickCase(1000000.0, 1000007.0, bins: 6, ticks: [1000000.0, 1000002.0, 1000004.0, 1000006.0], labels: ["0", "2", "4", "6"], offset: "+1×10⁶"),
    TickCase(250000000.0, 910000000.0, bins: 6, ticks: [400000000.0, 600000000.0, 800000000.0], labels: ["4", "6", "8"], offset: "×10⁸"),
    TickCase(-250, -12, bins: 7, ticks: [-250.0, -200.0, -150.0, -100.0, -50.0], labels: ["−250", "−200", "−150", "−100", "−50"], offset: ""),
    TickCase(99.95, 100.05, bins: 5, ticks: [99.96, 99.98, 100.0, 100.02, 100.04], labels: ["−0.04", "−0.02", "0.00", "0.02", "0.04"], offset: "+100"),
    TickCase(0, 0.3, bins: 6, ticks: [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3], labels: ["0.00", "0.05", "0.10", "0.15", "0.20", "0.25", "0.30"], offset: ""),
    TickCase(-1e-12, 1e-12, bins: 4, ticks: [-1e-12, -5e-13, 0.0, 5e-13, 1e-12], labels: ["−1.0", "−0.5", "0.0", "0.5", "1.0"], offset: "×10⁻¹²"),
    TickCase(3, 3.9, bins: 9, ticks: [3.0, 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 3.7, 3.8, 3.9], labels: ["3.0", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9"], offset: ""),
    TickCase(0, 7, bins: 9, ticks: [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], labels: ["0", "1", "2", "3", "4", "5", "6", "7"], offset: ""),
    TickCase(-0.05, 2.35, bins: 9, ticks: [0.0, 0.5, 1.0, 1.5, 2.0], labels: ["0.0", "0.5", "1.0", "1.5", "2.0"], offset: ""),
    TickCase(0, 30, bins: 9, ticks: [0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0], labels: ["0", "5", "10", "15", "20", "25", "30"], offset: ""),
    TickCase(1e-05, 9e-05, bins: 8, ticks: [1e-05, 2e-05, 3e-05, 4e-05, 5e-05, 6e-05, 7e-05, 8e-05, 9e-05], labels: ["1", "2", "3", "4", "5", "6", "7", "8", "9"], offset: "×10⁻⁵"),
    TickCase(0.00012, 0.00047, bins: 6, ticks: [0.0002, 0.0003, 0.0004], labels: ["0.0002", "0.0003", "0.0004"], offset: ""),
    TickCase(123456, 987654, bins: 5, ticks: [200000.0, 400000.0, 600000.0, 800000.0], labels: ["200000", "400000", "600000", "800000"], offset: ""),
    TickCase(-50000000.0, 50000000.0, bins: 4, ticks: [-50000000.0, -25000000.0, 0.0, 25000000.0, 50000000.0], labels: ["−5.0", "−2.5", "0.0", "2.5", "5.0"], offset: "×10⁷"),
    TickCase(0.5, 0.52, bins: 5, ticks: [0.5, 0.505, 0.51, 0.515, 0.52], labels: ["0.500", "0.505", "0.510", "0.515", "0.520"], offset: ""),
  ]

  @Test(arguments: matplotlibCases)
  func linearTicksMatchMatplotlib(_ c: TickCase) {
    let ticks = TickLocator.linearTicks(lower: c.lower, upper: c.upper, bins: c.bins)
    #expect(ticks.count == c.ticks.count, "\(ticks)")
    for (ours, theirs) in zip(ticks, c.ticks) {
      #expect(abs(ours - theirs) <= 1e-9 * max(abs(theirs), abs(c.upper - c.lower)), "\(ticks)")
    }
    let set = TickLocator.ticks(lower: c.lower, upper: c.upper, scale: .linear, maxTicks: c.bins + 1)
    #expect(set.ticks.map(\.label) == c.labels)
    #expect(set.multiplierLabel == c.offset)
  }

  @Test func tickValuesCarryNoFloatNoise() {
    // 3 × 0.1 in binary is 0.30000000000000004; the locator must return the double nearest 0.3.
    let ticks = TickLocator.linearTicks(lower: 0, upper: 0.3, bins: 6)
    #expect(ticks.contains(0.3))
    #expect(ticks.contains(0.15))
    let labels = TickFormatter.labels(for: [0.1, 0.2, 0.30000000000000004]).labels
    #expect(labels == ["0.1", "0.2", "0.3"])
  }

  @Test func degenerateRangesNeverCrash() {
    #expect(TickLocator.linearTicks(lower: 2, upper: 2, bins: 5) == [2])
    #expect(TickLocator.linearTicks(lower: .nan, upper: 1, bins: 5).isEmpty)
    #expect(TickLocator.linearTicks(lower: 0, upper: .infinity, bins: 5).isEmpty)
    #expect(TickLocator.linearTicks(lower: 1, upper: 0, bins: 5).isEmpty)
    #expect(TickLocator.ticks(lower: 0, upper: 0, scale: .log).ticks.isEmpty)
    #expect(TickFormatter.labels(for: [.nan, 1, 2]).labels == ["", "1", "2"])
  }

  @Test func singleValueAndNaNDataAutoscaleToReadableTicks() {
    // One finite value among NaN and infinities: limits pad around it, ticks stay finite.
    let axes = Axes(series: [.line(LineSeries(x: [0, 1, 2, 3], y: [.nan, 5, .infinity, .nan], color: .black))])
    let limits = FigureRenderer.limits(of: axes)
    #expect(limits.y.contains(5) && limits.y.lowerBound < 5 && limits.y.upperBound > 5)
    let ticks = TickLocator.ticks(lower: limits.y.lowerBound, upper: limits.y.upperBound, scale: .linear)
    #expect(ticks.ticks.count >= 2)
    #expect(ticks.ticks.allSatisfy { $0.value.isFinite && !$0.label.contains("nan") })
    // All-NaN data falls back to [0, 1].
    let empty = Axes(series: [.line(LineSeries(x: [0, 1], y: [.nan, .nan], color: .black))])
    #expect(FigureRenderer.limits(of: empty).y == 0...1)
  }

  @Test func logAxisHasDecadeMajorsAndMinorTicks() {
    let set = TickLocator.ticks(lower: 1e-3, upper: 10, scale: .log)
    let majors = set.ticks.filter(\.isMajor)
    #expect(majors.map(\.value) == [1e-3, 1e-2, 1e-1, 1, 10])
    #expect(majors.map(\.label) == ["10⁻³", "10⁻²", "10⁻¹", "1", "10"])
    let minors = set.ticks.filter { !$0.isMajor }.map(\.value)
    #expect(minors.count == 4 * 8)
    #expect(minors.contains { abs($0 - 0.05) < 1e-12 })
    // Thirty decades: majors thin out to at most about eight labels.
    let wide = TickLocator.ticks(lower: 1e-15, upper: 1e15, scale: .log).ticks.filter(\.isMajor)
    #expect(wide.count <= 9 && wide.count >= 4)
  }

  @Test func symlogIsLinearNearZeroAndLogarithmicBeyond() {
    #expect(SymmetricLog.forward(0) == 0)
    #expect(abs(SymmetricLog.forward(0.5) - 0.5 / 0.9) < 1e-12)
    #expect(abs(SymmetricLog.forward(100) - (1 / 0.9 + 2)) < 1e-12)
    #expect(abs(SymmetricLog.forward(-100) + SymmetricLog.forward(100)) < 1e-12)
    for v in [-5000.0, -3, -0.2, 0, 0.7, 1, 42, 1e6] {
      #expect(abs(SymmetricLog.inverse(SymmetricLog.forward(v)) - v) <= 1e-9 * max(1, abs(v)))
    }
    let set = TickLocator.ticks(lower: -300, upper: 1000, scale: .symlog)
    let majors = set.ticks.filter(\.isMajor)
    #expect(majors.map(\.value) == [-100, -10, -1, 0, 1, 10, 100, 1000])
    #expect(majors.map(\.label) == ["−10²", "−10", "−1", "0", "1", "10", "10²", "10³"])
    // Equal decades take equal room.
    let axis = AxisTransform(lower: -300, upper: 1000, scale: .symlog, deviceStart: 0, deviceEnd: 100)
    let decade = (axis(100) ?? 0) - (axis(10) ?? 0)
    #expect(abs(((axis(1000) ?? 0) - (axis(100) ?? 0)) - decade) < 1e-9)
    #expect(abs(((axis(-10) ?? 0) - (axis(-100) ?? 0)) - decade) < 1e-9)
  }

  @Test func offsetRuleFollowsMatplotlib() {
    #expect(TickFormatter.offset(for: [1_000_000, 1_000_002, 1_000_004]) == 1_000_000)
    #expect(TickFormatter.offset(for: [-1_000_004, -1_000_000]) == -1_000_000)
    #expect(TickFormatter.offset(for: [0, 10, 20]) == 0)
    #expect(TickFormatter.offset(for: [1000, 1010]) == 0)
  }
}
