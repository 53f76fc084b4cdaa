import Foundation
import NormlabExperiment

/// The folder of the run cache: `CACHEDIR.TAG` (which marks it as normlab's, and tells backup
/// tools to skip it) and one file per run under `runs/`, named by its key:
///
/// ```
/// .normlab-cache/
///   CACHEDIR.TAG
///   runs/3f/3f9c…e1.run           one entry (RunCacheEntry), written to a temporary name
///   runs/3f/.3f9c…e1.run.tmp-PID-N  and renamed, so a partly written entry is never read
/// ```
///
/// normlab writes into a folder only when it is absent, empty, or carries normlab's tag, and
/// removes only files it names (`*.run` entries with a 64-hex-digit name, its temporary files).
struct RunCacheFolder {
  static let tagName = "CACHEDIR.TAG"
  /// The Cache Directory Tagging Specification's signature (https://bford.info/cachedir/).
  static let tagSignature = "Signature: 8a477f597d28d172789f06886806bc55"
  static let tagText = """
    \(tagSignature)
    # This file is a cache directory tag created by normlab: its run cache.
    # Every entry can be recomputed; `normlab cache prune` removes old ones.
    # For information about cache directory tags, see https://bford.info/cachedir/

    """
  static let defaultName = ".normlab-cache"
  /// Folders with more entries than this are not examined (`cache info`, `prune`).
  static let maxEntries = 1_000_000

  let root: URL

  init(_ root: URL) {
    self.root = root.standardizedFileURL
  }

  var runsFolder: URL { root.appendingPathComponent("runs") }

  func entryURL(_ digest: String) -> URL {
    runsFolder.appendingPathComponent(String(digest.prefix(2))).appendingPathComponent("\(digest).run")
  }

  enum State: Equatable {
    case absent
    case empty
    case cache
    case foreign(String)
  }

  /// What is at the folder now. A symbolic link to a folder is followed: a shared cache may
  /// live anywhere.
  var state: State {
    var info = stat()
    guard stat(root.path, &info) == 0 else {
      return errno == ENOENT ? .absent : .foreign("cannot be examined: \(String(cString: strerror(errno)))")
    }
    guard info.st_mode & S_IFMT == S_IFDIR else { return .foreign("is not a folder") }
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: root.path) else {
      return .foreign("cannot be listed")
    }
    if names.isEmpty { return .empty }
    let tag = root.appendingPathComponent(Self.tagName).path
    if case .success(let bytes) = InputFile.bytes(at: tag, what: "cache tag"), bytes.count < 4096,
      String(decoding: bytes, as: UTF8.self).hasPrefix(Self.tagSignature + "\n# This file is a cache directory tag created by normlab")
    {
      return .cache
    }
    return .foreign("holds files and no \(Self.tagName) of a normlab run cache")
  }

  enum OpenProblem: Error {
    /// A folder normlab must not write into (exit 2).
    case foreign(String)
    /// The folder could not be created or tagged (the run goes on without a cache).
    case unwritable(String)
  }

  /// Makes the folder a run cache if it is absent or empty; refuses a folder that is not one.
  func open() throws(OpenProblem) {
    switch state {
    case .cache: return
    case .foreign(let reason): throw .foreign(reason)
    case .absent, .empty:
      do {
        try FileManager.default.createDirectory(at: runsFolder, withIntermediateDirectories: true)
        try FileWriter.writeAtomically(Array(Self.tagText.utf8), to: root.appendingPathComponent(Self.tagName))
      } catch {
        throw .unwritable(FileWriter.describe(error))
      }
    }
  }

  // MARK: Listing, for `cache info` and `cache prune`

  struct Entry {
    var url: URL
    var digest: String
    var size: Int
    /// When the entry was last written or reused (its modification time).
    var lastUsed: Date
  }

  /// A temporary file of a writer: `.DIGEST.run.tmp-PID-N`.
  struct TemporaryFile {
    var url: URL
    var pid: Int32?
    var modified: Date
  }

  /// Every entry and temporary file under `runs/`; nil when there are more than `maxEntries`.
  func list() -> (entries: [Entry], temporaries: [TemporaryFile])? {
    var entries: [Entry] = []
    var temporaries: [TemporaryFile] = []
    let fm = FileManager.default
    guard let shards = try? fm.contentsOfDirectory(atPath: runsFolder.path) else { return ([], []) }
    for shard in shards.sorted() where shard.utf8.count == 2 {
      let folder = runsFolder.appendingPathComponent(shard)
      guard let names = try? fm.contentsOfDirectory(atPath: folder.path) else { continue }
      for name in names.sorted() {
        let url = folder.appendingPathComponent(name)
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
        let modified = Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
        if name.hasSuffix(".run"), RunKey.isDigest(name.dropLast(4)), name.hasPrefix(shard) {
          entries.append(Entry(url: url, digest: String(name.dropLast(4)), size: Int(info.st_size), lastUsed: modified))
        } else if name.hasPrefix("."), let range = name.range(of: ".run.tmp-"),
          RunKey.isDigest(name[name.index(after: name.startIndex)..<range.lowerBound])
        {
          let pid = name[range.upperBound...].split(separator: "-").first.flatMap { Int32($0) }
          temporaries.append(TemporaryFile(url: url, pid: pid, modified: modified))
        }
        if entries.count + temporaries.count > Self.maxEntries { return nil }
      }
    }
    return (entries, temporaries)
  }

  /// The folder `run` uses for an experiment: `--no-cache` (none), `--cache DIR`,
  /// `NORMLAB_CACHE` (`off` for none), else `.normlab-cache` next to the experiment file.
  static func location(
    flag: String?, disabled: Bool, environment: [String: String], experimentFile: String
  ) -> URL? {
    if disabled { return nil }
    if let flag { return URL(fileURLWithPath: flag) }
    if let value = environment["NORMLAB_CACHE"], !value.isEmpty {
      return value == "off" ? nil : URL(fileURLWithPath: value)
    }
    return URL(fileURLWithPath: experimentFile).deletingLastPathComponent().appendingPathComponent(defaultName)
  }

  /// The folder `cache info` and `cache prune` look at without an argument: `NORMLAB_CACHE`,
  /// else `.normlab-cache` in the working folder.
  static func commandLocation(argument: String?, environment: [String: String]) -> URL {
    if let argument { return URL(fileURLWithPath: argument) }
    if let value = environment["NORMLAB_CACHE"], !value.isEmpty, value != "off" {
      return URL(fileURLWithPath: value)
    }
    return URL(fileURLWithPath: defaultName)
  }
}
