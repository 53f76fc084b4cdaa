import Foundation
import NormlabEngine
import Testing

/// Kills real `normlab run` processes at seeded random moments and checks what is left: the
/// report folder is always either the previous complete report, byte for byte, or a complete
/// report (marked "interrupted" when the signal came during training), never a partial one.
@Suite(.serialized) struct InterruptTests {
  static let experiment = Tool.fixtures.appendingPathComponent("long.yaml").path

  @Test func killedRunsLeaveThePreviousOrACompleteInterruptedReport() throws {
    let out = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let folder = out.appendingPathComponent("interruptible")
    // The previous report: the same experiment, cut to one epoch.
    let first = try Tool.run(["run", Self.experiment, "--out", out.path, "--no-progress", "--set", "train.epochs=1"])
    try #require(first.status == 0, "stderr: \(first.stderr)")
    var previous = Tool.snapshot(folder)
    try #require(previous["metrics.json"] != nil)

    // One delay that lands in training for sure, then seeded random moments from the start of
    // the process (before the signal trap exists) to the end of training and report writing.
    var rng = SplitMix64(seed: 9)
    let delays = [0.6] + (0..<3).map { _ in 0.02 + 1.6 * rng.nextUniform() }
    var outcomes: [String] = []
    for (attempt, delay) in delays.enumerated() {
      let signal = attempt % 2 == 0 ? SIGINT : SIGTERM
      let (process, stdout, stderr) = try Tool.start(["run", Self.experiment, "--out", out.path, "--no-progress"])
      Thread.sleep(forTimeInterval: delay)
      kill(process.processIdentifier, signal)
      let result = Tool.finish(process, stdout, stderr)
      let now = Tool.snapshot(folder)
      let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".") }
      #expect(leftovers.isEmpty, "staging folders left behind: \(leftovers)")
      let context = "attempt \(attempt), signal \(signal) after \(delay) s, exit \(result.status), signaled \(result.signaled): \(result.stderr.suffix(600))"
      if result.signaled {
        // Killed before the trap was installed (parsing, preparing): nothing may have changed.
        #expect(result.status == signal, "\(context)")
        #expect(now == previous, "the previous report changed: \(context)")
        outcomes.append("killed before training")
      } else {
        #expect(result.status == 0 || result.status == 3, "\(context)")
        try expectCompleteReport(now, interrupted: result.status == 3, context: context)
        if result.status == 3 { #expect(result.stderr.contains("interrupted"), "\(context)") }
        outcomes.append(result.status == 3 ? "interrupted report" : "finished")
      }
      previous = now
    }
    #expect(outcomes.contains("interrupted report"), "outcomes: \(outcomes)")
  }

  @Test func ctrlCWhileRenderingKeepsThePreviousReport() throws {
    let out = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let folder = out.appendingPathComponent("interruptible")
    let first = try Tool.run(["run", Self.experiment, "--out", out.path, "--no-progress", "--set", "train.epochs=1"])
    try #require(first.status == 0, "stderr: \(first.stderr)")
    let previous = Tool.snapshot(folder)
    var outcomes: [Int32] = []
    // `report` only renders: a signal lands in rendering (or just after it), never in training.
    for delay in [0.12, 0.25, 0.4, 0.6] {
      let (process, stdout, stderr) = try Tool.start(["report", folder.path])
      Thread.sleep(forTimeInterval: delay)
      kill(process.processIdentifier, SIGINT)
      let result = Tool.finish(process, stdout, stderr)
      #expect(!result.signaled, "the trap must be installed before rendering: \(result.stderr)")
      #expect(result.status == 0 || result.status == 3, "\(result.stderr)")
      if result.status == 3 {
        #expect(result.stderr.contains("interrupted while rendering; the previous report is unchanged"), "\(result.stderr)")
        #expect(Tool.snapshot(folder) == previous, "an interrupted render changed the report")
      }
      let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0 != "interruptible" }
      #expect(leftovers.isEmpty, "left behind: \(leftovers)")
      outcomes.append(result.status)
    }
    #expect(outcomes.contains(3), "no signal landed while rendering: \(outcomes)")
  }

  @Test func aSecondCtrlCQuitsAtOnce() throws {
    let out = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let (process, stdout, stderr) = try Tool.start(["run", Self.experiment, "--out", out.path, "--no-progress", "--set", "train.epochs=400"])
    Thread.sleep(forTimeInterval: 1.0)
    let started = Date()
    kill(process.processIdentifier, SIGINT)
    Thread.sleep(forTimeInterval: 0.05)
    kill(process.processIdentifier, SIGINT)
    let result = Tool.finish(process, stdout, stderr)
    #expect(Date().timeIntervalSince(started) < 5, "took \(Date().timeIntervalSince(started)) s")
    #expect(!result.signaled && result.status == 3, "\(result.status): \(result.stderr)")
    #expect(result.stderr.contains("press Ctrl-C again to quit at once"), "\(result.stderr)")
    let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: out.path))?.filter { $0.hasPrefix(".") } ?? []
    #expect(leftovers.isEmpty, "left behind: \(leftovers)")
  }

  /// Every file of the layout is there and whole, and metrics.json says whether it was cut short.
  func expectCompleteReport(_ files: [String: Data], interrupted: Bool, context: String) throws {
    for name in ["report.pdf", "summary.md", "metrics.json", "metrics.csv", "experiment.yaml", "charts/loss.png"] {
      #expect(files[name] != nil, "missing \(name): \(context)")
    }
    #expect(files["report.pdf"].map(FileChecks.isCompletePDF) == true, "\(context)")
    for (name, bytes) in files where name.hasSuffix(".png") {
      #expect(FileChecks.isCompletePNG(bytes), "\(name): \(context)")
    }
    let json = try #require(files["metrics.json"].flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any], "\(context)")
    #expect(json["interrupted"] as? Bool == interrupted, "\(context)")
    let csv = String(decoding: files["metrics.csv"] ?? Data(), as: UTF8.self)
    #expect(csv.hasPrefix("variant,seed,step") && csv.hasSuffix("\n"), "\(context)")
    if interrupted {
      #expect(String(decoding: files["summary.md"] ?? Data(), as: UTF8.self).lowercased().contains("interrupted"), "\(context)")
    }
  }
}
