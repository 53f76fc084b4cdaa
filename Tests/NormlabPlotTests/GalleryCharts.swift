import NormlabPlot

/// One small, fully deterministic figure per chart kind: the golden images and the gallery.
enum GalleryCharts {
  /// A fixed pseudo-random sequence (SplitMix64), so every figure is reproducible.
  struct Noise {
    var state: UInt64
    mutating func next() -> Double {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      z ^= z >> 31
      return Double(z >> 11) / Double(1 << 53)
    }
    /// Approximately standard normal (sum of 12 uniforms).
    mutating func normal() -> Double { (0..<12).map { _ in next() }.reduce(0, +) - 6 }
  }

  static func exp(_ x: Double) -> Double {
    // Range-reduced series, enough for plotting (tests only).
    var k = 0.0
    var r = x
    while r > 0.5 { r -= 1; k += 1 }
    while r < -0.5 { r += 1; k -= 1 }
    var term = 1.0
    var sum = 1.0
    for n in 1..<20 {
      term *= r / Double(n)
      sum += term
    }
    var e = 1.0
    let base = 2.718281828459045
    if k > 0 { for _ in 0..<Int(k) { e *= base } } else { for _ in 0..<Int(-k) { e /= base } }
    return sum * e
  }

  static var all: [(name: String, figure: Figure)] {
    [
      ("line", line()), ("smoothed", smoothed()), ("band", band()), ("scatter", scatter()),
      ("log-scale", logScale()), ("diverged", diverged()), ("contour", contour()),
      ("contour-lines", contourLines()), ("trajectory", trajectory()), ("heatmap", heatmap()),
      ("histogram", histogram()), ("percentile-band", percentileBand()), ("bars", bars()),
      ("grid", grid()), ("annotations", annotations()), ("symlog", symlog()),
      ("shared-colorbar", sharedColorbar()), ("error-bars", errorBars()),
    ]
  }

  static func loss(_ step: Double, rate: Double, floor: Double) -> Double {
    2.3 * exp(-step / rate) + floor
  }

  static func line() -> Figure {
    let x = (0...40).map { Double($0) * 25 }
    return Figure(
      title: "Training loss",
      panels: [
        Axes(
          xLabel: "step", yLabel: "loss",
          series: [
            .line(LineSeries(label: "with BN", x: x, y: x.map { loss($0, rate: 120, floor: 0.08) }, color: Palette.color(0), markers: true)),
            .line(LineSeries(label: "without BN", x: x, y: x.map { loss($0, rate: 400, floor: 0.2) }, color: Palette.color(1), dash: .dashed, markers: true, markerShape: .square)),
          ])
      ])
  }

  static func smoothed() -> Figure {
    var noise = Noise(state: 7)
    let x = (0..<300).map(Double.init)
    let raw = x.map { loss($0 * 3, rate: 250, floor: 0.15) * (1 + 0.35 * noise.normal()) }
    let raw2 = x.map { loss($0 * 3, rate: 500, floor: 0.3) * (1 + 0.35 * noise.normal()) }
    let a = LineSeries(label: "adam", x: x, y: raw, color: Palette.color(0))
    let b = LineSeries(label: "sgd", x: x, y: raw2, color: Palette.color(1))
    return Figure(
      title: "Smoothed (EMA 0.9) over raw mini-batch loss",
      panels: [
        Axes(
          xLabel: "step", yLabel: "loss", series: a.smoothed(weight: 0.9) + b.smoothed(weight: 0.9),
          secondaryX: .epochs(stepsPerEpoch: 25))
      ])
  }

  static func band() -> Figure {
    let x = (0...60).map { Double($0) }
    func series(_ rate: Double, _ floor: Double, _ color: Color, _ label: String) -> [Series] {
      let mean = x.map { loss($0 * 10, rate: rate, floor: floor) }
      let spread = x.map { 0.05 + 0.15 * exp(-$0 / 20) }
      return [
        .band(BandSeries(x: x, lower: zip(mean, spread).map { $0 - $1 }, upper: zip(mean, spread).map { $0 + $1 }, color: color)),
        .line(LineSeries(label: label, x: x, y: mean, color: color)),
      ]
    }
    return Figure(
      title: "Mean ± std over 5 seeds",
      panels: [Axes(xLabel: "epoch", yLabel: "test loss", series: series(90, 0.1, Palette.color(0), "with BN") + series(250, 0.25, Palette.color(1), "without BN"))])
  }

  static func scatter() -> Figure {
    var noise = Noise(state: 3)
    var series: [Series] = []
    for k in 0..<3 {
      let cx = [0.0, 3, 1.5][k]
      let cy = [0.0, 0.5, 2.6][k]
      let xs = (0..<80).map { _ in cx + 0.6 * noise.normal() }
      let ys = (0..<80).map { _ in cy + 0.6 * noise.normal() }
      series.append(.scatter(ScatterSeries(
        label: "class \(k)", x: xs, y: ys, color: Palette.color(k), radius: 2.5, opacity: 0.75,
        markerShape: [MarkerShape.circle, .triangle, .square][k])))
    }
    return Figure(title: "Blobs dataset", panels: [Axes(xLabel: "x₁", yLabel: "x₂", series: series)])
  }

  static func logScale() -> Figure {
    let x = (1...200).map(Double.init)
    return Figure(
      title: "Log-scale loss",
      panels: [
        Axes(
          xLabel: "step", yLabel: "loss", yScale: .log,
          series: [
            .line(LineSeries(label: "lr 0.1", x: x, y: x.map { 3 * exp(-$0 / 15) + 1e-3 }, color: Palette.color(0))),
            .line(LineSeries(label: "lr 0.01", x: x, y: x.map { 3 * exp(-$0 / 60) + 2e-2 }, color: Palette.color(2))),
          ])
      ])
  }

  static func diverged() -> Figure {
    let x = (0...50).map { Double($0) * 10 }
    var blown = x.map { loss($0, rate: 100, floor: 0.3) + ($0 > 250 ? ($0 - 250) * ($0 - 250) * 1e-4 : 0) }
    for k in blown.indices where x[k] > 340 { blown[k] = .nan }
    return Figure(
      title: "A run that diverged",
      panels: [
        Axes(
          xLabel: "step", yLabel: "loss",
          series: [
            .line(LineSeries(label: "lr 0.01", x: x, y: x.map { loss($0, rate: 150, floor: 0.1) }, color: Palette.color(0))),
            .line(LineSeries(label: "lr 1.0", x: x, y: blown, color: Palette.color(1), divergedAtX: 340)),
          ])
      ])
  }

  /// Rosenbrock's banana valley (with b = 10, so the valley floor is resolved by the grid).
  static func rosenbrock(_ x: Double, _ y: Double) -> Double {
    (1 - x) * (1 - x) + 10 * (y - x * x) * (y - x * x)
  }

  static func bowl(_ x: Double, _ y: Double) -> Double {
    // An elongated quadratic bowl with a little cross term: the classic ill-conditioned valley.
    0.5 * x * x + 4 * y * y + 0.6 * x * y
  }

  static func contour() -> Figure {
    let xs = (0...80).map { -3 + Double($0) * 6 / 80 }
    let ys = (0...60).map { -2 + Double($0) * 4 / 60 }
    let grid = ScalarGrid(x: xs, y: ys) { x, y in
      exp(-((x - 1) * (x - 1) + y * y)) - 0.8 * exp(-((x + 1) * (x + 1) + (y - 0.5) * (y - 0.5)) * 1.5)
    }
    return Figure(
      title: "Filled contours with labelled lines",
      panels: [Axes(xLabel: "x", yLabel: "y", series: [.contour(ContourSeries(grid: grid, levels: .automatic(count: 10), colormap: .rdBu.reversed(), colorbar: Colorbar(label: "f(x, y)")))])])
  }

  static func contourLines() -> Figure {
    let xs = (0...160).map { -2 + Double($0) * 4 / 160 }
    let ys = (0...120).map { -1 + Double($0) * 4 / 120 }
    let grid = ScalarGrid(x: xs, y: ys, function: rosenbrock)
    return Figure(
      title: "Rosenbrock valley, log-spaced contour lines",
      panels: [Axes(xLabel: "w₁", yLabel: "w₂", series: [.contour(ContourSeries(grid: grid, levels: .logarithmic, filled: false, colormap: .magma, lineWidth: 1.1, colorbar: Colorbar(label: "loss")))])])
  }

  static func trajectory() -> Figure {
    let xs = (0...80).map { -4 + Double($0) * 8 / 80 }
    let ys = (0...60).map { -2 + Double($0) * 4 / 60 }
    let grid = ScalarGrid(x: xs, y: ys, function: bowl)
    func descend(lr: Double, momentum: Double) -> ([Double], [Double]) {
      var p = (-3.5, 1.6)
      var v = (0.0, 0.0)
      var px = [p.0]
      var py = [p.1]
      for _ in 0..<25 {
        let g = (p.0 + 0.6 * p.1, 8 * p.1 + 0.6 * p.0)
        v = (momentum * v.0 - lr * g.0, momentum * v.1 - lr * g.1)
        p = (p.0 + v.0, p.1 + v.1)
        px.append(p.0)
        py.append(p.1)
      }
      return (px, py)
    }
    let sgd = descend(lr: 0.22, momentum: 0)
    let momentum = descend(lr: 0.05, momentum: 0.8)
    return Figure(
      title: "Optimizer trajectories on an ill-conditioned bowl",
      panels: [
        Axes(
          xLabel: "w₁", yLabel: "w₂",
          series: [
            .contour(ContourSeries(grid: grid, levels: .values([0.25, 0.5, 1, 2, 4, 8, 16, 32]), filled: false, colormap: .viridis, lineWidth: 0.9, colorbar: nil)),
            .trajectory(TrajectorySeries(label: "SGD, lr 0.22", x: sgd.0, y: sgd.1, color: Palette.color(1))),
            .trajectory(TrajectorySeries(label: "momentum 0.8", x: momentum.0, y: momentum.1, color: Palette.color(0))),
          ])
      ])
  }

  static func heatmap() -> Figure {
    let lrs = [-4.0, -3, -2, -1, 0]
    let batches = [0.0, 1, 2, 3]
    let grid = ScalarGrid(x: [0, 1, 2, 3, 4], y: batches) { i, j in
      let lr = lrs[Int(i)]
      let best = -2.0 + 0.3 * j
      return max(0.1, 0.97 - 0.09 * (lr - best) * (lr - best))
    }
    return Figure(
      title: "Test accuracy over a sweep",
      panels: [
        Axes(
          xLabel: "learning rate", yLabel: "batch size",
          series: [.heatmap(HeatmapSeries(grid: grid, colormap: .viridis, range: 0...1, showValues: true, colorbar: Colorbar(label: "accuracy")))],
          legend: .none, xCategories: ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "1"], yCategories: ["16", "32", "64", "128"])
      ])
  }

  static func histogram() -> Figure {
    var noise = Noise(state: 11)
    let before = (0..<2000).map { _ in 0.8 + 1.7 * noise.normal() }
    let after = (0..<2000).map { _ in noise.normal() }
    return Figure(
      title: "Pre-activation distribution",
      panels: [
        Axes(
          xLabel: "value", yLabel: "density",
          series: [
            .histogram(HistogramSeries(label: "without BN", values: before, color: Palette.color(1), opacity: 0.55, density: true)),
            .histogram(HistogramSeries(label: "with BN", values: after, color: Palette.color(0), opacity: 0.55, density: true)),
          ])
      ])
  }

  static func percentileBand() -> Figure {
    var noise = Noise(state: 5)
    let steps = (0...50).map { Double($0) * 1000 }
    func samples(drift: Double, spread: Double) -> [[Double]] {
      steps.map { s in
        let t = s / 50000
        return (0..<200).map { _ in drift * t * (1 - 0.4 * t) + (spread + 0.6 * drift * t) * noise.normal() }
      }
    }
    return Figure(
      title: "Sigmoid input over training: 15th, 50th and 85th percentiles",
      panels: [
        Axes(title: "without BN", xLabel: "step", yLabel: "input",
             series: [.percentileBand(PercentileBandSeries.fromSamples(label: "without BN", x: steps, samples: samples(drift: 1.2, spread: 0.5), color: Palette.color(1)))]),
        Axes(title: "with BN", xLabel: "step",
             series: [.percentileBand(PercentileBandSeries.fromSamples(label: "with BN", x: steps, samples: samples(drift: 0.0, spread: 0.5), color: Palette.color(0)))]),
      ], columns: 2, shareY: true)
  }

  static func bars() -> Figure {
    Figure(
      title: "Final test accuracy (mean ± std over 3 seeds)",
      panels: [
        Axes(
          yLabel: "accuracy",
          series: [
            .bars(BarSeries(categories: ["sgd", "momentum", "rmsprop", "adam"], groups: [
              BarGroup(label: "without BN", values: [0.81, 0.88, 0.9, 0.91], errors: [0.03, 0.02, 0.015, 0.01], color: Palette.color(1)),
              BarGroup(label: "with BN", values: [0.93, 0.95, 0.94, 0.955], errors: [0.01, 0.008, 0.012, 0.006], color: Palette.color(0)),
            ]))
          ], legend: .best)
      ])
  }

  static func grid() -> Figure {
    let x = (0...30).map { Double($0) }
    func panel(_ title: String, _ rate: Double) -> Axes {
      Axes(
        title: title, xLabel: "epoch", yLabel: "loss",
        series: [
          .line(LineSeries(label: "train", x: x, y: x.map { loss($0 * 10, rate: rate, floor: 0.05) }, color: Palette.color(0))),
          .line(LineSeries(label: "test", x: x, y: x.map { loss($0 * 10, rate: rate, floor: 0.12) }, color: Palette.color(0), dash: .dashed)),
        ])
    }
    return Figure(
      size: Size(460.8, 340), title: "Four optimizers", panels: [panel("sgd", 200), panel("momentum", 90), panel("rmsprop", 60), panel("adam", 40)],
      columns: 2, note: "Shared axes: each row and column uses one scale.", shareX: true, shareY: true)
  }

  static func symlog() -> Figure {
    let x = (0...200).map(Double.init)
    let update = x.map { 300 * exp(-$0 / 25) * (Int($0) % 20 < 10 ? 1 : -1) * (0.5 + 0.5 * exp(-$0 / 80)) }
    let drift = x.map { 0.4 * (1 - exp(-$0 / 40)) - 0.2 }
    return Figure(
      title: "Symmetric log scale: signed values over many decades",
      panels: [
        Axes(
          xLabel: "step", yLabel: "weight update", yScale: .symlog,
          series: [
            .line(LineSeries(label: "layer 1", x: x, y: update, color: Palette.color(0))),
            .line(LineSeries(label: "layer 4", x: x, y: drift, color: Palette.color(2))),
            .reference(ReferenceLine(.horizontal, at: 0, color: .muted, width: 0.8, dash: .solid)),
          ])
      ])
  }

  static func annotations() -> Figure {
    let x = (0...100).map { Double($0) }
    let y = x.map { 0.5 + 0.45 * (1 - exp(-$0 / 12)) - ($0 > 60 ? 0.003 * ($0 - 60) : 0) }
    return Figure(
      title: "Annotations and reference lines",
      panels: [
        Axes(
          xLabel: "epoch", yLabel: "accuracy", yLimits: 0.45...1.02,
          series: [
            .reference(ReferenceLine(label: "chance", .horizontal, at: 0.5)),
            .reference(ReferenceLine(.vertical, at: 60, color: Palette.color(5), dash: .dotted)),
            .line(LineSeries(label: "test accuracy", x: x, y: y, color: Palette.color(0))),
          ],
          annotations: [
            Annotation(text: "lr drop → overfitting", x: 66, y: 0.62, anchor: .left, arrowTo: Point(60, y[60])),
            Annotation(text: "best 0.944", x: 30, y: 0.99, anchor: .bottom, arrowTo: Point(45, 0.947)),
            Annotation(text: "3 seeds, mean", x: 0.02, y: 0.03, color: .muted, inAxesFraction: true),
          ])
      ])
  }

  /// Three panels on one probability scale: one colour bar, classes by colour and shape, the
  /// labelled 0.5 line, the data's aspect, one legend below.
  static func sharedColorbar() -> Figure {
    var noise = Noise(state: 11)
    let xs = (0..<30).map { _ in 2 * noise.normal() }
    let ys = (0..<30).map { _ in noise.normal() }
    let labels = zip(xs, ys).map { $0 + 0.8 * $1 > 0 ? 1 : 0 }
    func panel(_ title: String, sharpness: Double) -> Axes {
      let gx = (0...40).map { -4 + 8 * Double($0) / 40 }
      let gy = (0...20).map { -2 + 4 * Double($0) / 20 }
      let grid = ScalarGrid(x: gx, y: gy) { x, y in 1 / (1 + exp(-sharpness * (x + 0.8 * y))) }
      var series: [Series] = [
        .contour(ContourSeries(
          grid: grid, levels: .values(stride(from: 0.0, through: 1.0, by: 0.1).map { $0 }), lines: false,
          colormap: .rdBu.reversed(), inlineLabels: false, colorbar: Colorbar(label: "P(class 1)"), opacity: 0.8)),
        .contour(ContourSeries(
          label: "P = 0.5", grid: grid, levels: .values([0.5]), filled: false, lineColor: .text, lineWidth: 1.4,
          colorbar: nil)),
      ]
      for k in 0...1 {
        let idx = labels.indices.filter { labels[$0] == k }
        series.append(.scatter(ScatterSeries(
          label: "class \(k)", x: idx.map { xs[$0] }, y: idx.map { ys[$0] },
          color: Color(hex: k == 0 ? 0x2166AC : 0xB2182B), radius: 2.8, opacity: 1,
          markerShape: k == 0 ? .circle : .triangle, edgeColor: .white)))
      }
      return Axes(title: title, xLabel: "x₁", yLabel: "x₂", xLimits: -4...4, yLimits: -2...2, series: series, grid: false, aspect: 1)
    }
    return Figure(
      size: Size(640, 220), title: "One colour bar for panels on one scale",
      panels: [panel("soft", sharpness: 0.8), panel("sharper", sharpness: 2), panel("sharpest", sharpness: 6)],
      columns: 3, legend: .below)
  }

  /// Random trials as points with error bars (no band across the gaps), and two coinciding
  /// schedules told apart by a dash and a "same as" entry.
  static func errorBars() -> Figure {
    var noise = Noise(state: 5)
    let exponents = (0..<9).map { _ in min(-0.5, -4 + 1.6 * abs(noise.normal())) }
    let lr = exponents.map { pow10($0) }
    let accuracy = exponents.map { 0.95 - 0.04 * ($0 + 1.5) * ($0 + 1.5) }
    let spread = exponents.map { 0.01 + 0.01 * abs($0 + 1.5) }
    let steps = (0...100).map(Double.init)
    let schedule = steps.map { 0.1 * exp(-$0 / 40) }
    return Figure(
      size: Size(640, 260), title: "Error bars for random trials; coinciding lines stay visible",
      panels: [
        Axes(
          title: "random search", xLabel: "learning rate", yLabel: "final test accuracy", xScale: .log,
          series: [.scatter(ScatterSeries(label: "trial, mean ± std", x: lr, y: accuracy, color: Palette.color(0), radius: 3, opacity: 1, yErrors: spread))]),
        Axes(
          title: "learning-rate schedules", xLabel: "step", yLabel: "learning rate",
          series: [
            .line(LineSeries(label: "SGD", x: steps, y: schedule, color: Palette.color(0))),
            .line(LineSeries(label: "momentum", x: steps, y: schedule, color: Palette.color(1))),
            .line(LineSeries(label: "Adam", x: steps, y: steps.map { 0.05 * exp(-$0 / 80) }, color: Palette.color(2))),
          ]),
      ], columns: 2)
  }

  static func pow10(_ x: Double) -> Double { exp(x * 2.302585092994046) }
}
