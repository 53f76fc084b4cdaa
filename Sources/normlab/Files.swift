import Foundation
import NormlabExperiment

/// A bad-input failure already printed; carries the exit code.
struct Failure: Error {
  var code: Int32
}

/// All file-system access of normlab: reading inputs with limits, and atomic report output.
enum Files {
  static let maxInputBytes = 2 << 30

  /// Reads a whole file, refusing directories and huge files with a clear message.
  static func read(_ path: String, what: String) throws(Failure) -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      Console.error("\(path): error: \(what) not found")
      throw Failure(code: ExitStatus.badInput)
    }
    guard !isDirectory.boolValue else {
      Console.error("\(path): error: is a directory, expected \(what)")
      throw Failure(code: ExitStatus.badInput)
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= maxInputBytes else {
      Console.error("\(path): error: \(what) is \(size >> 20) MiB; the limit is \(maxInputBytes >> 20) MiB")
      throw Failure(code: ExitStatus.badInput)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      Console.error("\(path): error: cannot read \(what) (permission denied?)")
      throw Failure(code: ExitStatus.badInput)
    }
    return Array(data)
  }

  static func readText(_ path: String, what: String) throws(Failure) -> String {
    let bytes = try read(path, what: what)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      Console.error("\(path): error: \(what) is not UTF-8 text")
      throw Failure(code: ExitStatus.badInput)
    }
    return text
  }

  /// Writes `files` as the folder `destination`: everything goes to a staging folder first,
  /// then the staging folder replaces the old one by rename, so a failure at any point leaves
  /// the previous report whole.
  static func writeReport(_ files: [(String, [UInt8])], to destination: URL) throws(Failure) {
    let fm = FileManager.default
    let parent = destination.deletingLastPathComponent()
    let name = destination.lastPathComponent
    let pid = ProcessInfo.processInfo.processIdentifier
    let staging = parent.appendingPathComponent(".\(name).tmp-\(pid)")
    let retired = parent.appendingPathComponent(".\(name).old-\(pid)")
    do {
      try fm.createDirectory(at: parent, withIntermediateDirectories: true)
      try? fm.removeItem(at: staging)
      try fm.createDirectory(at: staging, withIntermediateDirectories: true)
      for (path, bytes) in files {
        let url = staging.appendingPathComponent(path)
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try writeFile(bytes, to: url.path)
      }
    } catch {
      try? fm.removeItem(at: staging)
      Console.error("\(destination.path): error: cannot write the report: \(obstacle(above: parent) ?? describe(error))")
      throw Failure(code: ExitStatus.badInput)
    }
    do {
      if fm.fileExists(atPath: destination.path) {
        try fm.moveItem(at: destination, to: retired)
      }
      do {
        try fm.moveItem(at: staging, to: destination)
      } catch {
        // Put the previous report back before giving up.
        if fm.fileExists(atPath: retired.path) { try? fm.moveItem(at: retired, to: destination) }
        throw error
      }
      try? fm.removeItem(at: retired)
    } catch {
      try? fm.removeItem(at: staging)
      Console.error("\(destination.path): error: cannot replace the report: \(describe(error))")
      throw Failure(code: ExitStatus.badInput)
    }
  }

  /// Why a folder cannot be created at `folder`, in words, when an ancestor is the reason: a
  /// regular file in the way, or a folder this user may not write to.
  static func obstacle(above folder: URL) -> String? {
    var ancestor = folder.standardizedFileURL
    var isDirectory: ObjCBool = false
    while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) {
      let up = ancestor.deletingLastPathComponent()
      if up.path == ancestor.path { return nil }
      ancestor = up
    }
    if !isDirectory.boolValue { return "\(ancestor.path) is a file, not a folder" }
    if ancestor.path != folder.standardizedFileURL.path, access(ancestor.path, W_OK) != 0 {
      return "\(ancestor.path): permission denied"
    }
    return nil
  }

  /// Writes and flushes one file with plain POSIX calls, so a failure carries its errno
  /// (ENOSPC, EFBIG, EACCES) rather than a generic Foundation error.
  static func writeFile(_ bytes: [UInt8], to path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno)) }
    defer { close(fd) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { buffer in
        Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno))
      }
      offset += written
    }
    guard fsync(fd) == 0 else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno)) }
  }

  static func describe(_ error: Error) -> String {
    let ns = error as NSError
    if ns.domain == NSPOSIXErrorDomain, let text = String(validatingCString: strerror(Int32(ns.code))) {
      return text
    }
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
      let text = String(validatingCString: strerror(Int32(underlying.code)))
    {
      return text
    }
    return ns.localizedDescription
  }

  /// A folder name that cannot escape its parent: path separators and dots become `_`.
  static func safeName(_ name: String) -> String {
    let cleaned = String(name.map { c in
      c.isLetter || c.isNumber || c == "-" || c == "_" ? c : "_"
    })
    return cleaned.isEmpty ? "experiment" : String(cleaned.prefix(100))
  }

  /// Where the report layouts and summary template live: `NORMLAB_TEMPLATES`, `./templates`,
  /// or the `templates/` folder of the checkout the executable was built in.
  static func templatesDirectory() -> URL? {
    let fm = FileManager.default
    var candidates: [URL] = []
    if let env = ProcessInfo.processInfo.environment["NORMLAB_TEMPLATES"] {
      candidates.append(URL(fileURLWithPath: env))
    }
    candidates.append(URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("templates"))
    let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
    var folder = executable.deletingLastPathComponent()
    for _ in 0..<4 {
      candidates.append(folder.appendingPathComponent("templates"))
      folder = folder.deletingLastPathComponent()
    }
    return candidates.first { fm.fileExists(atPath: $0.appendingPathComponent("default/layout.yaml").path) }
  }
}

/// Reads data files relative to the experiment file's folder; a relative path may not climb
/// out of it (an absolute path is the user's explicit choice).
struct ExperimentFolderReader: DataFileReader {
  let folder: URL
  /// The experiment's folder as the user wrote it, for messages (empty for the working folder).
  var shownFolder = ""

  func displayPath(_ path: String) -> String {
    path.hasPrefix("/") || shownFolder.isEmpty ? path : (shownFolder as NSString).appendingPathComponent(path)
  }

  func read(_ path: String) throws(DataError) -> [UInt8] {
    let url: URL
    if path.hasPrefix("/") {
      url = URL(fileURLWithPath: path)
    } else {
      url = folder.appendingPathComponent(path).standardizedFileURL
      let root = folder.standardizedFileURL.path
      guard url.path == root || url.path.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
        throw DataError(
          file: path, message: "points outside the experiment's folder",
          hint: "keep data next to the experiment file, or give an absolute path")
      }
      // The same check on the real paths, so a symbolic link cannot lead out of the folder.
      if let real = Self.realPath(url.path), let realRoot = Self.realPath(root),
        real != realRoot, !real.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/")
      {
        throw DataError(
          file: path, message: "points outside the experiment's folder (through a symbolic link to \(real))",
          hint: "keep data next to the experiment file, or give an absolute path")
      }
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw DataError(file: path, message: "not found (looked in \(url.deletingLastPathComponent().path))")
    }
    guard !isDirectory.boolValue else { throw DataError(file: path, message: "is a directory, not a data file") }
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    guard size <= Files.maxInputBytes else {
      throw DataError(file: path, message: "is \(size >> 20) MiB; data files are limited to \(Files.maxInputBytes >> 20) MiB")
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw DataError(file: path, message: "cannot be read (permission denied?)")
    }
    return Array(data)
  }

  /// The canonical path with every symbolic link resolved, or nil when it does not exist.
  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}
