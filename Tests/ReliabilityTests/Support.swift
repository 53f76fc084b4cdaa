import CLITestSupport
import Foundation
import Testing

/// The shared CLI runner (`CLITool`) with a fixed report date, and the test's own files.
enum Tool {
  typealias Output = CLITool.Output
  static var packageRoot: URL { CLITool.packageRoot }
  static var executable: URL { CLITool.executable }
  static var testsFolder: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent() }
  static var corpus: URL { testsFolder.appendingPathComponent("Corpus") }
  static var fixtures: URL { testsFolder.appendingPathComponent("Fixtures") }

  /// Reports dated 2000-01-01, so runs compare byte for byte.
  static func dated(_ extra: [String: String]) -> [String: String] {
    ["SOURCE_DATE_EPOCH": "946684800"].merging(extra) { $1 }
  }

  static func environment(_ extra: [String: String] = [:]) -> [String: String] {
    CLITool.environment(dated(extra))
  }

  static func start(
    _ arguments: [String], in directory: URL? = nil, launcher: [String] = [], environment extra: [String: String] = [:]
  ) throws -> (Process, Pipe, Pipe) {
    try CLITool.start(arguments, in: directory, launcher: launcher, environment: dated(extra))
  }

  static func finish(_ process: Process, _ out: Pipe, _ err: Pipe) -> Output {
    CLITool.finish(process, out, err)
  }

  static func run(
    _ arguments: [String], in directory: URL? = nil, launcher: [String] = [], environment: [String: String] = [:]
  ) throws -> Output {
    try CLITool.run(arguments, in: directory, launcher: launcher, environment: dated(environment))
  }

  static func temporaryDirectory() throws -> URL {
    try CLITool.temporaryDirectory(prefix: "normlab-reliability")
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
