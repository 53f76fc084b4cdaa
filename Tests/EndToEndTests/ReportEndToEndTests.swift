import Foundation
import Testing

@Suite(.serialized) struct ReportEndToEndTests {
  static let experiment = """
    name: e2e-report
    title: "Report end to end"
    seeds: [1, 2]
    data: { dataset: scaled, samples: 200, scale_ratio: 50 }
    model: { layers: [6], activation: tanh }
    train: { epochs: 2, batch_size: 40, optimizer: { name: sgd, lr: 0.1 } }
    variants:
      raw: { label: "raw inputs" }
      normalized: { label: "normalized inputs", data.normalize_inputs: true }
    report:
      charts: [loss, accuracy, ema, contours, decision_boundary, percentiles, gradient_norms, saturation, final_metrics]
      sections:
        - heading: "Normalizing inputs"
          text: "Standardize each feature: *x' = (x - mu) / sigma*."
          charts: [contours]
    """

  static func files(in folder: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    while let path = enumerator?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let full = folder.appendingPathComponent(path)
      if FileManager.default.fileExists(atPath: full.path, isDirectory: &isDirectory), !isDirectory.boolValue {
        out[path] = try Data(contentsOf: full)
      }
    }
    return out
  }

  @Test func reportFromMetricsGivesTheFilesRunWrote() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("e2e.yaml")
    try Self.experiment.write(to: file, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("out")
    let run = try CLI.run(["run", file.path, "--out", out.path, "--no-progress"], environment: ["SOURCE_DATE_EPOCH": "1700000000"])
    #expect(run.status == 0, "\(run.stderr)")
    let folder = out.appendingPathComponent("e2e-report")
    let before = try Self.files(in: folder)
    for chart in ["contours", "decision_boundary", "percentiles", "ema", "final_metrics"] {
      #expect(before["charts/\(chart).png"] != nil, "missing \(chart)")
    }
    let report = try CLI.run(["report", folder.path])
    #expect(report.status == 0, "\(report.stderr)")
    let after = try Self.files(in: folder)
    #expect(Set(after.keys) == Set(before.keys))
    for (path, bytes) in before {
      #expect(after[path] == bytes, "\(path) changed on re-render")
    }

    // Comparing a result with itself: no change anywhere, and the overlay charts are written.
    let compareOut = dir.appendingPathComponent("cmp")
    let compare = try CLI.run(["compare", folder.path, folder.path, "--out", compareOut.path])
    #expect(compare.status == 0, "\(compare.stderr)")
    #expect(compare.stdout.contains("| raw inputs | test_loss |"))
    #expect(!compare.stdout.contains("⚠️"))
    #expect(FileManager.default.fileExists(atPath: compareOut.appendingPathComponent("charts/compare_loss.png").path))
    let missing = try CLI.run(["compare", folder.path, dir.appendingPathComponent("nowhere").path])
    #expect(missing.status == 2)
  }
}
