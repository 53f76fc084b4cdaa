import CLITestSupport
import Foundation
import Testing

/// `run --shard auto` through the built CLI, with each scheduler's environment set as the
/// scheduler sets it; the shards merge into the unsharded report.
@Suite(.serialized) struct ShardAutoTests {
  static let experiment = """
    name: sharded
    seeds: [1, 2, 3]
    data: { dataset: moons, samples: 160 }
    model: { layers: [6] }
    train: { epochs: 2, batch_size: 32 }
    variants: { a: {}, b: { model.batch_norm: true } }
    """

  /// Every scheduler variable empty (unset for normlab), so the test runner's own
  /// environment (a CI job) cannot leak in.
  static let clean: [String: String] = [
    "NORMLAB_SHARD_INDEX": "", "NORMLAB_SHARD_COUNT": "", "CI_NODE_INDEX": "", "CI_NODE_TOTAL": "",
    "SLURM_ARRAY_TASK_ID": "", "SLURM_ARRAY_TASK_MIN": "", "SLURM_ARRAY_TASK_MAX": "",
    "SLURM_ARRAY_TASK_STEP": "", "SLURM_ARRAY_TASK_COUNT": "", "JOB_COMPLETION_INDEX": "",
  ]

  static func run(_ dir: URL, out: String, _ environment: [String: String], _ extra: [String] = []) throws -> CLI.Output {
    try CLI.run(
      ["run", "sharded.yaml", "--out", out, "--no-progress", "--shard", "auto"] + extra, in: dir,
      environment: clean.merging(environment) { $1 })
  }

  static func metrics(_ folder: URL) throws -> [String: Any] {
    let data = try Data(contentsOf: folder.appendingPathComponent("metrics.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  /// Runs every shard a scheduler would start, checks each slice and merges them.
  func schedule(_ name: String, shards: [(environment: [String: String], extra: [String], expected: String)], in dir: URL) throws {
    var folders: [String] = []
    for (k, shard) in shards.enumerated() {
      let out = "\(name)-\(k)"
      let result = try Self.run(dir, out: out, shard.environment, shard.extra)
      try #require(result.status == 0, "\(name) shard \(k): \(result.stderr)")
      #expect(result.stdout.contains("shard \(shard.expected) (from "), "\(name): \(result.stdout)")
      let folder = dir.appendingPathComponent("\(out)/sharded")
      let json = try Self.metrics(folder)
      #expect(json["shard"] as? String == shard.expected, "\(name) shard \(k)")
      folders.append(folder.path)
    }
    let merged = try CLI.run(["merge"] + folders + ["--out", dir.appendingPathComponent("\(name)-merged").path])
    #expect(merged.status == 0, "\(name): \(merged.stderr)")
    let reference = dir.appendingPathComponent("full/sharded")
    for file in ["metrics.csv", "charts/loss.png"] {
      #expect(
        try Data(contentsOf: dir.appendingPathComponent("\(name)-merged/\(file)")) == Data(contentsOf: reference.appendingPathComponent(file)),
        "\(name): merged \(file) differs from the unsharded run")
    }
  }

  @Test func eachSchedulerEnvironmentGivesItsSliceAndTheSlicesMerge() throws {
    let dir = try CLI.temporaryDirectory(prefix: "normlab-shard-auto")
    defer { try? FileManager.default.removeItem(at: dir) }
    try Self.experiment.write(to: dir.appendingPathComponent("sharded.yaml"), atomically: true, encoding: .utf8)
    let full = try CLI.run(["run", "sharded.yaml", "--out", "full", "--no-progress"], in: dir)
    try #require(full.status == 0, "\(full.stderr)")

    // GitHub Actions: the workflow passes the matrix value (1..N) and strategy.job-total.
    try schedule("github", shards: (1...2).map { (["NORMLAB_SHARD_INDEX": "\($0)", "NORMLAB_SHARD_COUNT": "2"], [], "\($0)/2") }, in: dir)
    // GitLab `parallel: 3`.
    try schedule("gitlab", shards: (1...3).map { (["CI_NODE_INDEX": "\($0)", "CI_NODE_TOTAL": "3", "GITLAB_CI": "true"], [], "\($0)/3") }, in: dir)
    // sbatch --array=4-8:2 → task ids 4, 6, 8.
    let slurm = ["SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_MAX": "8", "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_JOB_ID": "77"]
    try schedule("slurm", shards: [4, 6, 8].enumerated().map { (k, id) in (slurm.merging(["SLURM_ARRAY_TASK_ID": "\(id)"]) { $1 }, [], "\(k + 1)/3") }, in: dir)
    // A Kubernetes indexed Job of completions 2: the count from the flag, or from the manifest's env.
    try schedule("kubernetes", shards: [
      (["JOB_COMPLETION_INDEX": "0"], ["--shard-count", "2"], "1/2"),
      (["JOB_COMPLETION_INDEX": "1", "NORMLAB_SHARD_COUNT": "2"], [], "2/2"),
    ], in: dir)
  }

  @Test func aMissingOrInconsistentEnvironmentIsBadInput() throws {
    let dir = try CLI.temporaryDirectory(prefix: "normlab-shard-auto")
    defer { try? FileManager.default.removeItem(at: dir) }
    try Self.experiment.write(to: dir.appendingPathComponent("sharded.yaml"), atomically: true, encoding: .utf8)
    let cases: [([String: String], [String], String)] = [
      ([:], [], "error: --shard auto: no shard in the environment"),
      (["JOB_COMPLETION_INDEX": "1"], [], "the shard count is missing"),
      (["CI_NODE_INDEX": "4", "CI_NODE_TOTAL": "3"], [], "gives shard 4 of 3; the shard must be 1 to 3"),
      (["CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "3"], ["--shard-count", "2"], "--shard-count 2 disagrees with CI_NODE_TOTAL=3"),
      (["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "9", "SLURM_ARRAY_TASK_COUNT": "3"], [], "not 3 evenly spaced tasks"),
      (["NORMLAB_SHARD_INDEX": "x", "NORMLAB_SHARD_COUNT": "2"], [], "NORMLAB_SHARD_INDEX=x is not a whole number"),
    ]
    for (environment, extra, message) in cases {
      let result = try Self.run(dir, out: "out", environment, extra)
      #expect(result.status == 2, "\(environment): \(result.stderr)")
      #expect(result.stderr.contains(message), "\(environment): \(result.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path), "nothing is trained or written")
    let stray = try CLI.run(["run", "sharded.yaml", "--shard", "1/2", "--shard-count", "2"], in: dir)
    #expect(stray.status == 2 && stray.stderr.contains("--shard-count goes with --shard auto"), "\(stray.stderr)")
  }
}
