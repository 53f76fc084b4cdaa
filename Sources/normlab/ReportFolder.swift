import CFileSystem
import Foundation

/// A folder normlab writes as a whole: a report, a comparison or a merged report.
///
/// normlab replaces such a folder only when it is absent, empty, or a report normlab wrote (it
/// holds a `.normlab-report` file listing every file normlab put there, and nothing else). The
/// new content is written to a staging folder beside it and swapped in with one atomic rename,
/// under a lock on its parent folder, so a failed, interrupted or concurrent run never leaves a
/// half-written report and never loses the previous one.
struct ReportFolder {
  static let markerName = ".normlab-report"
  /// Folders with more entries than this are not examined further (and not replaced).
  static let maxEntries = 20_000

  /// What one file of the folder holds: bytes, or a file copied as it is (re-rendering keeps
  /// files it does not regenerate without loading them into memory).
  enum Content {
    case bytes([UInt8])
    case copy(ofFileAt: String)
  }

  struct Entry {
    var path: String
    var content: Content
  }

  /// What is at a destination now.
  enum State: Equatable {
    case absent
    case empty
    /// A folder normlab wrote; the relative paths of its files.
    case report(files: [String])
    /// Anything normlab must not replace, and why.
    case foreign(String)
  }

  let destination: URL

  init(_ destination: URL) {
    self.destination = destination.standardizedFileURL
  }

  var name: String { destination.lastPathComponent }
  var parent: URL { destination.deletingLastPathComponent() }
  var stagingURL: URL { parent.appendingPathComponent(".\(name).tmp-\(getpid())") }

  // MARK: Ownership

  /// Names a report folder of an earlier normlab version (without the marker) may hold.
  static func isLegacyReportFile(_ path: String) -> Bool {
    let top: Set<String> = [
      "report.pdf", "report.html", "summary.md", "metrics.json", "metrics.csv", "experiment.yaml",
      "comparison.md",
    ]
    if top.contains(path) { return true }
    let parts = path.split(separator: "/")
    return parts.count == 2 && parts[0] == "charts" && (parts[1].hasSuffix(".png") || parts[1].hasSuffix(".svg"))
  }

  static func state(of url: URL) -> State {
    let path = url.standardizedFileURL.path
    var info = stat()
    guard lstat(path, &info) == 0 else {
      return errno == ENOENT ? .absent : .foreign("cannot be examined: \(String(cString: strerror(errno)))")
    }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: break
    case S_IFLNK: return .foreign("is a symbolic link")
    case S_IFREG: return .foreign("is a file")
    default: return .foreign("is not a folder")
    }
    guard let tree = FolderTree.list(path, limit: maxEntries) else {
      return .foreign("holds more than \(maxEntries) entries")
    }
    if tree.isEmpty { return .empty }
    let files = Set(tree.filter { $0.kind == .file }.map(\.path))
    var listed: Set<String>
    if files.contains(markerName) {
      guard let text = try? String(contentsOfFile: url.appendingPathComponent(markerName).path, encoding: .utf8) else {
        return .foreign("has an unreadable \(markerName) file")
      }
      listed = Set(ReportFolder.listedFiles(inMarker: text))
      listed.insert(markerName)
    } else {
      // Reports of earlier versions carry no marker: recognise them by their metrics file and
      // by holding nothing but the files normlab writes.
      guard files.contains("metrics.json") || files.contains("comparison.md") else {
        return .foreign("is not a report normlab wrote (it has no \(markerName) file)")
      }
      listed = Set(files.filter(isLegacyReportFile))
    }
    var foreign: [String] = []
    for entry in tree {
      switch entry.kind {
      case .file:
        if !listed.contains(entry.path) { foreign.append(entry.path) }
      case .folder:
        if !listed.contains(where: { $0.hasPrefix(entry.path + "/") }) { foreign.append(entry.path + "/") }
      case .other:
        foreign.append(entry.path)
      }
    }
    if !foreign.isEmpty {
      let shown = foreign.sorted().prefix(3).joined(separator: ", ")
      let more = foreign.count > 3 ? " and \(foreign.count - 3) more" : ""
      return .foreign("holds files normlab did not write (\(shown)\(more))")
    }
    return .report(files: files.sorted())
  }

  static func listedFiles(inMarker text: String) -> [String] {
    text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
  }

  static func markerText(for paths: [String]) -> String {
    "# Written by normlab: a report folder normlab may replace as a whole.\n"
      + "# The files normlab wrote here; a folder holding anything else is never replaced.\n"
      + paths.sorted().map { $0 + "\n" }.joined()
  }

  // MARK: Checks before any work

  /// Refuses, before training or rendering, a destination normlab could not write or must not
  /// replace, and one that is or contains an input. Prints the reason and throws exit 2 (bad
  /// input) or 4 (not writable).
  func checkWritable(inputs: [String], flag: String = "--out") throws(Failure) {
    let shown = destination.path
    if let obstacle = ReportFolder.obstacle(above: parent) {
      // Named by the folder given to --out: the report folder inside it cannot exist.
      Console.error("\(parent.path): error: cannot create the report folder \(destination.lastPathComponent) here: \(obstacle.message)\n    hint: choose another \(flag)")
      throw Failure(code: obstacle.isPermission ? ExitStatus.writeFailed : ExitStatus.badInput)
    }
    try checkHoldsNoInput(inputs, flag: flag)
    if case .foreign(let reason) = ReportFolder.state(of: destination) {
      Console.error("\(shown): error: \(reason); normlab replaces only folders it wrote\n    hint: choose another \(flag), or move the folder away")
      throw Failure(code: ExitStatus.badInput)
    }
  }

  /// Refuses a destination that is or contains one of `inputs`.
  func checkHoldsNoInput(_ inputs: [String], flag: String = "--out") throws(Failure) {
    let target = InputFile.prospectivePath(destination.path)
    for input in inputs {
      guard let real = InputFile.realPath(input) else { continue }
      if InputFile.path(real, isWithin: target) {
        let relation = real == target ? "is" : "contains"
        Console.error("\(destination.path): error: the report folder \(relation) the input \(input); normlab never overwrites its own inputs\n    hint: choose another \(flag)")
        throw Failure(code: ExitStatus.badInput)
      }
    }
  }

  struct Obstacle {
    var message: String
    var isPermission: Bool
  }

  /// Why a folder cannot be created at `folder`: a file in the way, or an ancestor this user
  /// may not write to.
  static func obstacle(above folder: URL) -> Obstacle? {
    var ancestor = folder.standardizedFileURL
    var info = stat()
    while stat(ancestor.path, &info) != 0 {
      let up = ancestor.deletingLastPathComponent()
      if up.path == ancestor.path { return nil }
      ancestor = up
    }
    if info.st_mode & S_IFMT != S_IFDIR {
      return Obstacle(message: "\(ancestor.path) is a file, not a folder", isPermission: false)
    }
    if access(ancestor.path, W_OK | X_OK) != 0 {
      return Obstacle(message: "\(ancestor.path): permission denied", isPermission: true)
    }
    return nil
  }

  // MARK: Writing

  /// Writes `entries` as the whole folder. The staging folder is filled first (no lock held),
  /// then, under the destination's lock, orphans of killed writers are recovered, ownership
  /// is checked again and the staging folder is swapped in.
  func write(_ entries: [Entry], inputs: [String] = []) throws(Failure) {
    try checkWritable(inputs: inputs)
    let fm = FileManager.default
    let staging = stagingURL
    do {
      try fm.createDirectory(at: parent, withIntermediateDirectories: true)
    } catch {
      Console.error("\(destination.path): error: cannot create \(parent.path): \(FileWriter.describe(error))")
      throw Failure(code: ExitStatus.writeFailed)
    }
    Interruption.registerCleanup(staging.path)
    defer { Interruption.unregisterCleanup(staging.path) }
    do {
      try? fm.removeItem(at: staging)
      try fm.createDirectory(at: staging, withIntermediateDirectories: false)
      try FileWriter.write(Array(ReportFolder.markerText(for: entries.map(\.path)).utf8),
        to: staging.appendingPathComponent(ReportFolder.markerName).path)
      for entry in entries {
        let url = staging.appendingPathComponent(entry.path)
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        switch entry.content {
        case .bytes(let bytes): try FileWriter.write(bytes, to: url.path)
        case .copy(let source): try FileWriter.copyRegularFile(from: source, to: url.path)
        }
      }
    } catch {
      try? fm.removeItem(at: staging)
      Console.error("\(destination.path): error: cannot write the report: \(FileWriter.describe(error))")
      throw Failure(code: ExitStatus.writeFailed)
    }
    let lock: DestinationLock
    do {
      lock = try DestinationLock(parent.path, waitingFor: destination.path)
    } catch {
      try? fm.removeItem(at: staging)
      Console.error("\(destination.path): error: cannot lock the report folder: \(FileWriter.describe(error))")
      throw Failure(code: ExitStatus.writeFailed)
    }
    defer { lock.release() }
    recoverOrphans()
    let state = ReportFolder.state(of: destination)
    if case .foreign(let reason) = state {
      try? fm.removeItem(at: staging)
      Console.error("\(destination.path): error: \(reason); normlab replaces only folders it wrote\n    hint: choose another --out, or move the folder away")
      throw Failure(code: ExitStatus.badInput)
    }
    do {
      if state == .absent {
        try FileWriter.rename(staging.path, to: destination.path)
      } else {
        try swapIn(staging)
      }
    } catch {
      try? fm.removeItem(at: staging)
      Console.error("\(destination.path): error: cannot replace the report: \(FileWriter.describe(error))")
      throw Failure(code: ExitStatus.writeFailed)
    }
  }

  /// Exchanges staging and destination in one step, then removes the old report (now at the
  /// staging path). Where the file system cannot exchange, the old report is renamed aside
  /// first; a kill between the two renames leaves it as `.NAME.old-PID`, which the next
  /// writer puts back or removes.
  func swapIn(_ staging: URL) throws {
    let fm = FileManager.default
    if normlab_exchange(staging.path, destination.path) == 0 {
      try? fm.removeItem(at: staging)
      return
    }
    guard errno == EINVAL || errno == ENOSYS || errno == ENOTSUP else {
      throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno))
    }
    let retired = parent.appendingPathComponent(".\(name).old-\(getpid())")
    try FileWriter.rename(destination.path, to: retired.path)
    do {
      try FileWriter.rename(staging.path, to: destination.path)
    } catch {
      try? FileWriter.rename(retired.path, to: destination.path)
      throw error
    }
    try? fm.removeItem(at: retired)
  }

  /// Under the lock: a `.NAME.old-PID` folder is a previous report whose writer was killed
  /// mid-swap (put back when the report is missing, else removed); a `.NAME.tmp-PID` folder of
  /// a process that no longer exists is an abandoned staging folder (removed). Only folders
  /// normlab wrote are touched.
  func recoverOrphans() {
    let fm = FileManager.default
    guard let siblings = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
    for sibling in siblings.sorted() {
      let url = parent.appendingPathComponent(sibling)
      if sibling.hasPrefix(".\(name).old-") {
        guard case .report = ReportFolder.state(of: url) else { continue }
        if ReportFolder.state(of: destination) == .absent {
          try? FileWriter.rename(url.path, to: destination.path)
        } else {
          try? fm.removeItem(at: url)
        }
      } else if sibling.hasPrefix(".\(name).tmp-"),
        let pid = Int32(sibling.dropFirst(".\(name).tmp-".count)), pid != getpid(),
        kill(pid, 0) != 0, errno == ESRCH
      {
        switch ReportFolder.state(of: url) {
        case .report, .empty: try? fm.removeItem(at: url)
        default: continue
        }
      }
    }
  }
}

/// One entry of a folder listing made with `lstat` (links are never followed).
struct FolderTree {
  enum Kind { case file, folder, other }
  var path: String
  var kind: Kind

  /// Every entry under `root`, relative paths; nil when there are more than `limit`.
  static func list(_ root: String, limit: Int) -> [FolderTree]? {
    var result: [FolderTree] = []
    var pending = [""]
    while let relative = pending.popLast() {
      let folder = relative.isEmpty ? root : root + "/" + relative
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
      for name in names.sorted() {
        let path = relative.isEmpty ? name : relative + "/" + name
        var info = stat()
        guard lstat(root + "/" + path, &info) == 0 else { continue }
        let kind: Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .folder
        default: kind = .other
        }
        result.append(FolderTree(path: path, kind: kind))
        if result.count > limit { return nil }
        if kind == .folder { pending.append(path) }
      }
    }
    return result
  }
}

/// An exclusive `flock` on the folder that holds a destination: concurrent writers into one
/// folder wait their turn instead of racing at the rename. Locking the folder itself leaves no
/// lock file behind; the lock is held only for the swap, so writers of other reports in the
/// same folder wait milliseconds at most.
struct DestinationLock {
  let descriptor: Int32

  init(_ path: String, waitingFor destination: String) throws {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno)) }
    if flock(fd, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK else {
        let code = errno
        close(fd)
        throw NSError(domain: NSPOSIXErrorDomain, code: Int(code))
      }
      Console.error("\(destination): waiting for another normlab process writing this report")
      while flock(fd, LOCK_EX) != 0 {
        guard errno == EINTR else {
          let code = errno
          close(fd)
          throw NSError(domain: NSPOSIXErrorDomain, code: Int(code))
        }
      }
    }
    descriptor = fd
  }

  func release() {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
