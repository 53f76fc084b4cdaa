import Foundation

/// Reads the files normlab is given (experiments, data, metrics.json) with limits: only regular
/// files (a FIFO would block forever, a device never ends), never more than `maxBytes`.
enum InputFile {
  static let maxBytes = 2 << 30

  /// Why `path` cannot be read as an input file, or nil when it is a readable regular file.
  /// Symbolic links are followed: where an input lives is the user's choice.
  static func problem(at path: String, what: String) -> (message: String, hint: String?)? {
    var info = stat()
    guard stat(path, &info) == 0 else {
      if errno == ENOENT { return ("\(what) not found", nil) }
      if errno == EACCES { return ("cannot read \(what): permission denied", nil) }
      return ("cannot read \(what): \(String(cString: strerror(errno)))", nil)
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG:
      break
    case S_IFDIR:
      return ("is a folder, expected \(what)", nil)
    case S_IFIFO:
      return ("is a named pipe (FIFO), expected \(what)", "normlab reads whole files; write the data to a regular file first")
    case S_IFCHR, S_IFBLK:
      return ("is a device, expected \(what)", nil)
    case S_IFSOCK:
      return ("is a socket, expected \(what)", nil)
    default:
      return ("is not a regular file, expected \(what)", nil)
    }
    if Int(info.st_size) > maxBytes {
      return ("\(what) is \(Int(info.st_size) >> 20) MiB; the limit is \(maxBytes >> 20) MiB", nil)
    }
    return nil
  }

  /// The whole file. Opened without blocking, so a FIFO swapped in after the check cannot hang
  /// the process; the size is checked again on the open descriptor.
  static func bytes(at path: String, what: String) -> Result<[UInt8], ReadProblem> {
    if let (message, hint) = problem(at: path, what: what) {
      return .failure(ReadProblem(message: message, hint: hint))
    }
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else {
      return .failure(ReadProblem(message: "cannot read \(what): \(String(cString: strerror(errno)))", hint: nil))
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
      return .failure(ReadProblem(message: "is not a regular file, expected \(what)", hint: nil))
    }
    let size = Int(info.st_size)
    guard size <= maxBytes else {
      return .failure(ReadProblem(message: "\(what) is \(size >> 20) MiB; the limit is \(maxBytes >> 20) MiB", hint: nil))
    }
    var data = [UInt8](repeating: 0, count: size)
    var offset = 0
    while offset < size {
      let count = data.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return Glibc.read(fd, base + offset, size - offset)
      }
      if count < 0 {
        if errno == EINTR || errno == EAGAIN { continue }
        return .failure(ReadProblem(message: "cannot read \(what): \(String(cString: strerror(errno)))", hint: nil))
      }
      // A file that shrank while being read ends early; take what is there.
      if count == 0 { break }
      offset += count
    }
    if offset < size { data.removeLast(size - offset) }
    return .success(data)
  }

  struct ReadProblem: Error {
    var message: String
    var hint: String?
  }

  /// Reads an input for a command: a problem is printed as `PATH: error: ...` and fails with
  /// exit 2.
  static func read(_ path: String, what: String) throws(Failure) -> [UInt8] {
    switch bytes(at: path, what: what) {
    case .success(let data): return data
    case .failure(let problem):
      Console.error("\(path): error: \(problem.message)" + (problem.hint.map { "\n    hint: \($0)" } ?? ""))
      throw Failure(code: ExitStatus.badInput)
    }
  }

  static func readText(_ path: String, what: String) throws(Failure) -> String {
    let bytes = try read(path, what: what)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      Console.error("\(path): error: \(what) is not UTF-8 text")
      throw Failure(code: ExitStatus.badInput)
    }
    return text
  }

  /// The canonical path with every symbolic link resolved, or nil when it does not exist.
  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// The canonical path `path` would have: the real path of its deepest existing ancestor
  /// plus the components that do not exist yet.
  static func prospectivePath(_ path: String) -> String {
    var url = URL(fileURLWithPath: path).standardizedFileURL
    var missing: [String] = []
    while realPath(url.path) == nil {
      let up = url.deletingLastPathComponent()
      if up.path == url.path { break }
      missing.insert(url.lastPathComponent, at: 0)
      url = up
    }
    var base = URL(fileURLWithPath: realPath(url.path) ?? url.path)
    for component in missing { base.appendPathComponent(component) }
    return base.standardizedFileURL.path
  }

  /// True when `inner` is `outer` or lies inside it (both canonical paths).
  static func path(_ inner: String, isWithin outer: String) -> Bool {
    inner == outer || inner.hasPrefix(outer.hasSuffix("/") ? outer : outer + "/")
  }

  /// True when the folders at `a` and `b` (existing or not) are one, or one holds the other.
  static func overlap(_ a: String, _ b: String) -> Bool {
    let (x, y) = (prospectivePath(a), prospectivePath(b))
    return path(x, isWithin: y) || path(y, isWithin: x)
  }
}
