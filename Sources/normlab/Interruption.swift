import Dispatch
import Foundation
import NormlabExperiment
import Synchronization

/// Ctrl-C and SIGTERM in every phase of a command. The first signal asks the work to stop
/// (training stops after the current step and writes a partial report; rendering gives up and
/// keeps the previous report); a second one quits at once, removing any staging folder.
enum Interruption {
  /// Read by every training loop.
  static let stop = StopFlag()
  private static let signals = Atomic<Int>(0)
  private static let cleanup = Mutex<Set<String>>([])
  private static let sources = Mutex<[any DispatchSourceSignal]>([])

  /// How many signals have arrived; work that started at count `n` stops when it grows.
  static var count: Int { signals.load(ordering: .relaxed) }

  /// Installs the handlers for the rest of the process's life.
  static func install() {
    sources.withLock { installed in
      guard installed.isEmpty else { return }
      for signalNumber in [SIGINT, SIGTERM] {
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
        source.setEventHandler { received() }
        source.resume()
        installed.append(source)
      }
    }
  }

  private static func received() {
    let previous = signals.add(1, ordering: .relaxed).oldValue
    stop.stop()
    if previous == 0 {
      Console.error("stopping: the current step finishes and what is done is kept (press Ctrl-C again to quit at once)")
      return
    }
    for path in cleanup.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
    Console.error("quit")
    _exit(ExitStatus.internalFailure)
  }

  /// A path to remove if the user quits at once (a staging folder being written).
  static func registerCleanup(_ path: String) { _ = cleanup.withLock { $0.insert(path) } }
  static func unregisterCleanup(_ path: String) { _ = cleanup.withLock { $0.remove(path) } }
}
