import Foundation
import Testing

/// Impossible sizes are refused before anything is allocated; an output folder that cannot be
/// written gives a clear error and leaves the previous report as it was.
@Suite(.serialized) struct ResourceTests {
  static let experiment = Tool.fixtures.appendingPathComponent("jobs.yaml").path

  /// Runs normlab in a shell with an address-space limit of 2 GiB: a refused configuration
  /// that allocated its claimed size first would crash instead of printing the error.
  static let smallMemory = ["/bin/sh", "-c", "ulimit -v 2097152; exec \"$0\" \"$@\""]

  @Test(arguments: [
    (["model.layers=[1000000000]"], "must be an integer in [1, 1000000]"),
    (["model.layers=[1000000, 1000000]"], "one run may use at most"),
    (["model.layers=[100000]", "data.samples=100000", "train.batch_size=100000"], "one run may use at most"),
    (["model.layers=[100000]", "train.batch_size=10000000"], "one run may use at most"),
    (["data.dataset=blobs", "data.samples=10000000", "data.features=100000"], "one run may use at most"),
  ])
  func hugeConfigurationsAreRefusedBeforeAllocating(_ overrides: [String], _ message: String) throws {
    let result = try Tool.run(["check", Self.experiment] + overrides.flatMap { ["--set", $0] }, launcher: Self.smallMemory)
    #expect(!result.signaled, "crashed: \(result.stderr.suffix(800))")
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }

  /// A previous report in `out/jobs`, written by a one-epoch run.
  func previousReport(in out: URL) throws -> [String: Data] {
    let first = try Tool.run(["run", Self.experiment, "--out", out.path, "--no-progress", "--set", "train.epochs=1"])
    try #require(first.status == 0, "\(first.stderr)")
    return Tool.snapshot(out.appendingPathComponent("jobs"))
  }

  /// A write failure is exit 4 ("could not write"), not bad input, and changes nothing.
  func expectUntouched(_ out: URL, _ before: [String: Data], _ result: Tool.Output, _ reason: String?) throws {
    #expect(!result.signaled, "killed by a signal: \(result.stderr)")
    #expect(result.status == 4, "\(result.stderr)")
    if let reason { #expect(result.stderr.contains("cannot write the report: \(reason)"), "\(result.stderr)") }
    #expect(Tool.snapshot(out.appendingPathComponent("jobs")) == before, "the previous report changed")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0 != "jobs" }
    #expect(leftovers.isEmpty, "left behind: \(leftovers)")
  }

  @Test func aFileSizeLimitFailsTheWriteAndKeepsThePreviousReport() throws {
    let out = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let before = try previousReport(in: out)
    // 16 blocks: metrics.json fits, the PNGs and the PDF do not, so the write fails midway.
    let result = try Tool.run(
      ["run", Self.experiment, "--out", out.path, "--no-progress"],
      launcher: ["/bin/sh", "-c", "ulimit -f 16; exec \"$0\" \"$@\""])
    try expectUntouched(out, before, result, "File too large")
  }

  @Test func aFullDiskFailsTheWriteAndKeepsThePreviousReport() throws {
    // A tmpfs in a private mount namespace, shrunk to hold one report but not a second copy.
    let scratch = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let mountPoint = scratch.appendingPathComponent("disk")
    let results = scratch.appendingPathComponent("results")
    try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
    let script = """
      mount -t tmpfs -o size=64m tmpfs "$1" 2>/dev/null || exit 77
      "$2" run "$3" --out "$1" --no-progress --set train.epochs=1 >/dev/null 2>&1 || exit 78
      used=$(du -sk "$1" | cut -f1)
      mount -o remount,size=$((used * 3 / 2))k "$1" || exit 79
      cp -a "$1/jobs" "$4/before"
      "$2" run "$3" --out "$1" --no-progress 2>"$4/stderr" >/dev/null
      echo $? >"$4/status"
      mkdir "$4/after" && cp -a "$1/." "$4/after/"
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
    process.arguments = ["-m", "/bin/sh", "-c", script, "sh", mountPoint.path, Tool.executable.path, Self.experiment, results.path]
    process.environment = Tool.environment()
    process.currentDirectoryURL = Tool.packageRoot
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"), (try? process.run()) != nil else {
      print("skipped: no unshare(1) to mount a small tmpfs; the file-size-limit test covers the same path")
      return
    }
    process.waitUntilExit()
    guard process.terminationStatus != 77 && process.terminationStatus != 1 else {
      print("skipped: mounting a tmpfs needs CAP_SYS_ADMIN; the file-size-limit test covers the same path")
      return
    }
    try #require(process.terminationStatus == 0, "setup failed with \(process.terminationStatus)")
    let status = String(decoding: FileManager.default.contents(atPath: results.appendingPathComponent("status").path) ?? Data(), as: UTF8.self)
    let stderr = String(decoding: FileManager.default.contents(atPath: results.appendingPathComponent("stderr").path) ?? Data(), as: UTF8.self)
    #expect(status.trimmingCharacters(in: .whitespacesAndNewlines) == "4", "\(stderr)")
    #expect(stderr.contains("cannot write the report: No space left on device"), "\(stderr)")
    let before = Tool.snapshot(results.appendingPathComponent("before"))
    #expect(!before.isEmpty)
    #expect(Tool.snapshot(results.appendingPathComponent("after/jobs")) == before, "the previous report changed")
    let after = try FileManager.default.contentsOfDirectory(atPath: results.appendingPathComponent("after").path)
    #expect(after == ["jobs"], "left behind: \(after)")
  }

  @Test func aReadOnlyOutputFolderGivesPermissionDenied() throws {
    let out = try Tool.temporaryDirectory()
    defer {
      chmod(out.path, 0o755)
      try? FileManager.default.removeItem(at: out)
    }
    let before = try previousReport(in: out)
    chmod(out.path, 0o555)
    // Root ignores permission bits, so as root the run drops to the `nobody` user instead.
    var launcher: [String] = []
    if geteuid() == 0 {
      guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
        print("skipped: running as root without setpriv(1); permission bits do not stop root")
        return
      }
      launcher = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    }
    let result = try Tool.run(["run", Self.experiment, "--out", out.path, "--no-progress"], launcher: launcher)
    try expectUntouched(out, before, result, nil)
    #expect(result.stderr.contains("permission denied"), "\(result.stderr)")
  }

  @Test func anOutputPathThroughAFileIsAClearError() throws {
    let scratch = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let file = scratch.appendingPathComponent("a-file")
    try "not a folder".write(to: file, atomically: true, encoding: .utf8)
    let result = try Tool.run(["run", Self.experiment, "--out", file.appendingPathComponent("out").path, "--no-progress"])
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains("is a file, not a folder"), "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["a-file"])
  }
}
