import Foundation

/// Plain POSIX writes, so a failure carries its errno (ENOSPC, EFBIG, EACCES, EROFS) rather
/// than a generic Foundation error.
enum FileWriter {
  static func posixError() -> NSError { NSError(domain: NSPOSIXErrorDomain, code: Int(errno)) }

  /// Writes and flushes one new file.
  static func write(_ bytes: [UInt8], to path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard fd >= 0 else { throw posixError() }
    defer { close(fd) }
    try writeAll(fd, bytes[...])
    guard fsync(fd) == 0 else { throw posixError() }
  }

  static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) throws {
    var offset = bytes.startIndex
    while offset < bytes.endIndex {
      let written = bytes.withUnsafeBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return Glibc.write(fd, base + (offset - bytes.startIndex), bytes.endIndex - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        throw posixError()
      }
      offset += written
    }
  }

  /// Copies a regular file in chunks. The source is opened without following a symbolic link
  /// and checked to be a regular file on the open descriptor, so a link or FIFO planted in a
  /// report folder is never followed or waited on.
  static func copyRegularFile(from source: String, to path: String) throws {
    let input = open(source, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
    guard input >= 0 else { throw posixError() }
    defer { close(input) }
    var info = stat()
    guard fstat(input, &info) == 0 else { throw posixError() }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw NSError(domain: NSPOSIXErrorDomain, code: Int(EINVAL), userInfo: [NSLocalizedDescriptionKey: "\(source) is not a regular file"])
    }
    let output = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard output >= 0 else { throw posixError() }
    defer { close(output) }
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { raw -> Int in
        guard let base = raw.baseAddress else { return 0 }
        return read(input, base, raw.count)
      }
      if count < 0 {
        if errno == EINTR || errno == EAGAIN { continue }
        throw posixError()
      }
      if count == 0 { break }
      try writeAll(output, buffer[..<count])
    }
    guard fsync(output) == 0 else { throw posixError() }
  }

  static func rename(_ source: String, to destination: String) throws {
    guard Glibc.rename(source, destination) == 0 else { throw posixError() }
  }

  /// A failure in words: the POSIX reason where there is one.
  static func describe(_ error: Error) -> String {
    let ns = error as NSError
    if let text = ns.userInfo[NSLocalizedDescriptionKey] as? String { return text }
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

  /// Writes one small file atomically: a temporary name in the same folder, then a rename.
  static func writeAtomically(_ bytes: [UInt8], to url: URL) throws {
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    do {
      try write(bytes, to: temporary.path)
      try rename(temporary.path, to: url.path)
    } catch {
      unlink(temporary.path)
      throw error
    }
  }
}
