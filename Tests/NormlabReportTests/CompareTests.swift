import Foundation
import NormlabExperiment
import NormlabPlot
import Testing

@testable import NormlabReport

@Suite struct CompareTests {
  static func load(_ name: String) throws -> ExperimentResult {
    let bytes = try Data(contentsOf: Fixture.folder.appendingPathComponent(name))
    return try MetricsCodec.decode(Array(bytes), file: name)
  }

  @Test func compareTableFlagsChangesBeyondSeedNoise() throws {
    let old = try Self.load("old-metrics.json")
    let new = try Self.load("new-metrics.json")
    let table = Comparison.markdown(old: old, new: new, oldName: "old", newName: "new")
    let expected = try String(contentsOf: Fixture.folder.appendingPathComponent("compare.md"), encoding: .utf8)
    #expect(table == expected)
  }

  @Test func overlayChartsPairOldAndNewCurves() throws {
    let charts = Comparison.overlays(old: try Self.load("old-metrics.json"), new: try Self.load("new-metrics.json"))
    #expect(charts.map(\.name) == ["compare_loss", "compare_accuracy"])
    let labels = charts[0].figure.panels[0].series.compactMap { if case .line(let s) = $0 { return s.label } else { return nil } }
    #expect(labels == ["sgd (old)", "sgd (new)", "adam (new)"])
  }
}

/// `compare` judges a change with the test `expect:` claims use, and knows better from worse.
@Suite struct CompareNoiseTests {
  static func change(metric: String, old: [Double], new: [Double]) -> Comparison.Change {
    var change = Comparison.Change(
      variant: "v", metric: metric, old: FinalStatistic(old), new: FinalStatistic(new))
    change.oldValues = Dictionary(uniqueKeysWithValues: old.enumerated().map { (UInt64($0 + 1), $1) })
    change.newValues = Dictionary(uniqueKeysWithValues: new.enumerated().map { (UInt64($0 + 1), $1) })
    change.lowerIsBetter = metric.hasSuffix("loss")
    return change
  }

  @Test func aConsistentDropInLossIsBetterAndBeyondNoise() {
    let change = Self.change(metric: "test_loss", old: [0.50, 0.52, 0.49, 0.51, 0.50, 0.53], new: [0.40, 0.43, 0.40, 0.41, 0.39, 0.42])
    #expect(change.direction == "better")
    #expect(change.exceedsSeedNoise == true)
    #expect(change.decision?.test?.kind == .paired)
  }

  @Test func aRiseInLossIsWorseAndNoiseIsNotAChange() {
    let worse = Self.change(metric: "test_loss", old: [0.40, 0.43, 0.40, 0.41, 0.39, 0.42], new: [0.50, 0.52, 0.49, 0.51, 0.50, 0.53])
    #expect(worse.direction == "worse" && worse.exceedsSeedNoise == true)
    let noise = Self.change(metric: "test_accuracy", old: [0.90, 0.80, 0.85, 0.95, 0.82, 0.88], new: [0.86, 0.91, 0.81, 0.87, 0.93, 0.84])
    #expect(noise.exceedsSeedNoise == false)
  }

  @Test func twoSeedsAreTooFewToTell() {
    let change = Self.change(metric: "test_accuracy", old: [0.8, 0.81], new: [0.9, 0.91])
    #expect(change.direction == "better" && change.exceedsSeedNoise == nil)
  }
}
