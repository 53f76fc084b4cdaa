import Foundation
import Testing

/// Malformed experiment files given to `run`: each exits 2 with `FILE:LINE:COLUMN: error:`
/// before any training, and writes nothing.
@Suite struct MalformedExperimentTests {
  static let laughs: String = {
    var text = "name: laughs\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for (name, previous) in zip("bcdefghij", "abcdefghi") {
      text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
    }
    return text
  }()

  /// (case name, file bytes, expected start of the first error after the file name)
  static let cases: [(String, [UInt8], String)] = [
    ("syntax-unclosed-flow", Array("model: { layers: [1, 2 }\n".utf8), ":1:"),
    ("syntax-tab-indent", Array("model:\n\tlayers: [4]\n".utf8), ":2:"),
    ("syntax-missing-space", Array("name:x\nmodel:\n  layers:[4]\n".utf8), ":"),
    ("syntax-bad-indent", Array("model:\n  layers: [4]\n   activation: relu\n".utf8), ":3:"),
    ("top-level-list", Array("- a\n- b\n".utf8), ":1:1: error: the top level must be a mapping"),
    ("empty", [], ":1:1: error: the file is empty"),
    ("only-comment", Array("# nothing\n".utf8), ":1:1: error: the file is empty"),
    ("binary", (0..<600).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }, ":1:"),
    ("nul-byte", Array("name: x\u{0}\n".utf8), ":1:8: error: the file is not YAML text"),
    ("ten-megabytes", Array(("name: big\n" + String(repeating: "# padding line of a huge experiment file\n", count: 256_000)).utf8), ":1:1: error: the file is"),
    ("unknown-top-key", Array("nmae: x\n".utf8), ":1:1: error: unknown key `nmae`"),
    ("unknown-nested-key", Array("train:\n  optimiser: {}\n".utf8), ":2:3: error: unknown key `train.optimiser`"),
    ("unknown-variant-key", Array("variants:\n  a: { model.batchnorm: true }\n".utf8), ":2:8: error: unknown key `model.batchnorm`"),
    ("wrong-type-epochs", Array("train: { epochs: many }\n".utf8), ":1:18: error: `train.epochs` must be an integer"),
    ("wrong-type-layers", Array("model: { layers: wide }\n".utf8), ":1:18: error: `model.layers` must be a list"),
    ("wrong-type-bool", Array("data: { normalize_inputs: 3 }\n".utf8), ":1:27: error: `data.normalize_inputs` must be true or false"),
    ("negative-lr", Array("train: { optimizer: { lr: -1 } }\n".utf8), ":1:27: error: `train.optimizer.lr` must be a number in (0, ∞)"),
    ("keep-prob-zero", Array("train: { keep_prob: 0 }\n".utf8), ":1:21: error: `train.keep_prob` must be a number in (0, 1]"),
    ("batch-size-zero", Array("train: { batch_size: 0 }\n".utf8), ":1:22: error: `train.batch_size` must be an integer in [1,"),
    ("unknown-activation", Array("model: { activation: swish }\n".utf8), ":1:22: error: `model.activation` must be one of"),
    ("unknown-optimizer", Array("train: { optimizer: { name: adamw } }\n".utf8), ":1:29: error: `train.optimizer.name` must be one of"),
    ("samples-too-few", Array("data: { samples: 2 }\n".utf8), ":1:18: error: `data.samples` must be an integer in [4,"),
    ("seeds-empty", Array("seeds: []\n".utf8), ":1:8: error: `seeds` must not be empty"),
    ("duplicate-variant", Array("variants:\n  a: {}\n  a: {}\n".utf8), ": error: duplicate key `a`"),
    ("duplicate-key", Array("name: a\nname: b\n".utf8), ": error: duplicate key `name`"),
    ("bad-variant-name", Array("variants:\n  ../x: {}\n".utf8), ":2:3: error: variant name `../x`"),
    ("bad-color", Array("variants:\n  a: { color: blue }\n".utf8), ":2:15: error: `color` must be written #RRGGBB"),
    ("expect-unknown-variant", Array("expect:\n  - bn.test_loss < 1\n".utf8), ":2:5: error: `expect` refers to an unknown variant `bn`"),
    ("expect-bad-metric", Array("expect:\n  - base.loss < 1\n".utf8), ":2:5: error: cannot read clause: unknown metric `loss`"),
    ("sweep-random-without-trials", Array("sweep:\n  method: random\n  parameters: { train.optimizer.lr: { distribution: uniform, low: 0.1, high: 1 } }\n".utf8), ":2:11: error: a random sweep needs `trials`"),
    ("sweep-unknown-key", Array("sweep:\n  parameters: { train.lr: [0.1] }\n".utf8), ":2:17: error: unknown key `train.lr`"),
    ("billion-laughs", Array(laughs.utf8), ":7:4: error: YAML aliases expand the document"),
    ("undefined-alias", Array("model: *nothing\n".utf8), ":1:8: error: invalid YAML"),
    ("missing-csv", Array("data: { dataset: csv, path: nowhere.csv }\n".utf8), ":1:29: error: data file `"),
    ("csv-without-path", Array("data: { dataset: csv }\n".utf8), ":1:18: error: `data.dataset: csv` needs `data.path`"),
    ("idx-missing-test-labels", Array("data: { dataset: idx, images: a, labels: b, test_images: c }\n".utf8), ":1:58: error: `data.test_images` and `data.test_labels` go together"),
    ("bn-flags-mismatch", Array("model: { layers: [4, 4], batch_norm: [true] }\n".utf8), ":1:38: error: `model.batch_norm` lists 1 flags"),
  ]

  @Test func everyMalformedFileExitsTwoWithAPositionAndWritesNothing() throws {
    #expect(Self.cases.count >= 30)
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("reports")
    for (name, bytes, expected) in Self.cases {
      let file = dir.appendingPathComponent("\(name).yaml")
      try Data(bytes).write(to: file)
      let result = try CLI.run(["run", file.path, "--out", out.path, "--no-progress"])
      #expect(result.status == 2, "\(name): exit \(result.status)")
      let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
      #expect(first.hasPrefix(file.path + ":"), "\(name): \(first)")
      let rest = String(first.dropFirst(file.path.count))
      #expect(rest.range(of: #"^:\d+:\d+: error: "#, options: .regularExpression) != nil, "\(name) has no position: \(first)")
      #expect(rest.hasPrefix(expected) || (expected.hasPrefix(": ") && rest.contains(expected.dropFirst(1))), "\(name): \(first)")
      #expect(!FileManager.default.fileExists(atPath: out.path), "\(name) wrote a report")
    }
  }
}
