import NormlabExperiment
import NormlabPlot
import Testing

@testable import NormlabReport

/// The report charts choose what teaches: an epoch axis when batch sizes differ, a packed
/// gradient-norm grid with its own range for extreme panels, diverged bars marked, captions
/// that fit the experiment.
@Suite struct TeachingChartTests {
  /// The fixture with the two variants at different batch sizes.
  static func differentBatches() -> ExperimentResult {
    var result = Fixture.result()
    result.variants[0].settings.train.batchSize = .size(4)
    result.variants[1].settings.train.batchSize = .size(256)
    return result
  }

  @Test func epochAxisIsChosenWhenBatchSizesDiffer() throws {
    let same = try #require(ChartBuilder.figure(named: "accuracy", result: Fixture.result()))
    #expect(same.panels[0].xLabel == "step")
    let figure = try #require(ChartBuilder.figure(named: "accuracy", result: Self.differentBatches()))
    #expect(figure.panels[0].xLabel == "epoch")
    #expect(figure.note?.contains("per epoch") == true)
    // The curves run over epochs (the fixture logs every 10 steps, 40 steps an epoch).
    let line = try #require(figure.panels[0].series.compactMap { if case .line(let l) = $0, !l.x.isEmpty { return l } else { return nil } }.first)
    #expect(line.x.last == 4.75)
    var backend = RecordingBackend()
    FigureRenderer.draw(figure, in: Rect(x: 0, y: 0, width: 460, height: 288), on: &backend)
    #expect(backend.texts.contains("epoch"))
  }

  @Test func divergedVariantIsMarkedNotDrawnAsZero() throws {
    var result = Fixture.result()
    for i in result.runs.indices where result.runs[i].variant == "bn" {
      result.runs[i].final.diverged = true
      result.runs[i].final.trainLoss = nil
      result.runs[i].final.testLoss = nil
      result.runs[i].final.trainAccuracy = nil
      result.runs[i].final.testAccuracy = nil
    }
    let figure = try #require(ChartBuilder.figure(named: "final_metrics", result: result))
    var backend = RecordingBackend()
    FigureRenderer.draw(figure, in: Rect(x: 0, y: 0, width: figure.size.width, height: figure.size.height), on: &backend)
    #expect(backend.texts.filter { $0 == "diverged" }.count == figure.panels.count)
  }

  @Test func extremeGradientPanelGetsItsOwnRangeAndTheLegendGoesBelowOnce() throws {
    var result = Fixture.result()
    for i in result.runs.indices where result.runs[i].variant == "bn" {
      result.runs[i].diagnostics.gradientNorms = result.runs[i].diagnostics.gradientNorms.map { row in
        row.map { $0.map { $0 * 1e15 } }
      }
    }
    let figure = try #require(ChartBuilder.figure(named: "gradient_norms", result: result))
    #expect(figure.shareX && figure.legend == .below)
    #expect(figure.panels[1].title?.hasSuffix("(own y scale)") == true)
    #expect(figure.panels[0].title == "without BN")
    let ownRange = try #require(figure.panels[1].yLimits)
    #expect(ownRange.lowerBound > 1e10)
    var backend = RecordingBackend()
    FigureRenderer.draw(figure, in: Rect(x: 0, y: 0, width: figure.size.width, height: figure.size.height), on: &backend)
    #expect(backend.texts.filter { $0 == "output layer" }.count == 1)
  }

  @Test func captionsNameOnlyWhatTheExperimentHas() {
    var result = Fixture.result()
    #expect(ChartCaptions.caption("percentiles", result: result).contains("Batch Normalization"))
    for i in result.variants.indices { result.variants[i].settings.model.batchNorm = .all(false) }
    let caption = ChartCaptions.caption("percentiles", result: result)
    #expect(!caption.contains("Batch Normalization") && !caption.contains("covariate"))
    #expect(ChartCaptions.caption("decision_boundary", result: result).contains("Train minus test accuracy"))
    for i in result.runs.indices { result.runs[i].boundary?.classes = 3 }
    #expect(ChartCaptions.caption("decision_boundary", result: result).hasPrefix("Predicted class"))
  }

  @Test func settingKeysReadAsWords() {
    #expect(SettingNames.name("train.optimizer.lr", .en) == "learning rate")
    #expect(SettingNames.oneMinus("train.optimizer.beta1", .en) == "1 − β₁")
    #expect(SettingNames.name("model.some_new_key", .en) == "some new key")
  }

  @Test func randomTrialsArePointsWithErrorBars() throws {
    var result = Fixture.sweep(twoParameters: false)
    result.runs = []
    for (trial, lr) in [0.0013, 0.02, 0.0041, 0.3, 0.07].enumerated() {
      for seed: UInt64 in [1, 2] {
        result.runs.append(Fixture.run(
          variant: "base", label: "search", seed: seed, quality: 1 + Double(trial), trial: trial,
          parameters: ["train.optimizer.lr": .number(lr)]))
      }
    }
    let figure = try #require(ChartBuilder.figure(named: "sweep", result: result))
    let series = figure.panels[0].series
    #expect(!series.contains { if case .band = $0 { return true } else { return false } })
    let points = try #require(series.compactMap { if case .scatter(let s) = $0 { return s } else { return nil } }.first)
    #expect(points.yErrors?.count == 5)
    #expect(figure.panels[0].xLabel == "learning rate")
  }
}
