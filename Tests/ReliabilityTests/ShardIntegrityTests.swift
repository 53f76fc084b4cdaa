import Foundation
import Testing

/// `merge` joins only complete, unedited shards.
@Suite struct ShardIntegrityTests {
  @Test func shardsWithRemovedOrEditedRunsAreRefused() throws {
    let root = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let file = root.appendingPathComponent("sharded.yaml")
    try "name: sharded\nseeds: [1, 2]\ndata: { samples: 60 }\nmodel: { layers: [2] }\ntrain: { epochs: 1 }\nvariants: { a: {}, b: {} }\n"
      .write(to: file, atomically: true, encoding: .utf8)
    var parts: [URL] = []
    for k in 1...2 {
      let out = root.appendingPathComponent("s\(k)")
      let result = try Tool.run(["run", file.path, "--shard", "\(k)/2", "--out", out.path, "--no-progress"])
      try #require(result.status == 0, "\(result.stderr)")
      parts.append(out.appendingPathComponent("sharded"))
    }
    let whole = try Tool.run(["merge", parts[0].path, parts[1].path, "--out", root.appendingPathComponent("m").path])
    #expect(whole.status == 0, "\(whole.stderr)")
    let metrics = parts[1].appendingPathComponent("metrics.json")
    let original = try Data(contentsOf: metrics)
    var json = try #require(JSONSerialization.jsonObject(with: original) as? [String: Any])
    var runs = try #require(json["runs"] as? [[String: Any]])
    // One run removed: 3 of 4 runs must not merge.
    json["runs"] = Array(runs.dropLast())
    try JSONSerialization.data(withJSONObject: json).write(to: metrics)
    let removed = try Tool.run(["merge", parts[0].path, parts[1].path, "--out", root.appendingPathComponent("m2").path])
    #expect(removed.status == 2)
    #expect(removed.stderr.contains("holds 1 runs but shard 2/2 of 4 planned runs has 2"), "\(removed.stderr)")
    // One number edited.
    var final = try #require(runs[0]["final"] as? [String: Any])
    final["test_accuracy"] = 1.0
    runs[0]["final"] = final
    json["runs"] = runs
    try JSONSerialization.data(withJSONObject: json).write(to: metrics)
    let edited = try Tool.run(["merge", parts[0].path, parts[1].path, "--out", root.appendingPathComponent("m3").path])
    #expect(edited.status == 2)
    #expect(edited.stderr.contains("checksum does not match"), "\(edited.stderr)")
  }
}
