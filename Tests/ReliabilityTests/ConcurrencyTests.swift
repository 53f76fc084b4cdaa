import CLITestSupport
import Foundation
import NormlabEngine
import NormlabExperiment
import NormlabPlot
import NormlabReport
import Testing

/// In-process concurrency checks of the runner; CI also runs this suite under ThreadSanitizer.
@Suite struct ConcurrencyTests {
  static func prepared() throws -> (ExperimentFile, [PreparedRun]) {
    let path = Tool.fixtures.appendingPathComponent("jobs.yaml").path
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let experiment = try ExperimentParser.parse(text: text, file: path, defaultName: "jobs")
    return (experiment, try ExperimentRunner.prepare(experiment, reader: nil, options: RunnerOptions()))
  }

  /// Everything but the wall-clock figures.
  static func comparable(_ result: ExperimentResult) -> ExperimentResult {
    var copy = result
    for i in copy.runs.indices {
      copy.runs[i].final.wallSeconds = 0
      copy.runs[i].final.stepsPerSecond = 0
    }
    return copy
  }

  @Test func parallelRunsEqualSerialRuns() throws {
    let (experiment, runs) = try Self.prepared()
    let progressEvents = Mutexed<Int>(0)
    let serial = ExperimentRunner.execute(experiment, prepared: runs, options: RunnerOptions(jobs: 1))
    let parallel = ExperimentRunner.execute(
      experiment, prepared: runs, options: RunnerOptions(jobs: 4),
      progress: { _ in progressEvents.set(progressEvents.get() + 1) })
    #expect(serial.runs.count == 8)
    #expect(Self.comparable(serial) == Self.comparable(parallel))
    #expect(try MetricsCodec.json(Self.comparable(serial)) == MetricsCodec.json(Self.comparable(parallel)))
    #expect(progressEvents.get() >= 16, "every run reports start and finish")
  }

  @Test func aStopFromAnotherThreadEndsEveryRunCleanly() throws {
    let (experiment, runs) = try Self.prepared()
    let stop = StopFlag()
    // Stop as soon as any run has taken a step, from the progress callback's thread.
    let result = ExperimentRunner.execute(
      experiment, prepared: runs, options: RunnerOptions(jobs: 4), stop: stop,
      progress: { event in
        if case .step = event.event { stop.stop() }
      })
    #expect(result.interrupted)
    #expect(result.runs.count < runs.count || result.runs.contains { $0.final.interrupted })
    for run in result.runs {
      let h = run.history
      #expect([h.epoch.count, h.trainLoss.count, h.testLoss.count, h.learningRate.count].allSatisfy { $0 == h.step.count })
    }
  }
}
