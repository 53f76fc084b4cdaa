import Foundation
import NormlabExperiment
import Synchronization

/// The run cache on disk (`RunCacheFolder`), as the runner's `RunStore`.
///
/// - A lookup reads the entry named by the key; a damaged, edited or mis-filed entry is
///   reported with a warning and treated as missing, so the run is trained again and its new
///   entry replaces the bad one. A reused entry's modification time is set to now: it is the
///   "last used" time `normlab cache prune --older-than` goes by.
/// - A store writes the entry to a temporary name in the same folder, flushes it and renames
///   it over the entry, so readers (this process's other threads, other normlab processes)
///   see the old entry or the new one, never a part. Two processes that store the same run
///   store equal numbers; the last rename wins.
/// - A cache that cannot be written (read-only, full) is reported once; the runs are still
///   trained and the report written.
final class FileRunStore: RunStore, Sendable {
  let folder: RunCacheFolder
  /// How the folder is named in messages.
  let shown: String

  struct Counts: Sendable {
    var reused = 0
    var stored = 0
    var damaged = 0
  }

  private let counts = Mutex(Counts())
  private let storeFailed = Atomic<Bool>(false)
  private let temporaryCounter = Atomic<Int>(0)

  init(folder: RunCacheFolder, shown: String) {
    self.folder = folder
    self.shown = shown
  }

  var snapshot: Counts { counts.withLock { $0 } }

  func lookup(_ key: RunKey) -> RunRecord? {
    let url = folder.entryURL(key.digest)
    var info = stat()
    guard stat(url.path, &info) == 0 else { return nil }
    let bytes: [UInt8]
    switch InputFile.bytes(at: url.path, what: "cache entry") {
    case .success(let read): bytes = read
    case .failure(let problem):
      warnDamaged(url, problem.message)
      return nil
    }
    do {
      let record = try RunCacheEntry.decode(bytes, key: key)
      // The entry's last use, for `cache prune --older-than`; a read-only cache keeps its times.
      _ = utimensat(AT_FDCWD, url.path, nil, 0)
      counts.withLock { $0.reused += 1 }
      return record
    } catch {
      warnDamaged(url, error.description)
      return nil
    }
  }

  private func warnDamaged(_ url: URL, _ reason: String) {
    counts.withLock { $0.damaged += 1 }
    Console.warning("\(url.path): warning: run cache entry not used: \(reason); the run is trained again and the entry replaced")
  }

  func store(_ record: RunRecord, under key: RunKey) {
    guard !storeFailed.load(ordering: .relaxed) else { return }
    let url = folder.entryURL(key.digest)
    let serial = temporaryCounter.add(1, ordering: .relaxed).oldValue
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(key.digest).run.tmp-\(getpid())-\(serial)")
    do {
      let bytes = try RunCacheEntry.encode(record, key: key)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try FileWriter.write(bytes, to: temporary.path)
      try FileWriter.rename(temporary.path, to: url.path)
      counts.withLock { $0.stored += 1 }
    } catch {
      unlink(temporary.path)
      if !storeFailed.exchange(true, ordering: .relaxed) {
        Console.warning("\(shown): warning: cannot write to the run cache: \(FileWriter.describe(error)); the remaining runs are not cached")
      }
    }
  }
}

extension FileRunStore {
  /// The line `run` prints after training: how many runs came from the cache.
  func summary(experiment: String, runs: Int) -> String {
    let counts = snapshot
    var line = "\(experiment): reused \(counts.reused) of \(runs) run\(runs == 1 ? "" : "s") from the run cache \(shown)"
    if counts.damaged > 0 { line += " (\(counts.damaged) damaged entr\(counts.damaged == 1 ? "y" : "ies") retrained)" }
    return line
  }
}
