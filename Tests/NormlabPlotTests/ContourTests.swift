import NormlabPlot
import Testing

@Suite struct ContourTests {
  static let axis = (0...80).map { -2 + Double($0) * 0.05 }

  static func radius(_ p: Point) -> Double { (p.x * p.x + p.y * p.y).squareRoot() }

  /// Shoelace area of a closed polygon.
  static func area(_ polygon: [Point]) -> Double {
    var sum = 0.0
    for k in polygon.indices {
      let a = polygon[k]
      let b = polygon[(k + 1) % polygon.count]
      sum += a.x * b.y - b.x * a.y
    }
    return sum / 2
  }

  @Test(arguments: [0.5, 1.0, 1.5, 1.9])
  func circlesOfKnownRadiusAreTracedAsOneClosedLoop(radius: Double) {
    let grid = ScalarGrid(x: Self.axis, y: Self.axis) { x, y in x * x + y * y }
    let lines = ContourTracer.lines(grid, level: radius * radius)
    #expect(lines.count == 1)
    guard let loop = lines.first else { return }
    #expect(loop.first == loop.last, "a circle is a closed loop")
    // Linear interpolation of x² along a cell edge of width h errs by at most h²/(8r).
    let worst = loop.map { abs(Self.radius($0) - radius) }.max() ?? 1
    #expect(worst < 0.05 * 0.05 / (8 * radius) + 1e-12)
    // Roughly 2πr/h points (one per crossed cell edge).
    #expect(loop.count > Int(2 * Double.pi * radius / 0.05))
  }

  @Test func filledRegionOfADiskHasAreaPiRSquared() {
    let grid = ScalarGrid(x: Self.axis, y: Self.axis) { x, y in -(x * x + y * y) }
    let polygons = ContourTracer.region(grid, atLeast: -1)
    let area = polygons.map(Self.area).reduce(0, +)
    #expect(abs(area - Double.pi) < 0.01 * Double.pi)
    // Every polygon winds the same way (positive area), so one fill draws their union.
    #expect(polygons.allSatisfy { Self.area($0) >= -1e-15 })
  }

  /// One cell of f = x·y: corners (−1,−1) and (1,1) are +1, the others −1, the centre 0.
  static let saddle = ScalarGrid(x: [-1, 1], y: [-1, 1], values: [1, -1, -1, 1])

  @Test func saddleAboveTheCentreValueSeparatesTheHighCorners() {
    // Level 0.5 is above the centre average 0, so the two high corners are cut off separately.
    let lines = ContourTracer.lines(Self.saddle, level: 0.5)
    #expect(lines.count == 2)
    let sets = Set(lines.map { Set($0) })
    #expect(sets.contains([Point(-0.5, -1), Point(-1, -0.5)]))
    #expect(sets.contains([Point(0.5, 1), Point(1, 0.5)]))
    let region = ContourTracer.region(Self.saddle, atLeast: 0.5)
    #expect(region.count == 2)
    let total: Double = region.map(Self.area).reduce(0, +)
    #expect(abs(total - 0.25) < 1e-12, "two corner triangles of legs 0.5")
  }

  @Test func saddleBelowTheCentreValueSeparatesTheLowCorners() {
    let lines = ContourTracer.lines(Self.saddle, level: -0.5)
    #expect(lines.count == 2)
    let sets = Set(lines.map { Set($0) })
    #expect(sets.contains([Point(0.5, -1), Point(1, -0.5)]))
    #expect(sets.contains([Point(-0.5, 1), Point(-1, 0.5)]))
    // The region above −0.5 is one hexagon joining the high corners: 4 − 2 corner triangles.
    let region = ContourTracer.region(Self.saddle, atLeast: -0.5)
    #expect(region.count == 1)
    let total: Double = region.map(Self.area).reduce(0, +)
    #expect(abs(total - 3.75) < 1e-12)
  }

  @Test func segmentsJoinAcrossCellsIntoOnePolylinePerCurve() {
    // f = y − x on a 10 × 10 grid: the level-0 line is one open polyline along the diagonal.
    let xs = (0...9).map(Double.init)
    let grid = ScalarGrid(x: xs, y: xs) { x, y in y - x + 0.5 }
    let lines = ContourTracer.lines(grid, level: 0)
    #expect(lines.count == 1)
    #expect((lines.first?.count ?? 0) >= 18)
    #expect(lines.first?.allSatisfy { abs($0.y - $0.x + 0.5) < 1e-12 } == true)
  }

  @Test func holesAndShortGridsDoNotCrash() {
    var values = (0..<25).map { Double($0) }
    values[12] = .nan
    values[3] = .infinity
    let grid = ScalarGrid(x: [0, 1, 2, 3, 4], y: [0, 1, 2, 3, 4], values: values)
    _ = ContourTracer.lines(grid, level: 10)
    _ = ContourTracer.region(grid, atLeast: 10)
    #expect(ContourTracer.lines(ScalarGrid(x: [0], y: [0], values: [1]), level: 1).isEmpty)
    #expect(ContourTracer.levelValues(.automatic(count: 5), grid: ScalarGrid(x: [], y: [], values: []), filled: true).isEmpty)
    // A short value list is padded with NaN rather than trapping.
    #expect(ScalarGrid(x: [0, 1], y: [0, 1], values: [1]).values.count == 4)
  }

  @Test func levelsComeFromTheNiceNumberAndLogLocators() {
    let grid = ScalarGrid(x: [0, 1], y: [0, 1], values: [0.13, 0.4, 0.55, 0.87])
    let filled: [Double] = ContourTracer.levelValues(.automatic(count: 8), grid: grid, filled: true)
    #expect(filled == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
    let lines: [Double] = ContourTracer.levelValues(.automatic(count: 8), grid: grid, filled: false)
    #expect(lines == [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    let wide = ScalarGrid(x: [0, 1], y: [0, 1], values: [0.003, 0.5, 20, 4000])
    let logLevels: [Double] = ContourTracer.levelValues(.logarithmic, grid: wide, filled: true)
    #expect(logLevels == [0.001, 0.01, 0.1, 1, 10, 100, 1000, 10000])
    #expect(ContourTracer.levelValues(.values([3, .nan, 1, 2, 2]), grid: wide, filled: true) == [1, 2, 3])
  }
}

@Suite struct SmoothingAndStatisticsTests {
  @Test func emaMatchesHandComputedDebiasedValues() {
    // w = 0.5: last = 0.5, 1.25, 2.125; debias 0.5, 0.75, 0.875.
    let out = Smoothing.exponentialMovingAverage([1, 2, 3], weight: 0.5)
    let expected = [1.0, 1.25 / 0.75, 2.125 / 0.875]
    for (a, b) in zip(out, expected) { #expect(abs(a - b) < 1e-12) }
    // w = 0.9 on [10, 0]: 1.0 / 0.1 = 10, then (0.9 + 0) / 0.19.
    let second = Smoothing.exponentialMovingAverage([10, 0], weight: 0.9)
    #expect(abs(second[0] - 10) < 1e-12)
    #expect(abs(second[1] - 0.9 / 0.19) < 1e-12)
  }

  @Test func emaPassesNonFiniteValuesThroughAndKeepsConstantsConstant() {
    let out = Smoothing.exponentialMovingAverage([1, .nan, 3, .infinity], weight: 0.5)
    #expect(out[0] == 1)
    #expect(out[1].isNaN)
    #expect(abs(out[2] - 1.75 / 0.75) < 1e-12, "the NaN does not count as a step")
    #expect(out[3] == .infinity)
    #expect(Smoothing.exponentialMovingAverage([0.3, 0.3, 0.3], weight: 0.99) == [0.3, 0.3, 0.3])
    #expect(Smoothing.exponentialMovingAverage([], weight: 0.6).isEmpty)
    #expect(Smoothing.exponentialMovingAverage([1, 5, 2], weight: 0) == [1, 5, 2])
  }

  @Test func smoothedLineIsFaintRawUnderLabelledSmooth() {
    let line = LineSeries(label: "adam", x: [0, 1, 2], y: [1, 2, 3], color: Palette.color(0))
    let series = line.smoothed(weight: 0.5)
    guard case .line(let raw) = series[0], case .line(let smooth) = series[1] else {
      Issue.record("expected two lines")
      return
    }
    #expect(raw.label == nil && raw.opacity < 0.5 && raw.y == [1, 2, 3])
    #expect(smooth.label == "adam" && smooth.opacity == 1)
    #expect(abs(smooth.y[2] - 2.125 / 0.875) < 1e-12)
  }

  @Test func percentilesAndHistogramBinsMatchNumpy() {
    // numpy.percentile([1, 2, 3, 4], 15) == 1.45; NaN is ignored here.
    #expect(abs(Statistics.percentile([4, 1, .nan, 3, 2], 15) - 1.45) < 1e-12)
    #expect(Statistics.percentile([.nan], 50).isNaN)
    // numpy.histogram_bin_edges(v, "auto") has 8 bins for this data, with these counts.
    let values = (0..<100).map { Double(($0 * $0) % 37) }
    let edges = Statistics.histogramEdges(values, bins: .automatic)
    #expect(edges.count == 9 && edges.first == 0 && edges.last == 36)
    #expect(Statistics.histogramCounts(values, edges: edges) == [19, 5, 21, 5, 6, 10, 17, 17])
    let other = (0..<500).map { Double(($0 * 7919) % 1000) / 10 }
    #expect(Statistics.histogramEdges(other, bins: .automatic).count == 11)
  }

  @Test func percentileBandFromSamplesLeavesGapsWhereNoData() {
    let band = PercentileBandSeries.fromSamples(
      x: [0, 1, 2], samples: [[1, 2, 3, 4], [], [5]], color: .black)
    #expect(abs(band.lower[0] - 1.45) < 1e-12)
    #expect(band.median[0] == 2.5)
    #expect(band.median[1].isNaN)
    #expect(band.upper[2] == 5)
  }

  @Test func colormapsMatchMatplotlibAtSamplePoints() {
    // matplotlib 3.10 values of cmap(t)[:3] at t = 0, 0.3, 0.5, 0.77, 1 (ListedColormap lookup).
    let reference: [(Colormap, [(Double, Double, Double)])] = [
      (.viridis, [(0.267, 0.0049, 0.3294), (0.2068, 0.3718, 0.5531), (0.1276, 0.5669, 0.5506), (0.4129, 0.803, 0.3573), (0.9932, 0.9062, 0.1439)]),
      (.magma, [(0.0015, 0.0005, 0.0139), (0.3904, 0.1004, 0.5019), (0.7164, 0.215, 0.4753), (0.9909, 0.5727, 0.3987), (0.9871, 0.9914, 0.7495)]),
      (.cividis, [(0.0, 0.1351, 0.3048), (0.3096, 0.3404, 0.4248), (0.4887, 0.4853, 0.471), (0.757, 0.6971, 0.4147), (0.9957, 0.9093, 0.2178)]),
      (.rdBu, [(0.4039, 0.0, 0.1216), (0.9546, 0.6418, 0.5057), (0.9657, 0.9672, 0.9681), (0.3478, 0.6303, 0.7938), (0.0196, 0.1882, 0.3804)]),
    ]
    for (map, colors) in reference {
      for (t, rgb) in zip([0.0, 0.3, 0.5, 0.77, 1.0], colors) {
        let c = map.color(at: t)
        // matplotlib picks the nearest of 256 entries and we interpolate: on RdBu's steep
        // stretches that differs by up to half an entry's step, about 0.01.
        let error: Double = max(abs(c.red - rgb.0), abs(c.green - rgb.1), abs(c.blue - rgb.2))
        #expect(error < 0.01, "\(map.name) at \(t)")
      }
    }
    #expect(Colormap.named("viridis_r")?.color(at: 0) == Colormap.viridis.color(at: 1))
    #expect(Colormap.viridis.color(at: .nan).alpha == 0)
  }
}

@Suite struct ContourLabelTests {
  /// The label boxes of a contour chart, as the painter sizes them (rotated text bounds).
  static func labelBoxes(_ figure: Figure) -> (boxes: [Rect], texts: [String]) {
    var backend = RecordingBackend()
    FigureRenderer.draw(figure, in: Rect(x: 0, y: 0, width: figure.size.width, height: figure.size.height), on: &backend)
    var boxes: [Rect] = []
    var texts: [String] = []
    for call in backend.calls {
      guard case .text(let text, let p, let style, .center, let angle) = call, style.size == 7.5 else { continue }
      let size = backend.measure(text, style: style)
      let c = abs(cosine(angle))
      let s = abs(sine(angle))
      let w = size.width * c + size.height * s
      let h = size.width * s + size.height * c
      boxes.append(Rect(x: p.x - w / 2, y: p.y - h / 2, width: w, height: h))
      texts.append(text)
    }
    return (boxes, texts)
  }

  static func cosine(_ x: Double) -> Double { sine(x + Double.pi / 2) }
  static func sine(_ x: Double) -> Double {
    // Taylor series after reduction to [−π, π]; enough for a test.
    var r = x.truncatingRemainder(dividingBy: 2 * Double.pi)
    if r > Double.pi { r -= 2 * Double.pi }
    if r < -Double.pi { r += 2 * Double.pi }
    var term = r
    var sum = r
    for n in 1..<12 {
      term *= -r * r / Double((2 * n) * (2 * n + 1))
      sum += term
    }
    return sum
  }

  @Test func inlineLabelsDoNotOverlapAndStayInsideThePlot() {
    // Concentric circles packed closely: labels compete for room.
    let axis = (0...60).map { -3 + Double($0) * 0.1 }
    let grid = ScalarGrid(x: axis, y: axis) { x, y in x * x + y * y }
    let figure = Figure(panels: [Axes(series: [.contour(ContourSeries(grid: grid, levels: .automatic(count: 14), filled: false))])])
    let (boxes, texts) = Self.labelBoxes(figure)
    #expect(boxes.count >= 5, "most circles get a label")
    for i in boxes.indices {
      for j in boxes.indices where j > i {
        #expect(!boxes[i].intersects(boxes[j]), "\(texts[i]) overlaps \(texts[j])")
      }
    }
    // Labels carry the level values from the nice-number locator, without float noise.
    #expect(texts.allSatisfy { Double($0) != nil && $0.count <= 3 })
  }

  @Test func labelsInterruptTheirLine() {
    // One straight level line with its label: the line is drawn in two pieces around the text.
    let xs = (0...40).map { Double($0) / 4 }
    let grid = ScalarGrid(x: xs, y: xs) { x, _ in x }
    let figure = Figure(panels: [Axes(series: [.contour(ContourSeries(grid: grid, levels: .values([5]), filled: false, colorbar: nil))])])
    var backend = RecordingBackend()
    FigureRenderer.draw(figure, in: Rect(x: 0, y: 0, width: 460, height: 288), on: &backend)
    let (boxes, _) = Self.labelBoxes(figure)
    #expect(boxes.count == 1)
    let pieces = backend.calls.filter {
      if case .stroke(let path, let style) = $0 { return style.width == 0.7 && path.elements.count >= 2 }
      return false
    }
    #expect(pieces.count == 2)
  }
}
