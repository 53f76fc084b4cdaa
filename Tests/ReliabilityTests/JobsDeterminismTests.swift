import Foundation
import NormlabEngine
import Testing

/// `--jobs N` changes how runs are scheduled, never what they produce.
@Suite struct JobsDeterminismTests {
  @Test func jobsOneToEightGiveByteIdenticalReports() throws {
    let out = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let experiment = Tool.fixtures.appendingPathComponent("jobs.yaml").path
    var reference: [String: Data]?
    for jobs in 1...8 {
      let target = out.appendingPathComponent("jobs-\(jobs)")
      let result = try Tool.run(["run", experiment, "--out", target.path, "--no-progress", "--jobs", "\(jobs)"])
      try #require(result.status == 0, "jobs \(jobs): \(result.stderr)")
      var files = Tool.snapshot(target.appendingPathComponent("jobs"))
      // Wall-clock figures are the documented exception; each sits on its own line.
      files["metrics.json"] = files["metrics.json"].map { data in
        Data(String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
          .filter { !$0.contains("\"wall_seconds\"") && !$0.contains("\"steps_per_second\"") }
          .joined(separator: "\n").utf8)
      }
      #expect(files.keys.contains("report.pdf") && files.keys.contains("metrics.csv") && files.keys.contains { $0.hasSuffix(".png") })
      if let reference {
        #expect(Set(files.keys) == Set(reference.keys), "jobs \(jobs) wrote other files")
        for (name, bytes) in reference where files[name] != bytes {
          Issue.record("jobs \(jobs): \(name) differs from jobs 1")
        }
      } else {
        reference = files
        let json = String(decoding: files["metrics.json"] ?? Data(), as: UTF8.self)
        #expect(json.contains("\"variant\" : \"wide\"") && json.contains("\"seed\" : 2"), "the fixture should have 8 runs")
      }
    }
  }
}
