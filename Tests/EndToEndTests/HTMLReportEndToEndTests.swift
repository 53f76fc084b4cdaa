import CLITestSupport
import Foundation
import Testing

/// `report.html` as the commands write it: `run` and `merge` by default, `report --format html`
/// alone, and byte for byte the same however it was produced.
@Suite(.serialized) struct HTMLReportEndToEndTests {
  static let experiment = """
    name: html-e2e
    title: "HTML end to end"
    seeds: [1, 2]
    data: { dataset: moons, samples: 200 }
    model: { layers: [8] }
    train: { epochs: 2, batch_size: 40 }
    variants: { plain: {}, bn: { model.batch_norm: true } }
    report:
      sections:
        - heading: "Normalizing"
          text: "BN sets $\\\\hat{x} = \\\\frac{x - \\\\mu}{\\\\sqrt{\\\\sigma^2 + \\\\epsilon}}$."
          charts: [loss]
    expect: [ "bn.train_loss < 10 * plain.train_loss" ]
    """

  @Test func runReportAndMergeWriteTheSamePage() throws {
    let dir = try CLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("html-e2e.yaml")
    try Self.experiment.write(to: file, atomically: true, encoding: .utf8)
    let environment = ["SOURCE_DATE_EPOCH": "1700000000"]
    let run = try CLI.run(
      ["run", file.path, "--quick", "--no-progress", "--out", dir.appendingPathComponent("full").path],
      environment: environment)
    try #require(run.status == 0, "\(run.stderr)")
    let folder = dir.appendingPathComponent("full/html-e2e")
    let page = try Data(contentsOf: folder.appendingPathComponent("report.html"))
    let text = String(decoding: page, as: UTF8.self)
    #expect(text.hasPrefix("<!DOCTYPE html>"))
    #expect(text.contains("<h2>Normalizing</h2>"))
    #expect(text.contains("<mfrac>"))
    #expect(text.contains("data-chart=\"loss\""))
    #expect(!text.contains("http"))

    // `report --format html` rewrites the page alone, identically; other formats keep it.
    let pdf = try Data(contentsOf: folder.appendingPathComponent("report.pdf"))
    let html = try CLI.run(["report", folder.path, "--format", "html"], environment: environment)
    #expect(html.status == 0, "\(html.stderr)")
    #expect(try Data(contentsOf: folder.appendingPathComponent("report.html")) == page)
    #expect(try Data(contentsOf: folder.appendingPathComponent("report.pdf")) == pdf)
    let other = try CLI.run(["report", folder.path, "--format", "png"], environment: environment)
    #expect(other.status == 0, "\(other.stderr)")
    #expect(try Data(contentsOf: folder.appendingPathComponent("report.html")) == page)
    let bad = try CLI.run(["report", folder.path, "--format", "docx"])
    #expect(bad.status == 2 && bad.stderr.contains("pdf, html, png, svg, md"), "\(bad.stderr)")

    // Shards merged give the unsharded page.
    var parts: [String] = []
    for k in 1...2 {
      let out = dir.appendingPathComponent("s\(k)")
      let shard = try CLI.run(
        ["run", file.path, "--quick", "--no-progress", "--shard", "\(k)/2", "--out", out.path], environment: environment)
      try #require(shard.status == 0, "\(shard.stderr)")
      parts.append(out.appendingPathComponent("html-e2e").path)
    }
    let merged = dir.appendingPathComponent("merged")
    let merge = try CLI.run(["merge"] + parts + ["--out", merged.path], environment: environment)
    #expect(merge.status == 0, "\(merge.stderr)")
    #expect(try Data(contentsOf: merged.appendingPathComponent("report.html")) == page)
  }
}
