import Foundation
import NormlabExperiment
import Testing

@Suite struct SchemaDocsTests {
  static var root: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  @Test func committedReferenceMatchesTheSchema() throws {
    let committed = try String(
      contentsOf: Self.root.appendingPathComponent("docs/experiment-file.md"), encoding: .utf8)
    #expect(committed == SchemaDocs.markdown(), "regenerate with `normlab list --schema > docs/experiment-file.md`")
  }

  @Test func everyKeyIsDocumented() throws {
    let committed = try String(
      contentsOf: Self.root.appendingPathComponent("docs/experiment-file.md"), encoding: .utf8)
    for spec in Schema.keys {
      #expect(committed.contains("| `\(spec.path)` |"), "\(spec.path) is undocumented")
      #expect(!spec.doc.isEmpty, "\(spec.path) has no description")
    }
  }
}
