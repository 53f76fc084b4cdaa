import Foundation
import Testing

/// normlab replaces a folder only when it is absent, empty or a report it wrote; it never
/// replaces its own inputs, and every such problem is found before training.
@Suite struct OutputSafetyTests {
  static let tiny = "seeds: [1]\ndata: { samples: 60 }\nmodel: { layers: [2] }\ntrain: { epochs: 1 }\n"

  /// A scratch project: `experiments/NAME.yaml` holding `tiny` under the given name.
  func project(_ name: String = "tiny") throws -> (root: URL, file: String) {
    let root = try Tool.temporaryDirectory()
    let experiments = root.appendingPathComponent("experiments")
    try FileManager.default.createDirectory(at: experiments, withIntermediateDirectories: true)
    let file = experiments.appendingPathComponent("\(name).yaml")
    try ("name: \(name)\n" + Self.tiny).write(to: file, atomically: true, encoding: .utf8)
    return (root, file.path)
  }

  @Test func aFolderNormlabDidNotWriteIsNeverReplaced() throws {
    let (root, file) = try project("mnist")
    defer { try? FileManager.default.removeItem(at: root) }
    // The user's data happens to live in a folder named like the experiment.
    let data = root.appendingPathComponent("mnist")
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    try "x,label\n1,0\n".write(to: data.appendingPathComponent("train.csv"), atomically: true, encoding: .utf8)
    let result = try Tool.run(["run", file, "--out", root.path, "--no-progress"])
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains("is not a report normlab wrote"), "\(result.stderr)")
    #expect(result.stderr.contains("hint: choose another --out"))
    #expect(try String(contentsOf: data.appendingPathComponent("train.csv"), encoding: .utf8) == "x,label\n1,0\n")
    // `check` finds the same problem.
    let checked = try Tool.run(["check", file, "--out", root.path])
    #expect(checked.status == 2 && checked.stderr.contains("is not a report normlab wrote"), "\(checked.stderr)")
  }

  @Test func aReportWithAFileAddedByTheUserIsNotReplaced() throws {
    let (root, file) = try project()
    defer { try? FileManager.default.removeItem(at: root) }
    let out = root.appendingPathComponent("reports")
    let first = try Tool.run(["run", file, "--out", out.path, "--no-progress"])
    try #require(first.status == 0, "\(first.stderr)")
    let report = out.appendingPathComponent("tiny")
    let marker = try String(contentsOf: report.appendingPathComponent(".normlab-report"), encoding: .utf8)
    #expect(marker.contains("\nmetrics.json\n") && marker.contains("\ncharts/loss.png\n"), "\(marker)")
    // A rerun replaces normlab's own report.
    let second = try Tool.run(["run", file, "--out", out.path, "--no-progress"])
    #expect(second.status == 0, "\(second.stderr)")
    // Notes the user added make it theirs.
    try "my notes".write(to: report.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    let third = try Tool.run(["run", file, "--out", out.path, "--no-progress"])
    #expect(third.status == 2)
    #expect(third.stderr.contains("holds files normlab did not write (notes.txt)"), "\(third.stderr)")
    #expect(try String(contentsOf: report.appendingPathComponent("notes.txt"), encoding: .utf8) == "my notes")
  }

  @Test func theExperimentFileItselfIsNeverReplaced() throws {
    let root = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    // No extension: the default name is the file's, so `--out .` would be the file itself.
    let file = root.appendingPathComponent("exp")
    try Self.tiny.write(to: file, atomically: true, encoding: .utf8)
    let result = try Tool.run(["run", "exp", "--out", ".", "--no-progress"], in: root)
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains("the report folder is the input exp"), "\(result.stderr)")
    #expect(try String(contentsOf: file, encoding: .utf8) == Self.tiny)
  }

  @Test func aReportFolderThatWouldHoldTheDataIsRefused() throws {
    let root = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let folder = root.appendingPathComponent("reports/csvdata")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try PathTests.csv.write(to: folder.appendingPathComponent("train.csv"), atomically: true, encoding: .utf8)
    let file = root.appendingPathComponent("csvdata.yaml")
    try "seeds: [1]\ndata: { dataset: csv, path: reports/csvdata/train.csv }\nmodel: { layers: [2] }\ntrain: { epochs: 1 }\n"
      .write(to: file, atomically: true, encoding: .utf8)
    let result = try Tool.run(["run", file.path, "--out", root.appendingPathComponent("reports").path, "--no-progress"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("contains the input"), "\(result.stderr)")
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("train.csv").path))
  }

  @Test func compareAndMergeNeverReplaceTheirInputs() throws {
    let (root, file) = try project()
    defer { try? FileManager.default.removeItem(at: root) }
    let a = root.appendingPathComponent("a")
    let b = root.appendingPathComponent("b")
    for out in [a, b] {
      let result = try Tool.run(["run", file, "--out", out.path, "--no-progress"])
      try #require(result.status == 0, "\(result.stderr)")
    }
    let before = Tool.snapshot(b)
    let compared = try Tool.run(["compare", a.appendingPathComponent("tiny").path, b.appendingPathComponent("tiny").path, "--out", b.appendingPathComponent("tiny").path])
    #expect(compared.status == 2, "\(compared.stderr)")
    #expect(compared.stderr.contains("never overwrites its own inputs"), "\(compared.stderr)")
    let parent = try Tool.run(["compare", a.appendingPathComponent("tiny").path, b.appendingPathComponent("tiny").path, "--out", b.path])
    #expect(parent.status == 2, "\(parent.stderr)")
    #expect(Tool.snapshot(b) == before)
    let merged = try Tool.run(["merge", a.appendingPathComponent("tiny").path, "--out", a.appendingPathComponent("tiny").path])
    #expect(merged.status == 2, "\(merged.stderr)")
    #expect(merged.stderr.contains("never overwrites its own inputs"), "\(merged.stderr)")
  }

  @Test func sameNamedExperimentsAreRefusedBeforeTraining() throws {
    let root = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    // `my.exp` and `my-exp` differ, but both become the folder `my_exp`... and `a` twice.
    let first = root.appendingPathComponent("one.yaml")
    let second = root.appendingPathComponent("two.yaml")
    try ("name: \"my exp\"\n" + Self.tiny).write(to: first, atomically: true, encoding: .utf8)
    try ("name: \"my/exp\"\n" + Self.tiny).write(to: second, atomically: true, encoding: .utf8)
    let out = root.appendingPathComponent("reports")
    let result = try Tool.run(["run", first.path, second.path, "--out", out.path, "--no-progress"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("is also the one of \(first.path)"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out.path), "nothing may be trained or written")
  }

  @Test func anOutThatIsAFileFailsBeforeTraining() throws {
    let (root, file) = try project()
    defer { try? FileManager.default.removeItem(at: root) }
    let blocker = root.appendingPathComponent("reports")
    try "not a folder".write(to: blocker, atomically: true, encoding: .utf8)
    // A long plan: if it trained before refusing, this test would take minutes.
    let started = Date()
    let result = try Tool.run(["run", file, "--out", blocker.path, "--no-progress", "--set", "train.epochs=100000", "--force"])
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains("is a file, not a folder"), "\(result.stderr)")
    #expect(Date().timeIntervalSince(started) < 30)
  }

  @Test func unknownTemplatesAndChartsThatCannotBeDrawnAreErrorsOfCheck() throws {
    let root = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let file = root.appendingPathComponent("charts.yaml")
    try """
      name: charts
      seeds: [1]
      data: { dataset: blobs, features: 3, samples: 60 }
      model: { layers: [2] }
      report:
        template: fancy
        charts: [loss, sweep, decision_boundary]

      """.write(to: file, atomically: true, encoding: .utf8)
    for command in [["check", file.path], ["run", file.path, "--out", root.appendingPathComponent("out").path, "--no-progress"]] {
      let result = try Tool.run(command)
      #expect(result.status == 2, "\(command[0]): \(result.stderr)")
      #expect(result.stderr.contains("charts.yaml:6:13: error: unknown report template `fancy`; templates are default"), "\(result.stderr)")
      #expect(result.stderr.contains("charts.yaml:7:18: error: the chart `sweep` cannot be drawn: it plots a hyperparameter search, and the experiment has no `sweep`"), "\(result.stderr)")
      #expect(result.stderr.contains("charts.yaml:7:25: error: the chart `decision_boundary` cannot be drawn: it is drawn over a plane of 2 input features, and the data has 3"), "\(result.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
  }

  @Test func plansBeyondTheWorkLimitsNeedForce() throws {
    let root = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let file = root.appendingPathComponent("huge.yaml")
    try "name: huge\ntrain: { steps: 100000000, log_every: 1 }\n".write(to: file, atomically: true, encoding: .utf8)
    let refused = try Tool.run(["check", file.path])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("multiply-adds") && refused.stderr.contains("--force runs it anyway"), "\(refused.stderr)")
    let forced = try Tool.run(["check", file.path, "--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(forced.stdout.contains("3 runs, 300M steps"), "\(forced.stdout)")
    let bench = try Tool.run(["bench", "--steps", "100000000000"])
    #expect(bench.status == 2 && bench.stderr.contains("--steps must be 1 to 1000000"), "\(bench.stderr)")
  }

  @Test func concurrentRunsIntoOneFolderTakeTurns() throws {
    let (root, file) = try project()
    defer { try? FileManager.default.removeItem(at: root) }
    let out = root.appendingPathComponent("reports")
    let started = try (0..<3).map { _ in try Tool.start(["run", file, "--out", out.path, "--no-progress"]) }
    for (process, stdout, stderr) in started {
      let result = Tool.finish(process, stdout, stderr)
      #expect(result.status == 0, "\(result.stderr)")
    }
    let entries = try FileManager.default.contentsOfDirectory(atPath: out.path)
    #expect(entries == ["tiny"], "leftovers beside the report: \(entries)")
    let files = Tool.snapshot(out.appendingPathComponent("tiny"))
    #expect(files["report.pdf"].map(FileChecks.isCompletePDF) == true)
  }

  @Test func orphansOfKilledWritersAreCleanedUpAndUserFoldersLeftAlone() throws {
    let (root, file) = try project()
    defer { try? FileManager.default.removeItem(at: root) }
    let out = root.appendingPathComponent("reports")
    let first = try Tool.run(["run", file, "--out", out.path, "--no-progress"])
    try #require(first.status == 0, "\(first.stderr)")
    let fm = FileManager.default
    // A writer killed between its two renames left the previous report as `.tiny.old-PID`, and
    // one killed while staging left `.tiny.tmp-PID` (PID 2^22 + 1 is above Linux's pid_max).
    try fm.copyItem(at: out.appendingPathComponent("tiny"), to: out.appendingPathComponent(".tiny.old-4194305"))
    try fm.copyItem(at: out.appendingPathComponent("tiny"), to: out.appendingPathComponent(".tiny.tmp-4194305"))
    // A folder of the user's that merely looks like one is not touched.
    try fm.createDirectory(at: out.appendingPathComponent(".tiny.old-7"), withIntermediateDirectories: true)
    try "keep".write(to: out.appendingPathComponent(".tiny.old-7/mine.txt"), atomically: true, encoding: .utf8)
    let second = try Tool.run(["run", file, "--out", out.path, "--no-progress"])
    #expect(second.status == 0, "\(second.stderr)")
    #expect(try fm.contentsOfDirectory(atPath: out.path).sorted() == [".tiny.old-7", "tiny"])
  }

  @Test func reportCopiesOnlyItsOwnRegularFiles() throws {
    let (root, file) = try project()
    defer { try? FileManager.default.removeItem(at: root) }
    let out = root.appendingPathComponent("reports")
    let first = try Tool.run(["run", file, "--out", out.path, "--no-progress"])
    try #require(first.status == 0, "\(first.stderr)")
    let report = out.appendingPathComponent("tiny")
    let secret = root.appendingPathComponent("secret.txt")
    try "secret".write(to: secret, atomically: true, encoding: .utf8)
    // Re-rendering only the Markdown keeps the PDF and the charts, byte for byte.
    let before = Tool.snapshot(report)
    let markdown = try Tool.run(["report", report.path, "--format", "md"])
    #expect(markdown.status == 0, "\(markdown.stderr)")
    let after = Tool.snapshot(report)
    #expect(after["report.pdf"] == before["report.pdf"] && after["charts/loss.png"] == before["charts/loss.png"])
    // A file normlab wrote, swapped for a link to a file outside, is not followed or copied.
    try FileManager.default.removeItem(at: report.appendingPathComponent("experiment.yaml"))
    try FileManager.default.createSymbolicLink(at: report.appendingPathComponent("experiment.yaml"), withDestinationURL: secret)
    let linked = try Tool.run(["report", report.path])
    #expect(linked.status == 2, "\(linked.stderr)")
    #expect(linked.stderr.contains("holds files normlab did not write (experiment.yaml)"), "\(linked.stderr)")
    // A FIFO is refused without blocking.
    try FileManager.default.removeItem(at: report.appendingPathComponent("experiment.yaml"))
    #expect(mkfifo(report.appendingPathComponent("summary.md").path + ".fifo", 0o644) == 0)
    let fifo = try Tool.run(["report", report.path])
    #expect(fifo.status == 2 && fifo.stderr.contains("summary.md.fifo"), "\(fifo.stderr)")
  }

  @Test func aCopiedBinaryRunsAProjectWithDataBesideItsExperiments() throws {
    let root = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let fm = FileManager.default
    let bin = root.appendingPathComponent("bin")
    let projectFolder = root.appendingPathComponent("project")
    try fm.createDirectory(at: bin, withIntermediateDirectories: true)
    try fm.createDirectory(at: projectFolder.appendingPathComponent("experiments"), withIntermediateDirectories: true)
    try fm.createDirectory(at: projectFolder.appendingPathComponent("data"), withIntermediateDirectories: true)
    try fm.copyItem(at: Tool.executable, to: bin.appendingPathComponent("normlab"))
    try PathTests.csv.write(to: projectFolder.appendingPathComponent("data/train.csv"), atomically: true, encoding: .utf8)
    try "name: mine\nseeds: [1]\ndata: { dataset: csv, path: ../data/train.csv }\nmodel: { layers: [2] }\ntrain: { epochs: 1 }\n"
      .write(to: projectFolder.appendingPathComponent("experiments/mine.yaml"), atomically: true, encoding: .utf8)
    // No NORMLAB_TEMPLATES and no templates/ folder: the built-in templates are used.
    var environment = ProcessInfo.processInfo.environment
    environment["NORMLAB_TEMPLATES"] = nil
    environment["SOURCE_DATE_EPOCH"] = nil
    let process = Process()
    process.executableURL = bin.appendingPathComponent("normlab")
    process.arguments = ["run", "experiments/mine.yaml", "--no-progress"]
    process.currentDirectoryURL = projectFolder
    process.environment = environment
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(stderr)")
    let report = projectFolder.appendingPathComponent("reports/mine")
    #expect(fm.fileExists(atPath: report.appendingPathComponent("report.pdf").path))
    // Outside a git repository, with no SOURCE_DATE_EPOCH, the report states no date or commit.
    let summary = try String(contentsOf: report.appendingPathComponent("summary.md"), encoding: .utf8)
    #expect(!summary.contains("commit") && !summary.contains("2000-01-01"), "\(summary.suffix(200))")
    let metrics = try String(contentsOf: report.appendingPathComponent("metrics.json"), encoding: .utf8)
    #expect(!metrics.contains("\"date\"") && !metrics.contains("\"commit\""))
    let pdf = try Data(contentsOf: report.appendingPathComponent("report.pdf"))
    #expect(!String(decoding: pdf, as: UTF8.self).contains("/CreationDate"))
  }
}
