import Foundation
import NormlabExperiment

/// Training progress: an overall bar with steps/s and ETA on a terminal, one line per run
/// otherwise (CI logs), or nothing.
final class ProgressDisplay: @unchecked Sendable {
  enum Mode { case none, lines, bar }

  private let lock = NSLock()
  private let experiment: String
  private let totalRuns: Int
  private let mode: Mode
  private var finishedRuns = 0
  private var reusedRuns = 0
  private var stepsDone: [Int: Int] = [:]
  private var stepsTotal: [Int: Int] = [:]
  private let started = Date()
  private var lastDraw = Date.distantPast

  init(experiment: String, totalRuns: Int, mode: Mode) {
    self.experiment = experiment
    self.totalRuns = totalRuns
    self.mode = mode
  }

  func handle(_ progress: RunProgress) {
    guard mode != .none else { return }
    lock.lock()
    defer { lock.unlock() }
    let run = progress.run
    let name = "\(run.variant)\(run.trial.map { " #\($0)" } ?? "") seed \(run.seed)"
    switch progress.event {
    case .started:
      if mode == .lines { print("\(experiment): \(name) started") }
    case .step(let step, let total):
      stepsDone[run.index] = step
      stepsTotal[run.index] = total
    case .finished(let final):
      finishedRuns += 1
      stepsDone[run.index] = final.steps
      report(name, "finished", final, seconds: final.wallSeconds)
    case .reused(let final):
      // Trained before: its steps count toward neither the rate nor the ETA.
      finishedRuns += 1
      reusedRuns += 1
      report(name, "reused from the run cache", final, seconds: nil)
    }
    if mode == .bar { drawBar(force: finishedRuns == totalRuns) }
  }

  /// One line per finished run, in line mode.
  private func report(_ name: String, _ how: String, _ final: FinalMetrics, seconds: Double?) {
    guard mode == .lines else { return }
    let loss = final.trainLoss.map { String(format: "%.4g", $0) } ?? "nan"
    let accuracy = final.testAccuracy.map { String(format: "%.1f%%", $0 * 100) } ?? "-"
    let time = seconds.map { String(format: ", %.1f s", $0) } ?? ""
    let status = final.diverged ? " DIVERGED at step \(final.divergedAtStep ?? final.steps)" : ""
    print("\(experiment): \(name) \(how) [\(finishedRuns)/\(totalRuns)] train loss \(loss), test accuracy \(accuracy)\(time)\(status)")
  }

  private func drawBar(force: Bool) {
    let now = Date()
    guard force || now.timeIntervalSince(lastDraw) > 0.1 else { return }
    lastDraw = now
    let done = stepsDone.values.reduce(0, +)
    let knownTotal = stepsTotal.values.reduce(0, +)
    let perRun = stepsTotal.isEmpty ? 1 : knownTotal / max(stepsTotal.count, 1)
    let total = max(knownTotal + perRun * max(totalRuns - reusedRuns - stepsTotal.count, 0), 1)
    let fraction = min(Double(done) / Double(total), 1)
    let width = 28
    let filled = Int(fraction * Double(width))
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    let elapsed = now.timeIntervalSince(started)
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    let eta = rate > 0 ? Double(total - done) / rate : 0
    let line = String(
      format: "\r%@ %@ %3.0f%%  runs %d/%d  %.0f steps/s  ETA %.0fs ", experiment, bar,
      fraction * 100, finishedRuns, totalRuns, rate, eta)
    FileHandle.standardOutput.write(Data(line.utf8))
  }

  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if mode == .bar {
      drawBar(force: true)
      FileHandle.standardOutput.write(Data("\n".utf8))
    }
  }
}
