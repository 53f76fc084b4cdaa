import CLITestSupport
import Foundation
import Testing

/// The run cache through the built CLI: reuse with byte-identical reports, retraining exactly
/// what changed, damaged entries, concurrent writers, and the `cache` command.
@Suite(.serialized) struct RunCacheEndToEndTests {
  static let experiment = """
    name: cached
    seeds: [1, 2]
    data: { dataset: csv, path: a.csv }
    model: { layers: [6] }
    train: { epochs: 3, batch_size: 16 }
    variants:
      a: {}
      b: { data.path: b.csv, model.batch_norm: true }
    """

  /// A project folder with the experiment and its two data files.
  static func project() throws -> URL {
    let dir = try CLI.temporaryDirectory(prefix: "normlab-cache")
    try experiment.write(to: dir.appendingPathComponent("cached.yaml"), atomically: true, encoding: .utf8)
    try csv(seed: 1).write(to: dir.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
    try csv(seed: 2).write(to: dir.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
    return dir
  }

  /// Two separable classes of 80 points, from a fixed formula.
  static func csv(seed: Int) -> String {
    var text = "x,y,label\n"
    for i in 0..<80 {
      let label = i % 2
      let t = Double(i * 7 + seed * 13).truncatingRemainder(dividingBy: 17) / 17
      text += "\(Double(label) * 2 - 1 + t * 0.5),\(t - 0.5 + Double(label) * 0.3),\(label)\n"
    }
    return text
  }

  /// `normlab run` in `dir` with the default cache location (`NORMLAB_CACHE` unset).
  static func run(_ dir: URL, out: String, _ extra: [String] = [], environment: [String: String] = [:]) throws -> CLI.Output {
    try CLI.run(
      ["run", "cached.yaml", "--out", out, "--no-progress"] + extra, in: dir,
      environment: ["NORMLAB_CACHE": "", "SOURCE_DATE_EPOCH": "1700000000"].merging(environment) { $1 })
  }

  /// Every file of a report, metrics.json without its wall-clock lines.
  static func report(_ folder: URL) throws -> [String: Data] {
    var files = try ReportEndToEndTests.files(in: folder)
    files["metrics.json"] = files["metrics.json"].map { data in
      Data(String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.contains("\"wall_seconds\"") && !$0.contains("\"steps_per_second\"") }
        .joined(separator: "\n").utf8)
    }
    return files
  }

  static func entries(_ cache: URL) -> [URL] {
    let runs = cache.appendingPathComponent("runs")
    let shards = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
    return shards.sorted().flatMap { shard in
      ((try? FileManager.default.contentsOfDirectory(atPath: runs.appendingPathComponent(shard).path)) ?? []).sorted()
        .map { runs.appendingPathComponent(shard).appendingPathComponent($0) }
    }
  }

  @Test func aSecondRunReusesEveryRunAndWritesTheSameReport() throws {
    let dir = try Self.project()
    defer { try? FileManager.default.removeItem(at: dir) }
    let first = try Self.run(dir, out: "r1")
    try #require(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("cached: reused 0 of 4 runs from the run cache .normlab-cache"), "\(first.stdout)")
    let cache = dir.appendingPathComponent(".normlab-cache")
    #expect(Self.entries(cache).count == 4)
    #expect(FileManager.default.fileExists(atPath: cache.appendingPathComponent("CACHEDIR.TAG").path))

    let second = try Self.run(dir, out: "r2")
    try #require(second.status == 0, "\(second.stderr)")
    #expect(second.stdout.contains("cached: reused 4 of 4 runs"), "\(second.stdout)")
    let fresh = try Self.run(dir, out: "r3", ["--no-cache"])
    try #require(fresh.status == 0, "\(fresh.stderr)")
    #expect(!fresh.stdout.contains("reused"))
    let reference = try Self.report(dir.appendingPathComponent("r3/cached"))
    #expect(reference.keys.contains("report.pdf") && reference.keys.contains("charts/loss.png"))
    for other in ["r1", "r2"] {
      let files = try Self.report(dir.appendingPathComponent("\(other)/cached"))
      #expect(Set(files.keys) == Set(reference.keys))
      for (name, bytes) in reference where files[name] != bytes {
        Issue.record("\(other): \(name) differs from the run without the cache")
      }
    }
  }

  @Test func onlyWhatChangedIsTrainedAgain() throws {
    let dir = try Self.project()
    defer { try? FileManager.default.removeItem(at: dir) }
    try #require(try Self.run(dir, out: "r").status == 0)
    // One setting of variant b: b's two runs train, a's two are reused.
    let file = dir.appendingPathComponent("cached.yaml")
    try Self.experiment.replacingOccurrences(of: "model.batch_norm: true", with: "model.batch_norm: true, train.l2: 0.01")
      .write(to: file, atomically: true, encoding: .utf8)
    let setting = try Self.run(dir, out: "r")
    #expect(setting.status == 0, "\(setting.stderr)")
    #expect(setting.stdout.contains("reused 2 of 4 runs"), "\(setting.stdout)")
    // One byte of b's data file: b's runs train again; a reads a.csv only.
    try Self.csv(seed: 3).write(to: dir.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
    let data = try Self.run(dir, out: "r")
    #expect(data.stdout.contains("reused 2 of 4 runs"), "\(data.stdout)")
    // --set and --quick change what the engine sees.
    let set = try Self.run(dir, out: "r", ["--set", "train.epochs=2"])
    #expect(set.stdout.contains("reused 0 of 4 runs"), "\(set.stdout)")
    let again = try Self.run(dir, out: "r", ["--set", "train.epochs=2"])
    #expect(again.stdout.contains("reused 4 of 4 runs"), "\(again.stdout)")
    let quick = try Self.run(dir, out: "r", ["--quick"])
    #expect(quick.stdout.contains("reused 0 of 4 runs"), "\(quick.stdout)")
  }

  @Test func aDamagedEntryIsTrainedAgainAndReplaced() throws {
    let dir = try Self.project()
    defer { try? FileManager.default.removeItem(at: dir) }
    try #require(try Self.run(dir, out: "r1").status == 0)
    let cache = dir.appendingPathComponent(".normlab-cache")
    let entries = Self.entries(cache)
    try #require(entries.count == 4)
    // One entry with a flipped bit, one cut short, one replaced by another entry's bytes.
    var flipped = try Data(contentsOf: entries[0])
    flipped[flipped.count - 50] ^= 0x04
    try flipped.write(to: entries[0])
    let whole = try Data(contentsOf: entries[1])
    try whole.prefix(whole.count / 2).write(to: entries[1])
    try Data(contentsOf: entries[3]).write(to: entries[2])
    let second = try Self.run(dir, out: "r2")
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout.contains("reused 1 of 4 runs from the run cache .normlab-cache (3 damaged entries retrained)"), "\(second.stdout)")
    #expect(second.stderr.contains("\(entries[0].lastPathComponent): warning: run cache entry not used: its checksum does not match"), "\(second.stderr)")
    #expect(second.stderr.contains("holds another run than its name says"), "\(second.stderr)")
    let reference = try Self.report(dir.appendingPathComponent("r1/cached"))
    #expect(try Self.report(dir.appendingPathComponent("r2/cached")) == reference)
    // The entries were replaced: everything verifies and is reused.
    let info = try CLI.run(["cache", "info", cache.path, "--verify"])
    #expect(info.status == 0 && info.stdout.contains("verified:   4 intact, 0 damaged"), "\(info.stdout)\(info.stderr)")
    let third = try Self.run(dir, out: "r3")
    #expect(third.stdout.contains("reused 4 of 4 runs"), "\(third.stdout)")
    #expect(third.stderr.isEmpty, "\(third.stderr)")
  }

  @Test func concurrentRunsShareOneCacheSafely() throws {
    let dir = try Self.project()
    defer { try? FileManager.default.removeItem(at: dir) }
    let cache = dir.appendingPathComponent("shared")
    // A writer killed mid-entry leaves a temporary file; it is never read as an entry.
    let runs = cache.appendingPathComponent("runs/00")
    try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
    try "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by normlab: its run cache.\n"
      .write(to: cache.appendingPathComponent("CACHEDIR.TAG"), atomically: true, encoding: .utf8)
    let abandoned = runs.appendingPathComponent(".\(String(repeating: "0", count: 64)).run.tmp-999999-0")
    try "normlab run cache entry\nformat 1\n".write(to: abandoned, atomically: true, encoding: .utf8)

    let started = try (1...4).map { k in
      try CLI.start(
        ["run", "cached.yaml", "--out", "out\(k)", "--no-progress", "--jobs", "2", "--cache", cache.path], in: dir,
        environment: ["SOURCE_DATE_EPOCH": "1700000000"])
    }
    let results = started.map { CLI.finish($0.0, $0.1, $0.2) }
    for (k, result) in results.enumerated() {
      #expect(result.status == 0, "writer \(k + 1): \(result.stderr)")
      #expect(!result.stderr.contains("warning"), "writer \(k + 1): \(result.stderr)")
    }
    let reference = try Self.report(dir.appendingPathComponent("out1/cached"))
    for k in 2...4 {
      #expect(try Self.report(dir.appendingPathComponent("out\(k)/cached")) == reference, "writer \(k) wrote another report")
    }
    let info = try CLI.run(["cache", "info", cache.path, "--verify"])
    #expect(info.stdout.contains("entries:    4,") && info.stdout.contains("4 intact, 0 damaged"), "\(info.stdout)")
    #expect(info.stdout.contains("temporary:  1 file"), "only the planted temporary file is left: \(info.stdout)")
    let after = try CLI.run(["run", "cached.yaml", "--out", "out5", "--no-progress", "--cache", cache.path], in: dir)
    #expect(after.stdout.contains("reused 4 of 4 runs"), "\(after.stdout)")
    let prune = try CLI.run(["cache", "prune", cache.path, "--older-than", "1d"])
    #expect(prune.status == 0 && prune.stdout.contains("removed 0 entries (0 B) unused for 1d and 1 abandoned temporary file; 4 left"), "\(prune.stdout)")
    #expect(!FileManager.default.fileExists(atPath: abandoned.path))
  }

  @Test func pruneRemovesEntriesByLastUse() throws {
    let dir = try Self.project()
    defer { try? FileManager.default.removeItem(at: dir) }
    try #require(try Self.run(dir, out: "r").status == 0)
    let cache = dir.appendingPathComponent(".normlab-cache")
    let entries = Self.entries(cache)
    // Two entries last used 40 days ago.
    let old = Date().addingTimeInterval(-40 * 86_400)
    for entry in entries.prefix(2) {
      try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: entry.path)
    }
    let info = try CLI.run(["cache", "info"], in: dir, environment: ["NORMLAB_CACHE": ""])
    #expect(info.status == 0 && info.stdout.contains("entries:    4,"), "\(info.stdout)\(info.stderr)")
    let pruned = try CLI.run(["cache", "prune", "--older-than", "30d"], in: dir, environment: ["NORMLAB_CACHE": ""])
    #expect(pruned.status == 0 && pruned.stdout.contains("removed 2 entries"), "\(pruned.stdout)\(pruned.stderr)")
    #expect(Self.entries(cache).count == 2)
    // Reuse refreshes the last use, so pruning at 30 days keeps what the next run used.
    let rerun = try Self.run(dir, out: "r")
    #expect(rerun.stdout.contains("reused 2 of 4 runs"), "\(rerun.stdout)")
    let all = try CLI.run(["cache", "prune", cache.path])
    #expect(all.stdout.contains("removed 4 entries"), "\(all.stdout)")
    #expect(Self.entries(cache).isEmpty)
    #expect(FileManager.default.fileExists(atPath: cache.appendingPathComponent("CACHEDIR.TAG").path))
    let bad = try CLI.run(["cache", "prune", cache.path, "--older-than", "soon"])
    #expect(bad.status == 2 && bad.stderr.contains("--older-than takes a duration"), "\(bad.stderr)")
  }

  @Test func aFolderThatIsNotARunCacheIsNeverWrittenTo() throws {
    let dir = try Self.project()
    defer { try? FileManager.default.removeItem(at: dir) }
    let mine = dir.appendingPathComponent("mine")
    try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
    try "notes".write(to: mine.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    let refused = try Self.run(dir, out: "r", ["--cache", "mine"])
    #expect(refused.status == 2, "\(refused.stderr)")
    #expect(refused.stderr.contains("mine: error: holds files and no CACHEDIR.TAG of a normlab run cache"), "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r").path), "nothing is trained or written")
    #expect(try FileManager.default.contentsOfDirectory(atPath: mine.path) == ["notes.txt"])
    for command in [["cache", "info", mine.path], ["cache", "prune", mine.path]] {
      let result = try CLI.run(command)
      #expect(result.status == 2 && result.stderr.contains("not a run cache normlab made"), "\(result.stderr)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: mine.path) == ["notes.txt"])
    let both = try Self.run(dir, out: "r", ["--cache", "c", "--no-cache"])
    #expect(both.status == 2 && both.stderr.contains("--cache and --no-cache exclude each other"), "\(both.stderr)")
    let overlap = try Self.run(dir, out: "r", ["--cache", "r/cached/cache"])
    #expect(overlap.status == 2 && overlap.stderr.contains("overlap"), "\(overlap.stderr)")
    let off = try Self.run(dir, out: "r", environment: ["NORMLAB_CACHE": "off"])
    #expect(off.status == 0 && !off.stdout.contains("reused"), "\(off.stdout)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".normlab-cache").path))
  }
}
