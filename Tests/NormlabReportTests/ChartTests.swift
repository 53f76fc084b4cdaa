import NormlabExperiment
import NormlabPlot
import Testing

@testable import NormlabReport

/// Draws a figure on the recording backend and returns every text it drew.
func drawnTexts(_ figure: Figure) -> [String] {
  var backend = RecordingBackend()
  FigureRenderer.draw(figure, in: Rect(x: 0, y: 0, width: figure.size.width, height: figure.size.height), on: &backend)
  return backend.texts
}

func lines(_ axes: Axes) -> [LineSeries] {
  axes.series.compactMap { if case .line(let s) = $0 { return s } else { return nil } }
}

@Suite struct ChartTests {
  let result = Fixture.result()

  @Test func lossCurvesShowMeanBandAndLegendPerVariantAndSplit() throws {
    let figure = try #require(ChartBuilder.figure(named: "loss", result: result))
    let axes = try #require(figure.panels.first)
    let labelled = lines(axes).compactMap(\.label)
    // Colour names the variant, the dash says train or test: one entry each, plus the two dashes.
    #expect(labelled == ["without BN", "with BN", "train", "test"])
    let bands = axes.series.filter { if case .band = $0 { return true } else { return false } }
    #expect(bands.count == 4)
    // Seed 1 and 2 differ by the wiggle, so the band has width; the mean is their average.
    let trainNoBN = try #require(lines(axes).first { $0.label == "without BN" })
    #expect(trainNoBN.dash == .solid)
    let runs = result.runs.filter { $0.variant == "no-bn" }
    let expected = ((runs[0].history.trainLoss[5] ?? 0) + (runs[1].history.trainLoss[5] ?? 0)) / 2
    #expect(abs(trainNoBN.y[5] - expected) < 1e-12)
    #expect(axes.yScale == .linear)  // 0.05 ... 1: under two decades
    let texts = drawnTexts(figure)
    #expect(texts.contains("without BN") && texts.contains("test"))
    #expect(texts.contains("step"))
  }

  @Test func lossSwitchesToLogScaleBeyondTwoDecades() throws {
    var wide = result
    for i in wide.runs.indices {
      wide.runs[i].history.trainLoss = wide.runs[i].history.trainLoss.enumerated().map { k, _ in Double.pow(10, -Double(k) / 5) }
    }
    let axes = try #require(ChartBuilder.figure(named: "loss", result: wide)?.panels.first)
    #expect(axes.yScale == .log)
  }

  @Test func noisyMeanIsDrawnFaintlyUnderItsSmoothedLine() throws {
    var noisy = result
    for i in noisy.runs.indices {
      noisy.runs[i].history.trainLoss = noisy.runs[i].history.trainLoss.enumerated().map { k, v in (v ?? 0) + (k % 2 == 0 ? 0.2 : -0.2) }
    }
    let axes = try #require(ChartBuilder.figure(named: "loss", result: noisy)?.panels.first)
    let faint = lines(axes).filter { $0.label == nil && $0.opacity < 0.5 }
    #expect(faint.count == 2)  // the train curve of each variant
    let smoothed = try #require(lines(axes).first { $0.label == "with BN" })
    let raw = try #require(faint.last)
    #expect(smoothed.y != raw.y)
    #expect(abs(smoothed.y[10] - raw.y[10]) < 0.2)
  }

  @Test func accuracyAndLearningRateCharts() throws {
    let accuracy = try #require(ChartBuilder.figure(named: "accuracy", result: result))
    #expect(drawnTexts(accuracy).contains("with BN"))
    let rate = try #require(ChartBuilder.figure(named: "learning_rate", result: result))
    #expect(lines(rate.panels[0]).compactMap(\.label) == ["without BN", "with BN"])
  }

  @Test func emaFigureHasThreeBetasWithAndWithoutBiasCorrection() throws {
    let figure = try #require(ChartBuilder.figure(named: "ema", result: result))
    #expect(figure.panels.count == 2)
    let ema = lines(figure.panels[0])
    #expect(ema.compactMap(\.label).count == 3)
    #expect(ema.filter { $0.dash == .dashed }.count == 3)
    let texts = drawnTexts(figure)
    #expect(texts.contains { $0.hasPrefix("β = 0.98") && $0.contains("50 days") })
    #expect(texts.contains("y = ln(1/x)"))
    #expect(texts.contains("1/e = 0.368"))
  }

  @Test func emaBiasCorrectionMatchesTheClosedForm() {
    // v_2 = (1 - b) b θ1 + (1 - b) θ2; corrected by 1 - b².
    let values = EMAChart.average([10, 20], beta: 0.9, biasCorrected: false)
    #expect(abs(values[1] - (0.1 * 0.9 * 10 + 0.1 * 20)) < 1e-12)
    let corrected = EMAChart.average([10, 20], beta: 0.9, biasCorrected: true)
    #expect(abs(corrected[1] - values[1] / (1 - 0.81)) < 1e-12)
    #expect(EMAChart.average([5, 5, 5], beta: 0.98, biasCorrected: true).allSatisfy { abs($0 - 5) < 1e-12 })
  }

  @Test func contoursDrawBothSurfacesWithFourOptimizerPaths() throws {
    let figure = try #require(ChartBuilder.figure(named: "contours", result: result))
    #expect(figure.panels.count == 2)
    for panel in figure.panels {
      let contours = panel.series.filter { if case .contour = $0 { return true } else { return false } }
      #expect(contours.count == 1)
      let paths = panel.series.compactMap { if case .trajectory(let t) = $0 { return t.label } else { return nil } }
      #expect(paths == ["gradient descent", "momentum", "RMSprop", "Adam"])
    }
    // The long raw valley gets a stretched window, and the note says so; the round bowl does not.
    #expect(figure.note?.contains("The raw-input axes have different scales") == true)
    let texts = drawnTexts(figure)
    #expect(texts.contains { $0.hasPrefix("Raw inputs") })
    #expect(texts.contains { $0.hasPrefix("Normalized inputs") })
    #expect(texts.contains("Adam"))
  }

  @Test func decisionBoundaryPerVariantWithDataOnTop() throws {
    let figure = try #require(ChartBuilder.figure(named: "decision_boundary", result: result))
    // Each title states the variant's train and test accuracy: the gap the boundary explains.
    #expect(figure.panels.map { $0.title?.split(separator: "\n").first.map(String.init) } == ["without BN", "with BN"])
    #expect(figure.panels.allSatisfy { $0.title?.contains("train ") == true && $0.aspect == 1 })
    let first = figure.panels[0]
    guard case .contour = first.series.first else {
      Issue.record("the probability field comes first, under the points")
      return
    }
    let points = first.series.compactMap { if case .scatter(let s) = $0 { return s } else { return nil } }
    #expect(points.reduce(0) { $0 + $1.x.count } == 3)
    // Classes differ by marker shape, not only colour.
    #expect(Set(points.map(\.markerShape)).count == points.count && points.count >= 2)
    #expect(drawnTexts(figure).contains("class 1"))
  }

  @Test func decisionBoundaryNamesTheDatasClasses() throws {
    var named = result
    named.classNames = ["cat", "dog"]
    let figure = try #require(ChartBuilder.figure(named: "decision_boundary", result: named))
    let texts = drawnTexts(figure)
    #expect(texts.contains("cat") && texts.contains("dog") && !texts.contains("class 1"))
    #expect(texts.contains("P(dog)"))
    #expect(ChartCaptions.caption("decision_boundary", result: named).hasPrefix("Predicted probability of dog over the input plane"))
  }

  @Test func percentilesSideBySideOnSharedAxes() throws {
    let figure = try #require(ChartBuilder.figure(named: "percentiles", result: result))
    #expect(figure.panels.count == 2)
    #expect(figure.panels[0].yLimits == figure.panels[1].yLimits)
    guard case .percentileBand(let band) = figure.panels[0].series[0] else {
      Issue.record("expected a percentile band")
      return
    }
    let run = result.runs[0]
    #expect(band.median == run.diagnostics.probePercentiles.map { $0[1] ?? .nan })
    #expect(band.lower[3] == run.diagnostics.probePercentiles[3][0])
  }

  @Test func gradientNormsPerLayerOnLogScaleAndSaturation() throws {
    let norms = try #require(ChartBuilder.figure(named: "gradient_norms", result: result))
    #expect(norms.panels.allSatisfy { $0.yScale == .log })
    #expect(lines(norms.panels[0]).compactMap(\.label) == ["layer 1", "layer 2", "output layer"])
    let saturation = try #require(ChartBuilder.figure(named: "saturation", result: result))
    #expect(lines(saturation.panels[0]).compactMap(\.label) == ["layer 1", "layer 2"])
    #expect(drawnTexts(saturation).contains("fraction of units"))
  }

  @Test func finalMetricsBarsCarryMeansAndStds() throws {
    let figure = try #require(ChartBuilder.figure(named: "final_metrics", result: result))
    #expect(figure.panels.map(\.title) == ["final accuracy", "final loss"])
    guard case .bars(let bars) = figure.panels[1].series[0] else {
      Issue.record("expected bars")
      return
    }
    #expect(bars.categories == ["without BN", "with BN"])
    let finals = result.runs.filter { $0.variant == "bn" }.map { $0.final.testLoss ?? 0 }
    #expect(abs(bars.groups[1].values[1] - (finals[0] + finals[1]) / 2) < 1e-12)
    // The sample standard deviation of two values is their distance over √2.
    #expect(abs((bars.groups[1].errors?[1] ?? -1) - abs(finals[0] - finals[1]) / 2.0.squareRoot()) < 1e-12)
    #expect(drawnTexts(figure).contains("with BN"))
  }

  @Test func sweepOfOneParameterUsesLogAxisForLearningRates() throws {
    let figure = try #require(ChartBuilder.figure(named: "sweep", result: Fixture.sweep(twoParameters: false)))
    let axes = figure.panels[0]
    #expect(axes.xScale == .log)
    #expect(lines(axes).first?.x == [0.001, 0.01, 0.1])
  }

  @Test func sweepOfTwoParametersIsAHeatmap() throws {
    let figure = try #require(ChartBuilder.figure(named: "sweep", result: Fixture.sweep(twoParameters: true)))
    let axes = figure.panels[0]
    guard case .heatmap(let heatmap) = axes.series[0] else {
      Issue.record("expected a heatmap")
      return
    }
    #expect(heatmap.grid.values.count == 6)
    #expect(axes.xCategories == ["0.001", "0.01", "0.1"])
    #expect(axes.yCategories == ["16", "64"])
  }

  @Test func searchesOfTwoVariantsShareOneColourScaleAndRingTheirBest() throws {
    var result = Fixture.sweep(twoParameters: true)
    // A second search of the same keys: its trials learn faster (lower `quality`), so its best
    // trial is the best of both and its colours reach the top of the shared scale.
    var trial = 0
    for lr in [0.002, 0.02] {
      for seed: UInt64 in [1, 2] {
        result.runs.append(Fixture.run(
          variant: "random", label: "random search", seed: seed, quality: 0.2 + Double(trial), trial: trial,
          parameters: ["train.optimizer.lr": .number(lr), "train.batch_size": .int(32)]))
      }
      trial += 1
    }
    let figure = try #require(ChartBuilder.figure(named: "sweep", result: result))
    #expect(figure.panels.count == 2 && figure.shareX && figure.shareY)
    #expect(figure.panels[1].title?.hasPrefix("random search: 2 trials, best") == true)
    func points(_ axes: Axes) -> [ScatterSeries] {
      axes.series.compactMap { if case .scatter(let s) = $0 { return s } else { return nil } }
    }
    let grid = points(figure.panels[0])
    let random = points(figure.panels[1])
    // The trials, coloured by value on one shared scale with a colour bar, then a hollow ring at
    // the best trial: lr 0.002 for the random search.
    #expect(grid.count == 2 && random.count == 2)
    #expect(random[1].filled == false && random[1].radius > random[0].radius && random[1].x == [0.002])
    #expect(grid[0].colorScale == random[0].colorScale && grid[0].colorbar != nil)
    #expect(random[0].colorScale?.color(random[0].colorValues?.max() ?? 0) == Colormap.viridis.color(at: 1))
    #expect(figure.panels[0].xLabel == "learning rate")
    #expect(figure.panels.allSatisfy { $0.xScale == .log })
  }

  @Test func betasNearOneAreDrawnAsOneMinusBetaOnALogAxis() {
    #expect(SummaryCharts.oneMinus("train.optimizer.beta1", [0.9, 0.99, 0.999]))
    #expect(!SummaryCharts.oneMinus("train.optimizer.beta1", [0.5, 0.6]))
    #expect(!SummaryCharts.oneMinus("train.optimizer.lr", [0.9, 0.99, 0.999]))
    #expect(!SummaryCharts.oneMinus("train.optimizer.beta2", [0.9, 1.0]))
  }

  @Test func largeSearchesDrawTheBestTrialOfEachVariant() throws {
    var result = Fixture.sweep(twoParameters: false)
    result.runs = []
    // Ten trials; trial 7 learns fastest (lowest `quality`), so it has the best test accuracy.
    for trial in 0..<10 {
      for seed: UInt64 in [1, 2] {
        result.runs.append(Fixture.run(
          variant: "base", label: "search", seed: seed, quality: trial == 7 ? 0.2 : 1 + Double(trial),
          trial: trial, parameters: ["train.optimizer.lr": .number(0.001 * Double(trial + 1))]))
      }
    }
    let loss = try #require(ChartBuilder.figure(named: "loss", result: result))
    let labels = lines(loss.panels[0]).compactMap(\.label)
    #expect(labels == ["search, best of 10: lr=0.008", "train", "test"])
    #expect(loss.note?.contains("all 10") == true)
    let bars = try #require(ChartBuilder.figure(named: "final_metrics", result: result))
    #expect(bars.note == loss.note)
    // Eight trials or fewer are all drawn.
    result.runs = result.runs.filter { ($0.trial ?? 0) < 8 }
    let few = try #require(ChartBuilder.figure(named: "loss", result: result))
    #expect(lines(few.panels[0]).compactMap(\.label).count == 8 + 2 && few.note == nil)
  }

  @Test func chartsWithoutSupportingDataAreSkipped() {
    var bare = result
    bare.analyses = nil
    bare.dataSample = nil
    for i in bare.runs.indices {
      bare.runs[i].boundary = nil
      bare.runs[i].diagnostics.probePercentiles = []
      bare.runs[i].history.learningRate = bare.runs[i].history.learningRate.map { _ in 0.1 }
    }
    for name in ["contours", "decision_boundary", "percentiles", "learning_rate", "sweep"] {
      #expect(ChartBuilder.figure(named: name, result: bare) == nil, "\(name)")
    }
  }
}
