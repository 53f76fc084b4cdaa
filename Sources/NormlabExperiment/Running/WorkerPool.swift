import Dispatch
import Synchronization

/// Runs independent jobs on a fixed number of threads and returns their results in job order,
/// whatever the order they finish in: training runs and report files both go through it, so
/// their outputs never depend on timing.
public enum WorkerPool {
  /// `work(index)` for every index below `count` on `workers` threads. A job that is never
  /// started (`shouldStart` turned false) leaves nil in its place.
  public static func map<Result: Sendable>(
    count: Int, workers: Int, shouldStart: @Sendable () -> Bool = { true },
    _ work: @Sendable (Int) -> Result
  ) -> [Result?] {
    let results = Mutex<[Result?]>(Array(repeating: nil, count: count))
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: min(max(workers, 1), max(count, 1))) { _ in
      while true {
        let index = next.add(1, ordering: .relaxed).oldValue
        guard index < count, shouldStart() else { return }
        let result = work(index)
        results.withLock { $0[index] = result }
      }
    }
    return results.withLock { $0 }
  }
}
