import Foundation
import Testing

/// One malformed (or edge-case) input and what the CLI must answer.
struct CorpusCase: Codable, Sendable, CustomTestStringConvertible {
  var file: String
  /// For IDX: the labels file paired with `file`.
  var labels: String?
  var kind: String
  var exit: Int32
  /// A part of the first error line; empty for inputs that must be accepted.
  var message: String
  /// For metrics.json: the exit of `compare` with a valid report as the old side (templates
  /// are not used by `compare`, so a bad template name is no error there).
  var compareExit: Int32?

  enum CodingKeys: String, CodingKey {
    case file, labels, kind, exit, message, compareExit = "compare_exit"
  }

  var testDescription: String { labels.map { "\(file) + \($0)" } ?? file }

  static let all: [CorpusCase] = {
    let url = Tool.corpus.appendingPathComponent("manifest.json")
    guard let data = FileManager.default.contents(atPath: url.path),
      let cases = try? JSONDecoder().decode([CorpusCase].self, from: data)
    else { return [] }
    return cases
  }()
}

/// The malformed-input corpus: every file gets a message and exit code 2 (or is accepted),
/// never a crash. Experiment files go to `check`; CSV and IDX files are named by a generated
/// experiment file and go to `check` (which loads the data); metrics.json files go to `report`
/// and to `compare`.
@Suite struct CorpusTests {
  @Test func corpusHasAtLeastFiftyMalformedFilesOfEveryKind() {
    let malformed = CorpusCase.all.filter { $0.exit != 0 }
    #expect(malformed.count >= 50)
    for kind in ["yaml", "csv", "idx", "metrics"] {
      #expect(malformed.contains { $0.kind == kind }, "no malformed \(kind) file")
    }
  }

  @Test(arguments: CorpusCase.all)
  func answersWithItsExitCodeAndMessage(_ entry: CorpusCase) throws {
    let scratch = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let path = Tool.corpus.appendingPathComponent(entry.file).path
    let output: Tool.Output
    switch entry.kind {
    case "yaml":
      output = try Tool.run(["check", path])
    case "csv", "idx":
      let data =
        entry.kind == "csv"
        ? "{ dataset: csv, path: \"\(path)\", label: label }"
        : "{ dataset: idx, images: \"\(path)\", labels: \"\(Tool.corpus.appendingPathComponent(entry.labels ?? "").path)\" }"
      let experiment = scratch.appendingPathComponent("corpus.yaml")
      try "name: corpus\ndata: \(data)\nmodel: { layers: [4] }\n".write(to: experiment, atomically: true, encoding: .utf8)
      output = try Tool.run(["check", experiment.path])
      if entry.file == "csv/text-cell.csv" {
        // An error placed in the data file also names the experiment key that points at it.
        #expect(output.stderr.contains("the file is `data.path` of \(experiment.path):2:"), "\(output.stderr)")
      }
    default:
      try FileManager.default.copyItem(atPath: path, toPath: scratch.appendingPathComponent("metrics.json").path)
      output = try Tool.run(["report", scratch.path])
    }
    #expect(!output.signaled, "crashed: \(output.stderr.suffix(2000))")
    #expect(output.status == entry.exit, "stderr: \(output.stderr.prefix(1000))")
    if entry.exit != 0 {
      let firstError = output.stderr.split(separator: "\n").first { $0.contains("error: ") } ?? ""
      #expect(firstError.contains(entry.message), "first error: \(firstError.prefix(400))")
      #expect(!output.stderr.contains("Fatal error"))
    }
    if entry.kind == "metrics", let compareExit = entry.compareExit {
      let valid = Tool.corpus.appendingPathComponent("metrics/valid-diverged.json").path
      let old = scratch.appendingPathComponent("old")
      try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
      try FileManager.default.copyItem(atPath: valid, toPath: old.appendingPathComponent("metrics.json").path)
      let compared = try Tool.run(["compare", old.path, scratch.path, "--out", scratch.appendingPathComponent("comparison").path])
      #expect(!compared.signaled, "compare crashed: \(compared.stderr.suffix(2000))")
      #expect(compared.status == compareExit, "compare: \(compared.stderr.prefix(1000))")
      if compareExit != 0 { #expect(compared.stderr.contains(entry.message), "compare: \(compared.stderr.prefix(400))") }
    }
    if entry.kind == "metrics" && entry.exit == 0 {
      let files = Tool.snapshot(scratch)
      #expect(files["report.pdf"].map(FileChecks.isCompletePDF) == true)
      for (name, bytes) in files where name.hasSuffix(".png") {
        #expect(FileChecks.isCompletePNG(bytes), "\(name) is not a complete PNG")
      }
    }
  }
}
