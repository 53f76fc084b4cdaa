import Foundation
import Testing

/// Runs the built `normlab` executable as a user would, and finds the test's own files.
enum Tool {
  static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  static var testsFolder: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent() }
  static var corpus: URL { testsFolder.appendingPathComponent("Corpus") }
  static var fixtures: URL { testsFolder.appendingPathComponent("Fixtures") }

  static var executable: URL {
    // The test bundle sits next to the executables SwiftPM built for it.
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = bundle.deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = folder.appendingPathComponent("normlab")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      folder = folder.deletingLastPathComponent()
    }
    return packageRoot.appendingPathComponent(".build/debug/normlab")
  }

  struct Output {
    var status: Int32
    /// True when the process ended by a signal (a crash, or a kill before the trap was set).
    var signaled: Bool
    var stdout: String
    var stderr: String
  }

  static func environment(_ extra: [String: String] = [:]) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["NORMLAB_TEMPLATES"] = packageRoot.appendingPathComponent("templates").path
    env["SOURCE_DATE_EPOCH"] = "946684800"
    for (k, v) in extra { env[k] = v }
    return env
  }

  /// Starts `normlab arguments` (or `launcher` + arguments); the caller waits or signals it.
  static func start(
    _ arguments: [String], in directory: URL? = nil, launcher: [String] = [], environment extra: [String: String] = [:]
  ) throws -> (Process, Pipe, Pipe) {
    let process = Process()
    if launcher.isEmpty {
      process.executableURL = executable
      process.arguments = arguments
    } else {
      process.executableURL = URL(fileURLWithPath: launcher[0])
      process.arguments = Array(launcher.dropFirst()) + [executable.path] + arguments
    }
    process.currentDirectoryURL = directory ?? packageRoot
    process.environment = environment(extra)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    return (process, out, err)
  }

  static func finish(_ process: Process, _ out: Pipe, _ err: Pipe) -> Output {
    // Read both pipes concurrently so a chatty process cannot block on a full pipe.
    let errData = Mutexed<Data>(Data())
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      errData.set(err.fileHandleForReading.readDataToEndOfFile())
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData.get(), as: UTF8.self))
  }

  static func run(
    _ arguments: [String], in directory: URL? = nil, launcher: [String] = [], environment: [String: String] = [:]
  ) throws -> Output {
    let (process, out, err) = try start(arguments, in: directory, launcher: launcher, environment: environment)
    return finish(process, out, err)
  }

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("normlab-reliability-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Every regular file under `folder` with its bytes, by relative path.
  static func snapshot(_ folder: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return files }
    for case let path as String in enumerator {
      var isDirectory: ObjCBool = false
      let full = folder.appendingPathComponent(path).path
      if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
        files[path] = FileManager.default.contents(atPath: full)
      }
    }
    return files
  }
}

/// A value shared between a test and a reader thread.
final class Mutexed<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value
  init(_ value: Value) { self.value = value }
  func get() -> Value { lock.withLock { value } }
  func set(_ newValue: Value) { lock.withLock { value = newValue } }
}

/// Structural checks on report files, independent of the code that wrote them.
enum FileChecks {
  /// A PNG whose chunks all have correct CRCs and that ends with IEND.
  static func isCompletePNG(_ data: Data) -> Bool {
    let bytes = [UInt8](data)
    guard bytes.count > 8, bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return false }
    var position = 8
    var lastType = ""
    while position + 12 <= bytes.count {
      let length = Int(bytes[position]) << 24 | Int(bytes[position + 1]) << 16 | Int(bytes[position + 2]) << 8 | Int(bytes[position + 3])
      guard position + 12 + length <= bytes.count else { return false }
      let typeAndBody = Array(bytes[(position + 4)..<(position + 8 + length)])
      let stored = bytes[(position + 8 + length)..<(position + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
      guard crc32(typeAndBody) == stored else { return false }
      lastType = String(decoding: typeAndBody.prefix(4), as: UTF8.self)
      position += 12 + length
    }
    return lastType == "IEND" && position == bytes.count
  }

  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }

  /// A PDF that starts with the header and ends with the end-of-file marker.
  static func isCompletePDF(_ data: Data) -> Bool {
    let text = String(decoding: data.suffix(32), as: UTF8.self)
    return data.starts(with: Array("%PDF-".utf8)) && text.contains("%%EOF")
  }
}
