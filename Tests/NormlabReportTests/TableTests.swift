import Foundation
import NormlabExperiment
import NormlabPlot
import Testing

@testable import NormlabReport

@Suite struct TableTests {
  @Test func configurationSeparatesDifferingKeysFromSharedOnes() {
    let tables = ConfigurationTable.make(Fixture.result())
    #expect(tables.count == 2)
    #expect(tables[0].header == ["differs between variants", "without BN", "with BN"])
    // Differing keys first; then shared keys, only those that apply (no CSV or IDX paths,
    // classes or features for `moons`, BN options when one variant uses BN they apply).
    #expect(tables[0].rows == [["model.batch_norm", "false", "true"]])
    let shared = tables[1].rows.map { $0[0] }
    #expect(tables[1].rows.contains(["data.dataset", "moons"]) && tables[1].rows.contains(["train.optimizer.lr", "0.1"]))
    #expect(!shared.contains("data.images") && !shared.contains("data.classes") && !shared.contains("train.optimizer.beta2"))
    #expect(shared.contains("model.bn.momentum"))
  }

  @Test func sweptKeysShowTheValuesTheTrialsUsed() {
    var result = Fixture.sweep(twoParameters: true)
    var variant = result.variants[0]
    variant.name = "base"
    variant.settings = ExperimentSettings(["train.batch_size": .int(32), "data.dataset": .string("moons")])
    result.variants = [variant]
    let tables = ConfigurationTable.make(result)
    let rows = Dictionary(uniqueKeysWithValues: tables.flatMap(\.rows).map { ($0[0], $0[1]) })
    // Not the unswept default 0.1 / 32: the grid's values.
    #expect(rows["train.optimizer.lr"] == "swept: 0.001, 0.01, 0.1")
    #expect(rows["train.batch_size"] == "swept: 16, 64")
    #expect(rows["data.dataset"] == "moons")
  }

  @Test func metricsTableLeavesWallClockOutUnlessAsked() {
    let plain = MetricsTable.make(Fixture.result())
    #expect(plain.header == ["variant", "n", "train loss", "test loss", "test acc.", "best epoch", "steps", "diverged"])
    #expect(plain.rows[0][1] == "2")
    // Every metric with its spread and its 95% confidence interval.
    #expect(plain.rows[0][2].contains(" ± ") && plain.rows[0][2].contains(" ["))
    // Test accuracy rises to the last point, so the best epoch is the last logged one.
    #expect(plain.rows[0][5] == "4.75")
    #expect(plain.rows[0][7] == "0 of 2")
    let timed = MetricsTable.make(Fixture.result(), timing: true)
    #expect(timed.header.contains("wall s") && timed.rows[0].contains("1.5") && timed.rows[0].contains("127"))
  }
}
