import CLITestSupport
import Foundation
import Testing

/// `normlab export` and `run --tensorboard` through the built CLI: deterministic files, the
/// same bytes from both, and never a write over a user's file or into a report folder.
/// (CI reads the files back with TensorBoard and pandas: scripts/ci-interop.sh.)
@Suite(.serialized) struct ExportEndToEndTests {
  static let experiment = """
    name: exported
    seeds: [1, 2]
    data: { dataset: moons, samples: 160 }
    model: { layers: [6] }
    train: { epochs: 2, batch_size: 32 }
    sweep: { method: grid, parameters: { train.optimizer.lr: [0.1, 0.3] } }
    variants: { a: {}, b: { model.batch_norm: true } }
    """

  static func files(_ folder: URL) throws -> [String: Data] {
    try ReportEndToEndTests.files(in: folder)
  }

  @Test func exportsAreDeterministicAndMatchRunTensorboard() throws {
    let dir = try CLI.temporaryDirectory(prefix: "normlab-export")
    defer { try? FileManager.default.removeItem(at: dir) }
    try Self.experiment.write(to: dir.appendingPathComponent("exported.yaml"), atomically: true, encoding: .utf8)
    let env = ["SOURCE_DATE_EPOCH": "1700000000"]
    let run = try CLI.run(["run", "exported.yaml", "--out", "r", "--no-progress", "--tensorboard", "tb"], in: dir, environment: env)
    try #require(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("wrote \(dir.appendingPathComponent("tb/exported").path)"), "\(run.stdout)")
    let fromRun = try Self.files(dir.appendingPathComponent("tb/exported"))
    #expect(fromRun["events.out.tfevents.1700000000.normlab"] != nil)
    #expect(fromRun["b/trial-001/seed-2/events.out.tfevents.1700000000.normlab"] != nil)
    #expect(fromRun.keys.filter { $0.hasSuffix(".normlab") }.count == 9, "\(fromRun.keys.sorted())")

    let export = try CLI.run(["export", "r/exported", "--tensorboard", "tb2", "--csv", "tidy/runs.csv"], in: dir)
    try #require(export.status == 0, "\(export.stderr)")
    #expect(try Self.files(dir.appendingPathComponent("tb2")) == fromRun, "export and run --tensorboard write the same files")
    let csv = try String(contentsOf: dir.appendingPathComponent("tidy/runs.csv"), encoding: .utf8)
    #expect(csv.hasPrefix("run,variant,seed,trial,step,metric,value,train.optimizer.lr\r\na/trial-000/seed-1,a,1,0,0,loss/train,"))
    #expect(csv.contains(",final/test_accuracy,"))
    // Exporting again replaces normlab's own files with the same bytes.
    let again = try CLI.run(["export", "r/exported", "--tensorboard", "tb2", "--csv", "tidy/runs.csv"], in: dir)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try Self.files(dir.appendingPathComponent("tb2")) == fromRun)
    #expect(try String(contentsOf: dir.appendingPathComponent("tidy/runs.csv"), encoding: .utf8) == csv)
  }

  @Test func exportsNeverReplaceAUsersFileOrEnterAReportFolder() throws {
    let dir = try CLI.temporaryDirectory(prefix: "normlab-export")
    defer { try? FileManager.default.removeItem(at: dir) }
    try Self.experiment.write(to: dir.appendingPathComponent("exported.yaml"), atomically: true, encoding: .utf8)
    let run = try CLI.run(["run", "exported.yaml", "--out", "r", "--no-progress", "--quick"], in: dir)
    try #require(run.status == 0, "\(run.stderr)")
    try "my,own\n1,2\n".write(to: dir.appendingPathComponent("mine.csv"), atomically: true, encoding: .utf8)
    let logs = dir.appendingPathComponent("logs/exported")
    try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
    try "keep".write(to: logs.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    let cases: [([String], String)] = [
      (["export", "r/exported", "--csv", "mine.csv"], "is not a tidy CSV normlab wrote"),
      (["export", "r/exported", "--tensorboard", "logs/exported"], "is not a report normlab wrote"),
      (["export", "r/exported", "--tensorboard", "r/exported/tb"], "--tensorboard overlaps the report folder"),
      (["export", "r/exported", "--csv", "r/exported/runs.csv"], "--csv overlaps the report folder"),
      (["export", "r/exported", "--tensorboard", "r"], "--tensorboard overlaps the report folder"),
      (["export", "r/exported", "--csv", "mine.csv/x.csv"], "is a file, not a folder"),
      (["run", "exported.yaml", "--out", "r", "--tensorboard", "logs", "--no-progress"], "is not a report normlab wrote"),
      (["run", "exported.yaml", "--out", "r", "--tensorboard", "r", "--no-progress"], "--tensorboard overlaps the report folder"),
      (["export", "nowhere"], "give --tensorboard OUT, --csv FILE, or both"),
    ]
    let before = try Self.files(dir)
    for (arguments, message) in cases {
      let result = try CLI.run(arguments, in: dir)
      #expect(result.status == 2, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
    #expect(try Self.files(dir) == before, "a refused export changed a file")
    let missing = try CLI.run(["export", "nowhere", "--csv", "x.csv"], in: dir)
    #expect(missing.status == 2 && missing.stderr.contains("metrics file not found"), "\(missing.stderr)")
  }
}
