import ArgumentParser
import Foundation
import NormlabEngine
import NormlabExperiment

/// `normlab cache info|prune [DIR]`: what the run cache holds, and removing entries not used
/// for a while.
struct CacheCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cache", abstract: "Show or prune the run cache (runs `normlab run` reuses).",
    discussion: """
      DIR defaults to NORMLAB_CACHE, else .normlab-cache in the working folder. An entry's \
      last use is its modification time: `run` sets it when it writes or reuses the entry.
      """,
    subcommands: [Info.self, Prune.self])

  struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "info", abstract: "Entries, size and last use of a run cache.")

    @Argument(help: "The run cache folder.") var directory: String?
    @Flag(help: "Read every entry and check its checksum; count entries per normlab version and build.")
    var verify = false

    func run() throws {
      guard let (folder, _, entries, temporaries) = try CacheCommand.listing(directory) else { return }
      let bytes = entries.reduce(0) { $0 + $1.size }
      print("run cache \(folder.root.path)")
      print("  entries:    \(entries.count), \(CacheCommand.size(bytes))")
      if let oldest = entries.map(\.lastUsed).min(), let newest = entries.map(\.lastUsed).max() {
        print("  last used:  \(CacheCommand.time(oldest)) to \(CacheCommand.time(newest))")
      }
      if !temporaries.isEmpty {
        print("  temporary:  \(temporaries.count) file\(temporaries.count == 1 ? "" : "s") of writers (running, or killed; `normlab cache prune` removes the latter)")
      }
      print("  this build: normlab \(normlabVersion), \(FloatingPointBuild.current.summary)")
      guard verify else { return }
      var damaged: [String] = []
      var origins: [String: Int] = [:]
      for entry in entries {
        switch InputFile.bytes(at: entry.url.path, what: "cache entry") {
        case .failure(let problem):
          damaged.append("\(entry.url.path): \(problem.message)")
        case .success(let content):
          do {
            let document = try RunCacheEntry.verify(content, digest: entry.digest)
            let origin = RunCacheEntry.origin(ofKeyDocument: document)
            let name = origin.map { origin in
              "normlab \(origin.version), \(origin.build == FloatingPointBuild.current ? "this build" : origin.build.summary)"
            } ?? "unknown origin"
            origins[name, default: 0] += 1
          } catch {
            damaged.append("\(entry.url.path): \(error)")
          }
        }
      }
      print("  verified:   \(entries.count - damaged.count) intact, \(damaged.count) damaged")
      for (origin, count) in origins.sorted(by: { $0.key < $1.key }) {
        print("    \(count) from \(origin)")
      }
      for line in damaged { print("    damaged: \(line)") }
    }
  }

  struct Prune: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "prune",
      abstract: "Remove run cache entries not used for a while (all of them without --older-than).")

    @Argument(help: "The run cache folder.") var directory: String?
    @Option(
      name: .customLong("older-than"),
      help: ArgumentHelp("Remove only entries last used longer ago than this, e.g. 30d, 12h, 1w2d.", valueName: "duration"))
    var olderThan: String?

    func validate() throws {
      if let olderThan, CacheCommand.seconds(olderThan) == nil {
        throw ValidationError("--older-than takes a duration such as 30d, 12h, 90m, 1w or 1d12h, not `\(olderThan)`")
      }
    }

    func run() throws {
      guard let (folder, shown, entries, temporaries) = try CacheCommand.listing(directory) else { return }
      let now = Date()
      let cutoff = olderThan.flatMap(CacheCommand.seconds).map { now.addingTimeInterval(-$0) }
      var removed = 0
      var removedBytes = 0
      var failures: [String] = []
      for entry in entries where cutoff.map({ entry.lastUsed < $0 }) ?? true {
        if unlink(entry.url.path) == 0 || errno == ENOENT {
          removed += 1
          removedBytes += entry.size
        } else {
          failures.append("\(entry.url.path): \(String(cString: strerror(errno)))")
        }
      }
      // A temporary file whose writer is gone (or that is a day old) is an abandoned write.
      var abandoned = 0
      for file in temporaries {
        let writerGone = file.pid.map { $0 != getpid() && kill($0, 0) != 0 && errno == ESRCH } ?? true
        guard writerGone || now.timeIntervalSince(file.modified) > 86_400 else { continue }
        if unlink(file.url.path) == 0 { abandoned += 1 }
      }
      if let shards = try? FileManager.default.contentsOfDirectory(atPath: folder.runsFolder.path) {
        for shard in shards where shard.utf8.count == 2 {
          rmdir(folder.runsFolder.appendingPathComponent(shard).path)  // only when empty
        }
      }
      let left = entries.count - removed
      let leftBytes = entries.reduce(0) { $0 + $1.size } - removedBytes
      var line = "removed \(removed) entr\(removed == 1 ? "y" : "ies") (\(CacheCommand.size(removedBytes)))"
      if let olderThan { line += " unused for \(olderThan)" }
      if abandoned > 0 { line += " and \(abandoned) abandoned temporary file\(abandoned == 1 ? "" : "s")" }
      print(line + "; \(left) left (\(CacheCommand.size(leftBytes))) in \(folder.root.path)")
      for failure in failures { Console.error("\(failure)") }
      if !failures.isEmpty {
        Console.error("\(shown): error: \(failures.count) entr\(failures.count == 1 ? "y" : "ies") could not be removed")
        throw ExitCode(ExitStatus.writeFailed)
      }
    }
  }

  /// The cache folder named by `argument` with what it holds; nil with a message when there is
  /// no cache yet. A folder that is not a run cache, or holds too many files to examine, is bad
  /// input.
  static func listing(_ argument: String?) throws -> (RunCacheFolder, shown: String, [RunCacheFolder.Entry], [RunCacheFolder.TemporaryFile])? {
    let (folder, shown) = try open(argument)
    guard let folder else { return nil }
    guard let (entries, temporaries) = folder.list() else {
      Console.error("\(shown): error: holds more than \(RunCacheFolder.maxEntries) files; not examined")
      throw ExitCode(ExitStatus.badInput)
    }
    return (folder, shown, entries, temporaries)
  }

  /// The cache folder named by `argument` (or the default), nil with a message when there is
  /// none yet; a folder that is not a run cache is bad input.
  static func open(_ argument: String?) throws(Failure) -> (RunCacheFolder?, String) {
    let url = RunCacheFolder.commandLocation(argument: argument, environment: ProcessInfo.processInfo.environment)
    let folder = RunCacheFolder(url)
    let shown = argument ?? url.path
    switch folder.state {
    case .cache:
      return (folder, shown)
    case .absent, .empty:
      print("\(shown): no run cache yet (`normlab run` makes one)")
      return (nil, shown)
    case .foreign(let reason):
      Console.error("\(shown): error: \(reason); not a run cache normlab made")
      throw Failure(code: ExitStatus.badInput)
    }
  }

  /// `30d`, `12h`, `90m`, `45s`, `2w`, or a sequence such as `1d12h`, in seconds.
  static func seconds(_ text: String) -> Double? {
    let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
    var total = 0.0
    var digits = ""
    var sawUnit = false
    for character in text {
      if character.isASCII, character.isNumber {
        digits.append(character)
      } else if let unit = units[character], let value = Int(digits), digits.count <= 9 {
        total += Double(value) * unit
        digits = ""
        sawUnit = true
      } else {
        return nil
      }
    }
    return sawUnit && digits.isEmpty ? total : nil
  }

  static func size(_ bytes: Int) -> String {
    if bytes < 1 << 10 { return "\(bytes) B" }
    if bytes < 1 << 20 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
    if bytes < 1 << 30 { return String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
    return String(format: "%.2f GiB", Double(bytes) / 1_073_741_824)
  }

  static func time(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
    return formatter.string(from: date)
  }
}
