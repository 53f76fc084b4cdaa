import Foundation

/// `--shard auto`: the slice of a run from the environment of the scheduler that started it.
///
/// Looked for in this order; the first scheduler whose index variable is set decides:
///
/// | scheduler | index | count |
/// |---|---|---|
/// | any (a GitHub Actions matrix, a script) | `NORMLAB_SHARD_INDEX`, 1 to N | `NORMLAB_SHARD_COUNT` |
/// | GitLab CI `parallel: N` | `CI_NODE_INDEX`, 1 to N | `CI_NODE_TOTAL` |
/// | Slurm job array `--array=MIN-MAX[:STEP]` | `SLURM_ARRAY_TASK_ID` (from `SLURM_ARRAY_TASK_MIN`, by `SLURM_ARRAY_TASK_STEP`) | `SLURM_ARRAY_TASK_COUNT` |
/// | Kubernetes indexed Job | `JOB_COMPLETION_INDEX`, 0 to N − 1 | `--shard-count N` or `NORMLAB_SHARD_COUNT` |
///
/// A count given with `--shard-count` must agree with the scheduler's. Pure: the CLI passes
/// the process environment.
public enum ShardEnvironment {
  public struct Resolved: Sendable, Equatable {
    public var spec: ShardSpec
    /// Which scheduler and variables gave it, for the line `run` prints.
    public var source: String
  }

  public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public var description: String { "error: --shard auto: \(message)" + (hint.map { "\n    hint: \($0)" } ?? "") }
  }

  static let noScheduler = Problem(
    message: "no shard in the environment",
    hint: "set NORMLAB_SHARD_INDEX (1 to N) and NORMLAB_SHARD_COUNT, or run under GitLab `parallel:` (CI_NODE_INDEX), a Slurm job array (SLURM_ARRAY_TASK_ID) or a Kubernetes indexed Job (JOB_COMPLETION_INDEX with --shard-count)")

  public static func resolve(_ environment: [String: String], countOption: Int?) throws(Problem) -> Resolved {
    func value(_ name: String) -> String? {
      guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
      return text
    }
    func integer(_ name: String) throws(Problem) -> Int? {
      guard let text = value(name) else { return nil }
      guard let number = Int(text), number >= 0, number <= 1_000_000_000 else {
        throw Problem(message: "\(name)=\(text.prefix(40)) is not a whole number")
      }
      return number
    }
    /// The count: the scheduler's, checked against --shard-count, or --shard-count alone.
    func count(_ name: String?, _ scheduler: Int?) throws(Problem) -> Int {
      if let scheduler, let countOption, scheduler != countOption {
        throw Problem(message: "--shard-count \(countOption) disagrees with \(name ?? "the scheduler")=\(scheduler)")
      }
      guard let count = scheduler ?? countOption else {
        throw Problem(
          message: "the shard count is missing",
          hint: "set \(name ?? "NORMLAB_SHARD_COUNT") or pass --shard-count N (the number of parallel jobs)")
      }
      return count
    }
    func spec(_ index: Int, _ count: Int, _ source: String) throws(Problem) -> Resolved {
      guard count >= 1, count <= ShardSpec.maxCount else {
        throw Problem(message: "\(source) gives \(count) shards; 1 to \(ShardSpec.maxCount) are possible")
      }
      guard let spec = ShardSpec(index: index, count: count) else {
        throw Problem(message: "\(source) gives shard \(index) of \(count); the shard must be 1 to \(count)")
      }
      return Resolved(spec: spec, source: source)
    }

    if let index = try integer("NORMLAB_SHARD_INDEX") {
      let total = try count("NORMLAB_SHARD_COUNT", try integer("NORMLAB_SHARD_COUNT"))
      return try spec(index, total, "NORMLAB_SHARD_INDEX=\(index), count \(total)")
    }
    let gitlabTotal = try integer("CI_NODE_TOTAL")
    if let index = try integer("CI_NODE_INDEX") {
      let total = try count("CI_NODE_TOTAL", gitlabTotal)
      return try spec(index, total, "GitLab CI_NODE_INDEX=\(index), CI_NODE_TOTAL=\(total)")
    }
    if let gitlabTotal, gitlabTotal > 1 {
      throw Problem(message: "CI_NODE_TOTAL=\(gitlabTotal) but CI_NODE_INDEX is not set")
    }
    if let id = try integer("SLURM_ARRAY_TASK_ID") {
      guard let low = try integer("SLURM_ARRAY_TASK_MIN") else {
        throw Problem(message: "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_MIN is not", hint: "run under `sbatch --array` (Slurm 14.03 or later)")
      }
      let step = try integer("SLURM_ARRAY_TASK_STEP") ?? 1
      let total = try count("SLURM_ARRAY_TASK_COUNT", try integer("SLURM_ARRAY_TASK_COUNT"))
      guard step >= 1, id >= low, (id - low) % step == 0 else {
        throw Problem(message: "SLURM_ARRAY_TASK_ID=\(id) is not in the array \(low), \(low + max(step, 1)), …", hint: "give --array as one range MIN-MAX[:STEP]")
      }
      if let high = try integer("SLURM_ARRAY_TASK_MAX"), low + (total - 1) * step != high {
        throw Problem(
          message: "the Slurm array \(low)-\(high):\(step) is not \(total) evenly spaced tasks (SLURM_ARRAY_TASK_COUNT=\(total))",
          hint: "give --array as one range MIN-MAX[:STEP], not a list")
      }
      return try spec((id - low) / step + 1, total, "Slurm SLURM_ARRAY_TASK_ID=\(id) (MIN \(low), STEP \(step)), SLURM_ARRAY_TASK_COUNT=\(total)")
    }
    if let index = try integer("JOB_COMPLETION_INDEX") {
      // An indexed Job has no count variable: the manifest passes it (see docs/ci-sharding.md).
      let total = try count("NORMLAB_SHARD_COUNT", try integer("NORMLAB_SHARD_COUNT"))
      return try spec(index + 1, total, "Kubernetes JOB_COMPLETION_INDEX=\(index), count \(total)")
    }
    if value("NORMLAB_SHARD_COUNT") != nil {
      throw Problem(message: "NORMLAB_SHARD_COUNT is set but no shard index is", hint: noScheduler.hint)
    }
    throw noScheduler
  }
}
