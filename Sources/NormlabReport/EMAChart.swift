import NormlabEngine
import NormlabPlot
import RealModule

/// The exponentially weighted average figure of the course notes: a noisy daily series (a
/// deterministic, temperature-like one, so every report shows the same picture) with its
/// averages for several beta, with and without bias correction, and the (1 − ε)^(1/ε) ≈ 1/e
/// argument for the effective window 1 / (1 − β).
enum EMAChart {
  static let betas = [0.5, 0.9, 0.98]

  /// A year of noisy "temperatures": a seasonal cosine plus Gaussian noise from a fixed seed.
  static func series(days: Int = 240) -> (x: [Double], y: [Double]) {
    var rng = SplitMix64(seed: 2017)
    let x = (1...days).map(Double.init)
    let y = x.map { day in
      let seasonal = 60 - 22 * Double.cos(2 * Double.pi * (day + 15) / 365)
      return ((seasonal + 6 * rng.nextNormal()) * 10).rounded() / 10
    }
    return (x, y)
  }

  /// v_t = β v_(t−1) + (1 − β) θ_t from v_0 = 0; with `biasCorrected`, v_t / (1 − β^t)
  /// (Kingma & Ba 2014, section 3).
  static func average(_ values: [Double], beta: Double, biasCorrected: Bool) -> [Double] {
    var v = 0.0
    var power = 1.0
    return values.map { theta in
      v = beta * v + (1 - beta) * theta
      power *= beta
      return biasCorrected ? v / (1 - power) : v
    }
  }

  static func figure(_ strings: ReportStrings) -> Figure {
    let (x, y) = series()
    var left: [Series] = [
      .scatter(ScatterSeries(label: strings[.dailyValue], x: x, y: y, color: Color(hex: 0x888888), radius: 1.6, opacity: 0.55))
    ]
    var notes: [Annotation] = []
    for (index, beta) in betas.enumerated() {
      let color = Palette.color([0, 1, 2][index])
      let corrected = average(y, beta: beta, biasCorrected: true)
      let raw = average(y, beta: beta, biasCorrected: false)
      let window = 1 / (1 - beta)
      left.append(.line(LineSeries(x: x, y: raw, color: color, width: 1.1, dash: .dashed)))
      left.append(.line(LineSeries(
        label: strings(.emaWindow, format(beta), format(window)), x: x, y: corrected, color: color, width: 1.7)))
      // Point at day 1/(1 − β): the average's memory, where a day's weight has fallen to ~1/e.
      let day = Int(window.rounded())
      if day >= 5, day < x.count {
        notes.append(Annotation(
          text: "t = 1/(1−β) = \(day)", x: x[day - 1], y: corrected[day - 1] - 22 - 6 * Double(index), color: color, anchor: .top,
          arrowTo: Point(x[day - 1], corrected[day - 1])))
      }
    }
    let ema = Axes(
      title: strings[.emaLeftTitle], xLabel: strings[.dayAxis],
      yLabel: strings[.valueAxis], yLimits: 0...125, series: left, annotations: notes, legend: .upperLeft)

    // 1 − x against ln(1/x): equal slope and value at x = 1, so (1 − ε)^(1/ε) = e^(ln(1 − ε)/ε) ≈ 1/e.
    let grid = (1...120).map { 0.1 + 1.9 * Double($0 - 1) / 119 }
    let epsilons = [0.5, 0.1, 0.02]
    let identity = Axes(
      title: "(1 − ε)^(1/ε) ≈ 1/e", xLabel: "x", yLabel: "y",
      yLimits: -1.2...2.4,
      series: [
        .line(LineSeries(label: "y = ln(1/x)", x: grid, y: grid.map { -Double.log($0) }, color: Palette.color(0), width: 1.7)),
        .line(LineSeries(label: "y = 1 − x", x: grid, y: grid.map { 1 - $0 }, color: Palette.color(1), width: 1.7, dash: .dashed)),
        .scatter(ScatterSeries(x: [1], y: [0], color: .text, radius: 2.5, opacity: 1)),
      ],
      annotations: [
        // One note, one line per ε, in the empty lower left: placed as a block, so the lines
        // keep their order.
        Annotation(
          text: epsilons.map { eps in
            "ε = \(format(eps)): (1 − ε)^(1/ε) = \(format(Double.pow(1 - eps, 1 / eps), digits: 3))"
          }.joined(separator: "\n") + "\n1/e = 0.368",
          x: 0.03, y: 0.03, color: .text, anchor: .bottomLeft, inAxesFraction: true)
      ],
      legend: .upperRight)
    var figure = Figure(
      size: Size(640, 288), title: strings[.emaTitle], panels: [ema, identity], columns: 2)
    figure.note = strings[.emaNote]
    return figure
  }

  static func format(_ value: Double, digits: Int = 3) -> String {
    TickFormatter.compact(value, significant: digits)
  }
}
