import CLITestSupport
import Foundation
import NormlabEngine
import NormlabExperiment
import NormlabPlot
import NormlabReport
import Testing

/// A NaN or infinite loss stops that run only; the report shows where it diverged and `expect:`
/// clauses on it fail with a message that says why.
@Suite struct DivergenceTests {
  @Test func aDivergedVariantStopsAloneAndFailsItsExpectations() throws {
    let out = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let experiment = Tool.fixtures.appendingPathComponent("diverge.yaml").path
    let run = try Tool.run(["run", experiment, "--out", out.path, "--no-progress"])
    #expect(run.status == 1, "an expectation on the diverged variant must fail: \(run.stderr)")
    #expect(run.stderr.contains("expectation failed: exploding.train_loss < stable.train_loss (2 of 2 runs of `exploding` diverged)"), "\(run.stderr)")

    let folder = out.appendingPathComponent("diverge")
    let metricsPath = folder.appendingPathComponent("metrics.json").path
    let result = try MetricsCodec.decode(Array(try #require(FileManager.default.contents(atPath: metricsPath))), file: metricsPath)
    let stable = result.runs.filter { $0.variant == "stable" }
    let exploding = result.runs.filter { $0.variant == "exploding" }
    #expect(stable.count == 2 && exploding.count == 2)
    // 200 samples, 20% test, batch 20, 5 epochs: 8 steps per epoch, 40 in all.
    for run in stable {
      #expect(!run.final.diverged && run.final.steps == 40)
      #expect(run.final.trainLoss.map { $0.isFinite && $0 < 1 } == true)
    }
    for run in exploding {
      let step = try #require(run.final.divergedAtStep)
      #expect(run.final.diverged && step < 40 && run.final.steps <= step)
      #expect(run.history.step.last.map { $0 <= step } == true, "the history ends where the run diverged")
    }
    let passed = result.expectations.map(\.passed)
    #expect(passed == [false, true], "the clause on the stable variant alone still holds")

    // The loss chart marks where each diverged group stopped.
    let loss = try #require(ChartBuilder.figure(named: "loss", result: result))
    let marked = loss.panels.flatMap(\.series).compactMap { series -> Double? in
      if case .line(let line) = series { return line.divergedAtX }
      return nil
    }
    #expect(!marked.isEmpty, "no series carries the divergence marker")
    #expect(marked.allSatisfy { x in exploding.contains { Double($0.final.divergedAtStep ?? -1) == x } })
    let files = Tool.snapshot(folder)
    #expect(files["report.pdf"].map(FileChecks.isCompletePDF) == true)
    #expect(files["charts/loss.png"].map(FileChecks.isCompletePNG) == true)
  }
}
