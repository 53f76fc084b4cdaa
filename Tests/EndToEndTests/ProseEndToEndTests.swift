import Foundation
import Testing

/// Prose with computed values and formulas, re-rendered from an edited experiment file
/// without retraining.
@Suite(.serialized) struct ProseEndToEndTests {
  static let experiment = """
    name: prose
    title: 'BN: $\\hat{x} = \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}}$'
    description: >-
      With BN the network reaches {{ bn.test_accuracy | percent }} test accuracy.
    seeds: [1, 2]
    data: { dataset: moons, samples: 300, noise: 0.2 }
    model: { layers: [8] }
    train: { epochs: 2, batch_size: 30 }
    variants:
      plain: { label: "plain" }
      bn: { label: "BN", model.batch_norm: true }
    report:
      charts: [loss]
      sections:
        - heading: "Normalising $z^{(i)}$"
          text: |
            The loss ratio is {{ plain.train_loss / bn.train_loss | fixed: 3 }}.

            $$\\tilde{z}^{(i)} = \\gamma \\odot \\hat{z}^{(i)} + \\beta$$
    """

  static func metrics(_ folder: URL) throws -> [String: Any] {
    let data = try Data(contentsOf: folder.appendingPathComponent("metrics.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  /// The mean of a final metric over a variant's runs, read from metrics.json.
  static func mean(_ metrics: [String: Any], _ variant: String, _ key: String) throws -> Double {
    let runs = try #require(metrics["runs"] as? [[String: Any]]).filter { $0["variant"] as? String == variant }
    let values = runs.compactMap { ($0["final"] as? [String: Any])?[key] as? Double }
    #expect(values.count == 2)
    return values.reduce(0, +) / Double(values.count)
  }

  @Test func editedProseRendersWithoutRetrainingAndChangedSettingsAreRefused() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("prose.yaml")
    try Self.experiment.write(to: file, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("out")
    let run = try CLI.run(["run", file.path, "--out", out.path, "--no-progress"], environment: ["SOURCE_DATE_EPOCH": "1700000000"])
    #expect(run.status == 0, "\(run.stderr)")
    let folder = out.appendingPathComponent("prose")
    let metrics = try Self.metrics(folder)
    let accuracy = try Self.mean(metrics, "bn", "test_accuracy")
    let ratio = try Self.mean(metrics, "plain", "train_loss") / Self.mean(metrics, "bn", "train_loss")
    let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
    #expect(summary.contains("reaches \(String(format: "%.1f", accuracy * 100))% test accuracy"))
    #expect(summary.contains("The loss ratio is \(String(format: "%.3f", ratio))."))
    let pdfBefore = try Data(contentsOf: folder.appendingPathComponent("report.pdf"))
    let metricsBefore = try Data(contentsOf: folder.appendingPathComponent("metrics.json"))

    // Edited prose and labels: re-rendered from the same runs.
    let edited = Self.experiment
      .replacingOccurrences(of: "The loss ratio is", with: "Without BN the loss is")
      .replacingOccurrences(of: "label: \"BN\"", with: "label: \"with BN\"")
    try edited.write(to: file, atomically: true, encoding: .utf8)
    let report = try CLI.run(["report", folder.path, "--experiment", file.path], environment: ["SOURCE_DATE_EPOCH": "1700000000"])
    #expect(report.status == 0, "\(report.stderr)")
    let revised = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
    #expect(revised.contains("Without BN the loss is \(String(format: "%.3f", ratio))."))
    #expect(revised.contains("| with BN |"))
    #expect(try Data(contentsOf: folder.appendingPathComponent("report.pdf")) != pdfBefore)
    // The runs are the same runs.
    let revisedMetrics = try Self.metrics(folder)
    #expect(try Self.mean(revisedMetrics, "bn", "test_accuracy") == accuracy)
    #expect(try Data(contentsOf: folder.appendingPathComponent("metrics.json")) != metricsBefore)

    // Re-rendering twice gives the same bytes.
    let pdfRevised = try Data(contentsOf: folder.appendingPathComponent("report.pdf"))
    let again = try CLI.run(["report", folder.path, "--experiment", file.path], environment: ["SOURCE_DATE_EPOCH": "1700000000"])
    #expect(again.status == 0)
    #expect(try Data(contentsOf: folder.appendingPathComponent("report.pdf")) == pdfRevised)

    // Changed training settings: refused with the keys named, nothing written.
    let retrained = edited
      .replacingOccurrences(of: "epochs: 2", with: "epochs: 3")
      .replacingOccurrences(of: "model.batch_norm: true }", with: "model.batch_norm: true, train.optimizer.lr: 0.3 }")
    try retrained.write(to: file, atomically: true, encoding: .utf8)
    let refused = try CLI.run(["report", folder.path, "--experiment", file.path])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("`train.epochs`: trained with 2, the file says 3 (every variant)"), "\(refused.stderr)")
    #expect(refused.stderr.contains("`train.optimizer.lr`: trained with 0.1, the file says 0.3 (variant `bn`)"), "\(refused.stderr)")
    #expect(try Data(contentsOf: folder.appendingPathComponent("report.pdf")) == pdfRevised)

    // A metrics.json path and --out: a new folder, the source untouched.
    let copy = dir.appendingPathComponent("copy")
    let elsewhere = try CLI.run(["report", folder.appendingPathComponent("metrics.json").path, "--out", copy.path, "--format", "md"])
    #expect(elsewhere.status == 0, "\(elsewhere.stderr)")
    let copied = try String(contentsOf: copy.appendingPathComponent("summary.md"), encoding: .utf8)
    #expect(copied == revised)
    #expect(FileManager.default.fileExists(atPath: copy.appendingPathComponent("experiment.yaml").path))
    #expect(!FileManager.default.fileExists(atPath: copy.appendingPathComponent("report.pdf").path))
    // --out never replaces a folder normlab did not write.
    let foreign = dir.appendingPathComponent("mine")
    try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
    try "keep".write(to: foreign.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    let blocked = try CLI.run(["report", folder.path, "--out", foreign.path])
    #expect(blocked.status == 2)
    #expect(try String(contentsOf: foreign.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep")
  }

  @Test func clausesFromTheEditedFileAreEvaluatedOnTheRuns() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("prose.yaml")
    try Self.experiment.write(to: file, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("out")
    let run = try CLI.run(["run", file.path, "--out", out.path, "--no-progress"])
    #expect(run.status == 0, "\(run.stderr)")
    let folder = out.appendingPathComponent("prose")
    try (Self.experiment + "\nexpect:\n  - bn.test_accuracy > 2\n").write(to: file, atomically: true, encoding: .utf8)
    let report = try CLI.run(["report", folder.path, "--experiment", file.path])
    #expect(report.status == 1, "\(report.stderr)")
    #expect(report.stderr.contains("expectation failed: bn.test_accuracy > 2"))
    let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
    #expect(summary.contains("bn.test_accuracy > 2"))
  }
}
