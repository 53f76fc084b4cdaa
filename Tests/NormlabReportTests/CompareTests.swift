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
