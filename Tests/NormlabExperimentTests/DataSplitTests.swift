import Foundation
import NormlabEngine
import Testing

@testable import NormlabExperiment

/// CSV labels as names, chosen columns, missing values, and the development split.
@Suite struct DataSplitTests {
  /// Serves named files from memory.
  struct Files: DataFileReader {
    var files: [String: String]
    func read(_ path: String) throws(DataError) -> [UInt8] {
      guard let text = files[path] else { throw DataError(file: path, message: "not found") }
      return Array(text.utf8)
    }
  }

  static func load(_ settings: [String: ConfigValue], _ files: [String: String]) throws(DataError) -> LoadedData {
    try DataLoader.load(ExperimentSettings(settings.merging(["data.dataset": .string("csv")]) { a, _ in a }).data, reader: Files(files: files))
  }

  @Test func labelNamesAreClassesInSortedOrder() throws {
    let csv = "weight,height,animal\n4,30,dog\n3,25,cat\n30,60,dog\n2,20,cat\n5,28,bird\n6,35,dog\n"
    let data = try Self.load(["data.path": .string("a.csv"), "data.label": .string("animal"), "data.test_fraction": .number(0)], ["a.csv": csv])
    #expect(data.classNames == ["bird", "cat", "dog"])
    #expect(data.train.labels.sorted() == [0, 1, 1, 2, 2, 2])
    #expect(data.classCount == 3)
    // A test file with a name the training data lacks is refused at its row.
    do {
      _ = try Self.load(
        ["data.path": .string("a.csv"), "data.label": .string("animal"), "data.test_path": .string("t.csv")],
        ["a.csv": csv, "t.csv": "weight,height,animal\n1,1,cat\n1,1,fish\n"])
      Issue.record("accepted a label the training data lacks")
    } catch {
      #expect(error.line == 3 && error.message == "label `fish` in column `animal` does not occur in the training data")
      #expect(error.hint == "the classes are bird, cat, dog")
    }
  }

  @Test func columnsPickTheFeaturesInTheirOrder() throws {
    let csv = "a,b,c,label\n1,2,3,0\n4,5,6,1\n7,8,9,0\n"
    let data = try Self.load(
      ["data.path": .string("x.csv"), "data.columns": .list([.string("c"), .string("a")]), "data.test_fraction": .number(0)], ["x.csv": csv])
    #expect(data.train.featureCount == 2)
    #expect(Set(stride(from: 0, to: data.train.features.count, by: 2).map { data.train.features[$0] }) == [3, 6, 9])
    do {
      _ = try Self.load(["data.path": .string("x.csv"), "data.columns": .list([.string("d")])], ["x.csv": csv])
      Issue.record("accepted a column the header lacks")
    } catch {
      #expect(error.message == "`data.columns` names `d`, which the header does not have")
      #expect(error.key == "data.columns")
    }
  }

  @Test func missingValuesAreRefusedDroppedOrFilledWithTrainingMeans() throws {
    let csv = "x,label\n1,0\nNA,1\n3,0\n5,\n7,1\n"
    do {
      _ = try Self.load(["data.path": .string("m.csv")], ["m.csv": csv])
      Issue.record("accepted a missing value")
    } catch {
      #expect(error.line == 3 && error.column == 1 && error.message == "`NA` in column `x` is a missing value")
    }
    let dropped = try Self.load(["data.path": .string("m.csv"), "data.missing": .string("drop"), "data.test_fraction": .number(0)], ["m.csv": csv])
    #expect(dropped.train.count == 3 && Set(dropped.train.features) == [1, 3, 7])
    let filled = try Self.load(["data.path": .string("m.csv"), "data.missing": .string("mean"), "data.test_fraction": .number(0)], ["m.csv": csv])
    // The row without a label goes; NA becomes the mean of the training values 1, 3 and 7.
    #expect(filled.train.count == 4 && filled.train.features.contains(Float(11) / 3))
  }

  @Test func theDevelopmentSetIsSplitFromTrainingAndLeavesTheTestSplitAlone() throws {
    var settings = ExperimentSettings(["data.samples": .int(1000)])
    let plain = try DataLoader.load(settings.data, reader: nil)
    settings.data.devFraction = 0.25
    let withDev = try DataLoader.load(settings.data, reader: nil)
    let dev = try #require(withDev.dev)
    #expect(plain.dev == nil)
    #expect(withDev.test.features == plain.test.features)
    #expect(withDev.train.count + dev.count == plain.train.count)
    #expect(dev.count == 200)
  }

  @Test func aSearchPicksItsBestTrialOnTheDevelopmentSet() throws {
    func run(trial: Int, seed: UInt64, dev: Double, test: Double) -> RunRecord {
      RunRecord(
        variant: "s", label: "s", color: nil, seed: seed, trial: trial, parameters: [:], settings: nil,
        final: FinalMetrics(
          trainLoss: 0.1, testLoss: 0.1, trainAccuracy: 1, testAccuracy: test, devLoss: 0.1, devAccuracy: dev,
          steps: 1, epochs: 1, diverged: false, divergedAtStep: nil, interrupted: false, wallSeconds: 0, stepsPerSecond: 0),
        history: HistoryRecord(step: [], epoch: [], trainLoss: [], testLoss: [], trainAccuracy: [], testAccuracy: [], learningRate: [], batchLoss: []),
        diagnostics: DiagnosticsRecord(gradientNorms: [], weightNorms: [], probePercentiles: [], probeLayer: 0, saturation: []),
        boundary: nil)
    }
    // Trial 1 looks best on the test set, trial 0 on the development set: the report must not
    // pick on test data.
    let runs = [run(trial: 0, seed: 1, dev: 0.9, test: 0.8), run(trial: 1, seed: 1, dev: 0.7, test: 0.95)]
    let choice = try #require(BestTrial.choose(in: runs, accuracy: true))
    #expect(choice.trial == 0 && choice.set == .development)
    let clause = try ExpectationClause(parsing: "s.best_test_accuracy < 0.85")
    let result = try #require(ExpectationEvaluator.evaluate([clause], runs: runs).first)
    #expect(result.passed && result.values["s.best_test_accuracy"] == .some(0.8))
  }
}
