import Foundation
import NormlabEngine
import Testing

@testable import NormlabExperiment

/// Hostile inputs end in a message, never in a trap: bounded clauses, texts, ranges and plans.
@Suite struct BoundedInputTests {
  @Test func expectationClausesAreBoundedInLengthTermsAndNesting() {
    func message(_ clause: String) -> String? {
      do {
        _ = try ExpectationParser.parse(clause)
        return nil
      } catch {
        return error.message
      }
    }
    #expect(message(String(repeating: "(", count: 32) + "a.test_loss" + String(repeating: ")", count: 32) + " > 0") == nil)
    #expect(message(String(repeating: "(", count: 33) + "a.test_loss" + String(repeating: ")", count: 33) + " > 0")
      == "parentheses and signs nest more than 32 deep")
    #expect(message(String(repeating: "- ", count: 33) + "a.test_loss > 0") == "parentheses and signs nest more than 32 deep")
    #expect(message("a.test_loss" + String(repeating: " + 1", count: 100) + " > 0") == "the clause has more than 200 terms; split it into several clauses")
    // 50,000 nested parentheses once exhausted the stack.
    #expect(message(String(repeating: "(", count: 50_000) + "a.test_loss > 0")?.hasPrefix("the clause is 50015 characters long") == true)
  }

  @Test func aUTF8ByteOrderMarkIsAccepted() throws {
    let file = try ExperimentParser.parse(text: "\u{FEFF}name: bom\nseeds: [1]\n", file: "e.yaml", defaultName: "e")
    #expect(file.name == "bom" && file.seeds == [1])
  }

  @Test func tabsInIndentationGetAHintThatSaysTabs() throws {
    let found = problems("name: x\nmodel:\n\tlayers: [4]\n")
    let first = try #require(found.first)
    #expect(first.position?.line == 3)
    #expect(first.hint == "this line is indented with tabs; YAML indentation must use spaces")
  }

  @Test func textsALayoutWouldDrawAreBounded() {
    #expect(problems("title: \"\(String(repeating: "t", count: 301))\"\n").first?.message == "`title` is 301 characters long; at most 300 are allowed")
    #expect(problems("title: \"\(String(repeating: "t", count: 300))\"\n").isEmpty)
    #expect(problems("variants:\n  a: { label: \"\(String(repeating: "l", count: 101))\" }\n").first?.message == "`label` is 101 characters long; at most 100 are allowed")
  }

  @Test func generatorNoiseIsBoundedSoDataStaysFinite() {
    #expect(problems("data: { noise: 1e39 }\n").first?.message == "`data.noise` must be a number in [0, 100], not 1e+39")
    let settings = ExperimentSettings(["data.noise": .number(100), "data.dataset": .string("scaled"), "data.scale_ratio": .number(1e9)])
    #expect(settings.data.noise == 100 && settings.data.dataset == .scaled)
    let data = Generators.generate(settings.data)
    #expect(data.features.allSatisfy { $0.isFinite })
  }

  @Test func chartsThatCannotBeDrawnAreNamedWithTheirPositionAndReason() throws {
    let experiment = try ExperimentParser.parse(
      text: "name: c\nreport:\n  charts: [loss, sweep, decision_boundary, percentiles]\n", file: "c.yaml", defaultName: "c")
    let threeFeatures = ChartAvailability.RunShape(features: 3, trainSamples: 80, hiddenLayers: 0)
    let found = ChartAvailability.problems(experiment, shapes: [threeFeatures])
    #expect(found.map(\.message) == [
      "the chart `sweep` cannot be drawn: it plots a hyperparameter search, and the experiment has no `sweep`",
      "the chart `decision_boundary` cannot be drawn: it is drawn over a plane of 2 input features, and the data has 3",
      "the chart `percentiles` cannot be drawn: it looks inside hidden layers, and the network has none",
    ])
    #expect(found.map { $0.position?.column } == [18, 25, 44])
    let twoFeatures = ChartAvailability.RunShape(features: 2, trainSamples: 80, hiddenLayers: 1)
    #expect(ChartAvailability.problems(experiment, shapes: [twoFeatures]).count == 1)
  }

  @Test func theWorkEstimateCountsStepsWorkAndLoggedPoints() throws {
    let experiment = try ExperimentParser.parse(
      text: "name: w\nseeds: [1, 2]\ndata: { samples: 100, test_fraction: 0.2 }\nmodel: { layers: [10] }\ntrain: { epochs: 5, batch_size: 10, log_every: 4, eval_samples: 0 }\n",
      file: "w.yaml", defaultName: "w")
    let prepared = try ExperimentRunner.prepare(experiment, reader: nil, options: RunnerOptions())
    let work = WorkEstimate(prepared)
    // 80 training samples in batches of 10: 8 steps per epoch, 40 per run; logs at 0, 4, ..., 40.
    #expect(work.runs == 2 && work.steps == 80 && work.historyPoints == 22)
    let parameters = Double(prepared[0].configuration.network.parameterCount)
    let perRun = 3 * 40 * 10 * parameters + 11 * (80 + 20) * parameters
    #expect(work.multiplyAdds == 2 * perRun)
    #expect(work.excess == nil)
    #expect(work.summary == "2 runs, 80 steps, \(WorkEstimate.compact(2 * perRun)) multiply-adds, 22 logged points")
    let huge = WorkEstimate(runs: 1, steps: 1e8, multiplyAdds: 2e14, historyPoints: 1e8)
    #expect(huge.excess?.contains("the limit is 100T") == true)
  }

  @Test func aHugeClassLabelIsRefusedBeforeItSizesTheOutputLayer() {
    let csv = Array("x1,x2,label\n0,1,0\n1,0,99999\n".utf8)
    do {
      _ = try CSVLoader.load(bytes: csv, file: "d.csv", labelColumn: "label")
      Issue.record("accepted label 99999")
    } catch {
      #expect(error.line == 3 && error.column == 5)
      #expect(error.message == "label 99999 in column `label` is too large: at most 1000 classes (labels 0 to 999) are supported")
    }
  }

  @Test func testLabelsOutsideTheTrainingLabelsAreRefused() {
    struct Files: DataFileReader {
      func read(_ path: String) throws(DataError) -> [UInt8] {
        path == "train.csv" ? Array("a,label\n0,0\n1,1\n2,0\n3,1\n".utf8) : Array("a,label\n0,7\n".utf8)
      }
    }
    let settings = ExperimentSettings(["data.dataset": .string("csv"), "data.path": .string("train.csv"), "data.test_path": .string("test.csv")])
    do {
      _ = try DataLoader.load(settings.data, reader: Files())
      Issue.record("accepted a test label the training data lacks")
    } catch {
      #expect(error.message == "test label 7 never occurs in the training data (training labels: 0, 1)")
      #expect(error.key == "data.test_path")
    }
  }
}
