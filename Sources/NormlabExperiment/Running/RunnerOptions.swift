public struct RunnerOptions: Sendable {
  public var jobs: Int
  public var quick: Bool
  /// Run only the K-th (from 1) of N slices of the plan.
  public var shard: ShardSpec?
  /// A noise-aware clause with too few seeds to decide passes with a warning instead of failing.
  public var allowUnderpowered = false

  public init(jobs: Int = 1, quick: Bool = false, shard: ShardSpec? = nil, allowUnderpowered: Bool = false) {
    self.allowUnderpowered = allowUnderpowered
    self.jobs = max(jobs, 1)
    self.quick = quick
    self.shard = shard
  }
}

/// `--shard K/N`: the K-th (from 1) of N slices of an experiment's runs. One parser for the
/// flag, `metrics.json` and `merge`.
public struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
  public static let maxCount = 10_000
  public var index: Int
  public var count: Int

  public init?(index: Int, count: Int) {
    guard count >= 1, count <= ShardSpec.maxCount, index >= 1, index <= count else { return nil }
    self.index = index
    self.count = count
  }

  public static func parse(_ text: String) -> ShardSpec? {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { return nil }
    return ShardSpec(index: k, count: n)
  }

  public var description: String { "\(index)/\(count)" }

  /// Whether the run at plan position `index` belongs to this slice.
  public func contains(planIndex: Int) -> Bool { planIndex % count == index - 1 }
}
