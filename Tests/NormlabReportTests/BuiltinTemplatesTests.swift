import Foundation
import Testing

@testable import NormlabReport

/// The templates built into the binary are the ones in `templates/`.
@Suite struct BuiltinTemplatesTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates")

  @Test func builtInTemplatesMatchTheTemplatesFolder() throws {
    var onDisk: [String: String] = [:]
    let enumerator = try #require(FileManager.default.enumerator(atPath: Self.folder.path))
    for case let path as String in enumerator {
      var isDirectory: ObjCBool = false
      let full = Self.folder.appendingPathComponent(path).path
      guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
      onDisk[path] = try String(contentsOfFile: full, encoding: .utf8)
    }
    #expect(Set(onDisk.keys) == Set(BuiltinTemplates.files.keys), "run scripts/embed-templates.py")
    for (path, text) in onDisk where BuiltinTemplates.files[path] != text {
      Issue.record("\(path) differs from the built-in copy; run scripts/embed-templates.py")
    }
    #expect(BuiltinTemplates.files["default/layout.yaml"]?.contains("charts:") == true)
  }
}
