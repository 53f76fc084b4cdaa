import Synchronization

/// Progress of one run, reported from worker threads.
public struct RunProgress: Sendable {
  public enum Event: Sendable {
    case started
    case step(Int, of: Int)
    case finished(FinalMetrics)
    /// Taken from the run cache instead of trained (no `started` before it).
    case reused(FinalMetrics)
  }
  public var run: PlannedRun
  public var event: Event
}

/// Shared stop flag: set by the CLI on SIGINT/SIGTERM, read by every training loop.
public final class StopFlag: Sendable {
  private let flag = Atomic<Bool>(false)
  public init() {}
  public func stop() { flag.store(true, ordering: .relaxed) }
  public var isStopped: Bool { flag.load(ordering: .relaxed) }
}
