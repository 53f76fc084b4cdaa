import Foundation
import Testing

/// `run --shard K/N` slices plus `merge` give the report of one unsharded run.
@Suite(.serialized) struct ShardMergeTests {
  static func withoutWallClock(_ data: Data) throws -> NSDictionary {
    func strip(_ value: Any) -> Any {
      if let dictionary = value as? [String: Any] {
        return dictionary.filter { $0.key != "wall_seconds" && $0.key != "steps_per_second" }.mapValues(strip)
      }
      if let array = value as? [Any] { return array.map(strip) }
      return value
    }
    return try #require(strip(try JSONSerialization.jsonObject(with: data)) as? NSDictionary)
  }

  @Test func mergedShardsEqualAnUnshardedRun() throws {
    let out = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let file = out.appendingPathComponent("quickstart.yaml").path
    try """
      name: quickstart
      seeds: [1, 2]
      data: { dataset: moons, samples: 200 }
      model: { layers: [8] }
      train: { epochs: 2, batch_size: 40 }
      variants: { a: {}, b: { model.batch_norm: true } }
      expect: [ "b.train_loss < 10 * a.train_loss" ]
      """.write(toFile: file, atomically: true, encoding: .utf8)
    let full = try CLI.run(["run", file, "--quick", "--no-progress", "--jobs", "2", "--out", out.appendingPathComponent("full").path])
    try #require(full.status == 0, "\(full.stderr)")
    for k in 1...3 {
      let shard = try CLI.run(["run", file, "--quick", "--no-progress", "--jobs", "1", "--shard", "\(k)/3", "--out", out.appendingPathComponent("s\(k)").path])
      try #require(shard.status == 0, "\(shard.stderr)")
    }
    let parts = [3, 1, 2].map { out.appendingPathComponent("s\($0)/quickstart").path }
    let merged = out.appendingPathComponent("merged")
    let result = try CLI.run(["merge"] + parts + ["--out", merged.path])
    #expect(result.status == 0, "\(result.stderr)")
    let reference = out.appendingPathComponent("full/quickstart")
    #expect(
      try Self.withoutWallClock(Data(contentsOf: merged.appendingPathComponent("metrics.json")))
        == Self.withoutWallClock(Data(contentsOf: reference.appendingPathComponent("metrics.json"))))
    for name in ["metrics.csv", "charts/loss.png", "experiment.yaml"] {
      #expect(
        try Data(contentsOf: merged.appendingPathComponent(name)) == Data(contentsOf: reference.appendingPathComponent(name)),
        "\(name) differs")
    }

    let missing = try CLI.run(["merge", parts[0], parts[1], "--out", out.appendingPathComponent("m2").path])
    #expect(missing.status == 2 && missing.stderr.contains("missing shard 2/3"))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("m2").path))
    let unsharded = try CLI.run(["merge", reference.path, "--out", out.appendingPathComponent("m3").path])
    #expect(unsharded.status == 2 && unsharded.stderr.contains("is not a partial result"))
  }

  @Test func newWritesStartersThatPassCheck() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    for starter in ["quickstart", "bn-comparison", "optimizers", "sweep", "input-scaling"] {
      let made = try CLI.run(["new", starter, "my-\(starter)"], in: dir)
      try #require(made.status == 0, "\(starter): \(made.stderr)")
      let path = dir.appendingPathComponent("experiments/my-\(starter).yaml").path
      let text = try String(contentsOfFile: path, encoding: .utf8)
      #expect(text.contains("name: my-\(starter)") && text.hasPrefix("#"))
      let checked = try CLI.run(["check", path], in: dir)
      #expect(checked.status == 0, "\(starter): \(checked.stderr)")
    }
    let again = try CLI.run(["new", "quickstart", "my-quickstart"], in: dir)
    #expect(again.status == 2 && again.stderr.contains("already exists"))
    let list = try CLI.run(["list"], in: dir)
    for word in ["datasets:", "scaled", "bn-comparison", "xavier", "adam", "inverse_sqrt", "decision_boundary"] {
      #expect(list.stdout.contains(word), "list lacks \(word)")
    }
  }
}
