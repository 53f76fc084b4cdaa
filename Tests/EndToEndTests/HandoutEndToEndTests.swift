import Foundation
import Testing

/// `normlab handout` and `normlab check` on a handout, run as a user would: two tiny experiments
/// trained in a few seconds, the PDF's text read back with poppler.
@Suite(.serialized) struct HandoutEndToEndTests {
  static let bn = """
    name: tiny-bn
    title: Tiny BN
    seeds: [1, 2]
    data: { dataset: moons, samples: 240, noise: 0.2 }
    model: { layers: [8, 8], activation: sigmoid }
    train: { epochs: 2, batch_size: 30, optimizer: { name: sgd, lr: 0.5 } }
    variants:
      plain: { label: "plain" }
      bn: { label: "BN", model.batch_norm: true }
    report:
      charts: [loss, percentiles]
    expect:
      - bn.train_loss < plain.train_loss
    """

  static let scales = """
    name: tiny-scales
    title: Tiny scales
    seeds: [1]
    data: { dataset: scaled, samples: 200 }
    model: { layers: [6] }
    train: { epochs: 2, batch_size: 20 }
    variants:
      raw: { label: "raw" }
      normalized: { label: "normalized", data.normalize_inputs: true }
    report:
      charts: [loss, contours]
    """

  static let handout = """
    title: 'A tiny lesson on $\\hat{x}$'
    author: The course
    language: LANGUAGE
    sections:
      - heading: Inputs on different scales
        text: |
          Normalized inputs reach {{ normalized.test_accuracy | percent }}; see @fig:tiny-bn/loss below.

          $$\\hat{x}_i = \\frac{x_i - \\mu_B}{\\sqrt{\\sigma_B^2 + \\epsilon}}$$
        experiment: experiments/scales.yaml
        charts: [contours]
      - heading: Batch normalization
        text: |
          With BN the training loss is {{ bn.train_loss | fixed: 3 }} (@tab:tiny-bn/summary).
        experiment: experiments/bn.yaml
        charts: [loss, percentiles]
        tables: [summary, expectations]
    """

  /// A folder with the two experiments and the handout in `language`.
  static func project(language: String = "en") throws -> URL {
    let dir = try CLI.temporaryDirectory(prefix: "normlab-handout")
    let experiments = dir.appendingPathComponent("experiments")
    try FileManager.default.createDirectory(at: experiments, withIntermediateDirectories: true)
    try bn.write(to: experiments.appendingPathComponent("bn.yaml"), atomically: true, encoding: .utf8)
    try scales.write(to: experiments.appendingPathComponent("scales.yaml"), atomically: true, encoding: .utf8)
    try handout.replacingOccurrences(of: "LANGUAGE", with: language)
      .write(to: dir.appendingPathComponent("lesson.yaml"), atomically: true, encoding: .utf8)
    return dir
  }

  static func tool(_ name: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [name] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(name) failed")
    return String(decoding: data, as: UTF8.self)
  }

  static let environment = ["SOURCE_DATE_EPOCH": "1700000000"]

  @Test func aHandoutTrainsItsExperimentsAndWritesOnePDFWithContentsFiguresAndReferences() throws {
    let dir = try Self.project()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("out")
    let made = try CLI.run(["handout", "lesson.yaml", "--out", out.path, "--no-progress"], in: dir, environment: Self.environment)
    #expect(made.status == 0, "\(made.stderr)")
    let folder = out.appendingPathComponent("lesson")
    let pdf = folder.appendingPathComponent("handout.pdf")
    for chart in ["tiny-scales-contours", "tiny-bn-loss", "tiny-bn-percentiles"] {
      #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("charts/\(chart).png").path))
      #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("charts/\(chart).svg").path))
    }
    let text = try Self.tool("pdftotext", ["-layout", pdf.path, "-"])
    let contents = try #require(text.components(separatedBy: "\u{0C}").first { $0.contains("Contents") })
    #expect(contents.range(of: #"1\s+Inputs on different scales[ .]+3"#, options: .regularExpression) != nil, "\(contents)")
    #expect(contents.range(of: #"2\s+Batch normalization[ .]+\d"#, options: .regularExpression) != nil, "\(contents)")
    for expected in [
      "see Figure 2 below", "Figure 1: Labelled contours", "Figure 2: Training (solid)",
      "Figure 3: The 15th, 50th and 85th percentiles", "(Table 1)", "Table 1: Final metrics of “Tiny BN”",
      "Table 2: The claims of “Tiny BN”", "bn.train_loss < plain.train_loss",
    ] {
      #expect(text.contains(expected), "missing \(expected)")
    }
    #expect(!text.contains("@fig") && !text.contains("{{"))
    let pages = try Self.tool("pdfinfo", [pdf.path])
    #expect(pages.range(of: #"Pages:\s+([4-9]|\d\d)"#, options: .regularExpression) != nil, "\(pages)")
    let raw = try String(decoding: Data(contentsOf: pdf), as: UTF8.self)
    #expect(raw.contains("/Outlines") && raw.contains("/Title (1 Inputs on different scales)"))

    // The HTML page beside it: the same sections, figures and references, self-contained.
    let page = folder.appendingPathComponent("handout.html")
    let html = try String(contentsOf: page, encoding: .utf8)
    for expected in [
      "<a href=\"#section-1\">Inputs on different scales</a>", "<a class=\"ref\" href=\"#chart-tiny-bn-loss\">Figure 2</a> below",
      "id=\"chart-tiny-scales-contours\"", "id=\"table-1\"", "<math",
    ] {
      #expect(html.contains(expected), "handout.html is missing \(expected)")
    }
    #expect(!html.contains("@fig") && !html.contains("{{") && !html.contains("https:"))
    let firstPage = try Data(contentsOf: page)

    // Built again: the same bytes.
    let first = try Data(contentsOf: pdf)
    let again = try CLI.run(["handout", "lesson.yaml", "--out", out.path, "--no-progress", "--jobs", "1"], in: dir, environment: Self.environment)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try Data(contentsOf: pdf) == first)
    #expect(try Data(contentsOf: page) == firstPage)

    // From the results `run` wrote, without training: the same handout.
    let results = dir.appendingPathComponent("results")
    let run = try CLI.run(
      ["run", "experiments/bn.yaml", "experiments/scales.yaml", "--out", results.path, "--no-progress"], in: dir,
      environment: Self.environment)
    #expect(run.status == 0, "\(run.stderr)")
    let reused = try CLI.run(
      ["handout", "lesson.yaml", "--out", dir.appendingPathComponent("reused").path, "--results", results.path], in: dir,
      environment: Self.environment)
    #expect(reused.status == 0, "\(reused.stderr)")
    #expect(try Data(contentsOf: dir.appendingPathComponent("reused/lesson/handout.pdf")) == first)

    // Results whose training settings differ from the file are refused, naming the keys.
    try Self.bn.replacingOccurrences(of: "epochs: 2", with: "epochs: 3")
      .write(to: dir.appendingPathComponent("experiments/bn.yaml"), atomically: true, encoding: .utf8)
    let stale = try CLI.run(["handout", "lesson.yaml", "--out", dir.appendingPathComponent("stale").path, "--results", results.path], in: dir)
    #expect(stale.status == 2)
    #expect(stale.stderr.contains("`train.epochs`: trained with 2, the file says 3 (every variant)"), "\(stale.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("stale").path))
  }

  @Test func theChineseHandoutSaysEverythingInChineseWithACJKFont() throws {
    let dir = try Self.project(language: "zh")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("out")
    let made = try CLI.run(["handout", "lesson.yaml", "--out", out.path, "--no-progress"], in: dir, environment: Self.environment)
    #expect(made.status == 0, "\(made.stderr)")
    let pdf = out.appendingPathComponent("lesson/handout.pdf").path
    let text = try Self.tool("pdftotext", ["-layout", pdf, "-"])
    for expected in ["目录", "图 1：", "图 2：", "图 3：", "表 1：", "表 2：", "see 图 2 below", "(表 1)", "损失", "步数", "✔ 成立", "变体"] {
      #expect(text.contains(expected), "missing \(expected)")
    }
    for english in ["Contents", "Figure", "Table 1", "Training (solid)", "variant", "pass"] {
      #expect(!text.contains(english), "English left: \(english)")
    }
    let html = try String(contentsOf: out.appendingPathComponent("lesson/handout.html"), encoding: .utf8)
    for expected in ["<html lang=\"zh\">", "<h2>目录</h2>", "图 2</a>", "表 1</a>：", "变体"] {
      #expect(html.contains(expected), "handout.html is missing \(expected)")
    }
    #expect(!html.contains(">Contents<") && !html.contains("Figure "))
    let fonts = try Self.tool("pdffonts", [pdf])
    #expect(["WenQuanYi", "NotoSansCJK", "NotoSerifCJK"].contains { fonts.contains($0) }, "\(fonts)")
  }

  @Test func everyProblemIsFoundBeforeTrainingWithItsPosition() throws {
    let dir = try Self.project()
    defer { try? FileManager.default.removeItem(at: dir) }
    let broken = Self.handout.replacingOccurrences(of: "LANGUAGE", with: "fr")
      .replacingOccurrences(of: "{{ bn.train_loss", with: "{{ bm.train_loss")
      .replacingOccurrences(of: "@fig:tiny-bn/loss below", with: "@fig:tiny-bn/los below, $\\mathbb{R}$")
      .replacingOccurrences(of: "charts: [loss, percentiles]", with: "charts: [loss, percentile]")
      .replacingOccurrences(of: "experiments/scales.yaml", with: "experiments/missing.yaml")
    try broken.write(to: dir.appendingPathComponent("lesson.yaml"), atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("out")
    for arguments in [["handout", "lesson.yaml", "--out", out.path], ["check", "lesson.yaml", "--out", out.path]] {
      let result = try CLI.run(arguments, in: dir)
      #expect(result.status == 2, "\(arguments[0]): \(result.stderr)")
      for expected in [
        "lesson.yaml:3:11: error: `language` must be one of en, zh, not \"fr\"",
        "lesson.yaml:7:102: error: in `sections[0].text`: unknown command `\\mathbb`",
        "lesson.yaml:10:17: error: `experiments/missing.yaml`: experiment file not found",
        "lesson.yaml:14:36: error: in `sections[1].text`: `{{ bm.train_loss | fixed: 3 }}` refers to an unknown variant `bm`",
        "hint: did you mean `bn`?",
        "lesson.yaml:16:20: error: unknown chart `percentile`",
        "lesson.yaml:7:77: error: in `sections[0].text`: `@fig:tiny-bn/los` refers to no figure of this handout",
      ] {
        #expect(result.stderr.contains(expected), "\(arguments[0]) is missing: \(expected)\n\(result.stderr)")
      }
      #expect(!result.stderr.contains("started"))
      #expect(!FileManager.default.fileExists(atPath: out.path))
    }
    // A chart the data cannot draw, found once the data is loaded, still before training.
    try Self.handout.replacingOccurrences(of: "LANGUAGE", with: "en")
      .replacingOccurrences(of: "charts: [contours]", with: "charts: [contours, roc, sweep]")
      .write(to: dir.appendingPathComponent("lesson.yaml"), atomically: true, encoding: .utf8)
    let undrawable = try CLI.run(["check", "lesson.yaml", "--out", out.path], in: dir)
    #expect(undrawable.status == 2)
    #expect(undrawable.stderr.contains(
      "lesson.yaml:11:29: error: the chart `sweep` of `tiny-scales` cannot be drawn: it plots a hyperparameter search, and the experiment has no `sweep`"),
      "\(undrawable.stderr)")
  }

  @Test func checkAcceptsAHandoutAndAFailedClauseExitsOneAfterWriting() throws {
    let dir = try Self.project()
    defer { try? FileManager.default.removeItem(at: dir) }
    let checked = try CLI.run(["check", "lesson.yaml", "experiments/bn.yaml"], in: dir)
    #expect(checked.status == 0, "\(checked.stderr)")
    #expect(checked.stdout.contains("lesson.yaml: ok (handout: 2 sections, 3 figures, 2 experiments, 6 runs)"), "\(checked.stdout)")
    #expect(checked.stdout.contains("experiments/bn.yaml: ok (2 variants;"))
    try (Self.bn + "\n  - bn.test_accuracy > 2\n")
      .write(to: dir.appendingPathComponent("experiments/bn.yaml"), atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("out")
    let made = try CLI.run(["handout", "lesson.yaml", "--out", out.path, "--no-progress"], in: dir)
    #expect(made.status == 1, "\(made.stderr)")
    #expect(made.stderr.contains("experiments/bn.yaml: error: expectation failed: bn.test_accuracy > 2"), "\(made.stderr)")
    let text = try Self.tool("pdftotext", ["-layout", out.appendingPathComponent("lesson/handout.pdf").path, "-"])
    #expect(text.contains("✘ FAIL"))
  }
}
