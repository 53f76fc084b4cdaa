import Foundation
import NormlabCairo
import NormlabExperiment
import NormlabPlot
import Testing

@testable import NormlabReport

/// A report with `report.language: zh`: every fixed text in Simplified Chinese, drawn with a
/// CJK font (no missing-glyph boxes), and no English fixed text left.
@Suite struct ChineseReportTests {
  static func chinese() -> ExperimentResult {
    var result = Fixture.result()
    result.report.language = .zh
    return result
  }

  static func text(ofPDF bytes: [UInt8], tool: String = "pdftotext", arguments: [String] = []) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("normlab-zh-\(UUID().uuidString).pdf")
    try Data(bytes).write(to: path)
    defer { try? FileManager.default.removeItem(at: path) }
    return try poppler(tool, arguments + [path.path] + (tool == "pdftotext" ? ["-"] : []))
  }

  /// True when `word` stands alone in `text`: not part of a longer word, a key (`train.steps`)
  /// or a metric name (`test_accuracy`).
  static func containsWord(_ word: String, in text: String) -> Bool {
    var searchRange = text.startIndex..<text.endIndex
    while let found = text.range(of: word, range: searchRange) {
      let before = found.lowerBound > text.startIndex ? text[text.index(before: found.lowerBound)] : " "
      let after = found.upperBound < text.endIndex ? text[found.upperBound] : " "
      let joined: (Character) -> Bool = { $0.isLetter || $0 == "_" || $0 == "." }
      if !joined(before) && !joined(after) { return true }
      searchRange = found.upperBound..<text.endIndex
    }
    return false
  }

  @Test func pdfHeadingsTablesAndChartsAreChineseWithNoEnglishFixedText() throws {
    let files = try ReportComposer.compose(Self.chinese(), settings: Fixture.settings(formats: ["pdf"]))
    let pdf = try #require(files.first { $0.path == "report.pdf" })
    let text = try Self.text(ofPDF: pdf.bytes)
    for expected in [
      "配置", "各变体不同的设置", "所有变体相同的设置", "更多图表", "指标", "预期结论", "各种子上的最终指标",
      "训练损失", "测试准确率", "实验：fixture", "种子：1, 2", "提交 abc1234", "✘ 不成立：0.97 > 0.99 不成立", "✔ 成立",
      "输入归一化前后的损失曲面", "各层的梯度范数", "训练过程中一个隐藏单元输入的分布", "最终指标", "决策边界",
      "内部协变量偏移", "步数", "训练", "测试",
    ] {
      #expect(text.contains(expected), "missing \(expected)")
    }
    for english in [
      "Configuration", "differs between variants", "same for every variant", "More charts", "Metrics",
      "Expectations", "Final metrics", "Each cell", "train loss", "test loss", "train acc.", "test acc.",
      "Experiment:", "Seeds:", "FAIL", "pass", "is false", "Loss surface", "Gradient norm", "Distribution of",
      "Decision boundar", "percentile", "confidence interval", "mean ± std", "Learning rate", "Saturated",
      "class 1", "Training (solid)", "Left:",
    ] {
      #expect(!text.contains(english), "English left: \(english)")
    }
    // Axis words, apart from the configuration's keys (`train.steps`, `train.epochs`).
    for word in ["step", "epoch", "loss", "accuracy", "train", "test"] {
      #expect(!Self.containsWord(word, in: text), "English left: \(word)")
    }
    // The experiment's own prose is shown as written.
    #expect(text.contains("Why normalize") && text.contains("with BN"))
  }

  @Test func aCJKFontIsEmbedded() throws {
    let files = try ReportComposer.compose(Self.chinese(), settings: Fixture.settings(formats: ["pdf"]))
    let pdf = try #require(files.first { $0.path == "report.pdf" })
    let fonts = try Self.text(ofPDF: pdf.bytes, tool: "pdffonts")
    #expect(["WenQuanYi", "NotoSansCJK", "NotoSerifCJK"].contains { fonts.contains($0) }, "\(fonts)")
  }

  @Test func everyChineseTextOfTheCatalogHasGlyphs() throws {
    let styles = [
      TextStyle(size: 10), TextStyle(size: 10, weight: .bold), TextStyle(size: 10, italic: true),
      TextStyle(size: 10, family: .serif), TextStyle(size: 10, monospace: true),
    ]
    // The pass and fail marks of summary.md are emoji for Markdown viewers; Pango never draws them.
    for key in ReportStrings.Key.allCases where key != .summaryPass && key != .summaryFail {
      for style in styles {
        #expect(try CairoRenderer.missingGlyphCount(ReportStrings.zh[key], style: style) == 0, "\(key)")
      }
    }
    // The check can fail: a character no font has is counted.
    #expect(try CairoRenderer.missingGlyphCount("\u{10FFFD}") == 1)
  }

  @Test func summaryUsesTheTranslatedLabelsOfTheSameTemplate() throws {
    let files = try ReportComposer.compose(Self.chinese(), settings: Fixture.settings(formats: ["md"]))
    let summary = String(decoding: try #require(files.first { $0.path == "summary.md" }).bytes, as: UTF8.self)
    for expected in [
      "| 变体 | 训练损失 | 测试损失 | 训练准确率 | 测试准确率 | 运行次数 |", "每格：种子 1, 2 上的均值 ± 标准差",
      "## 预期结论", "| 条件 | 结果 |", "❌ 不成立 (0.97 > 0.99 不成立)", "✅ 成立", "<summary>详细指标</summary>",
      "· 提交 abc1234", "## 图表", "每个变体的训练（实线）与测试（虚线）准确率",
    ] {
      #expect(summary.contains(expected), "missing \(expected)")
    }
    for english in ["| variant |", "Each cell", "## Expectations", "Detailed metrics", "pass", "fail", "· commit"] {
      #expect(!summary.contains(english), "English left: \(english)")
    }
  }

  @Test func verdictsAreRebuiltFromTheirParts() {
    let zh = ReportStrings.zh
    let plain = ExpectationResult(clause: "a.x < b.x", passed: false, values: [:], message: "0.5 < 0.25 is false")
    #expect(ExpectationText.verdict(plain, strings: zh) == "✘ 不成立：0.5 < 0.25 不成立")
    #expect(ExpectationText.verdict(plain, strings: .en) == "✘ FAIL: 0.5 < 0.25 is false")
    let diverged = ExpectationResult(
      clause: "a.x < b.x", passed: false, values: [:], message: "2 of 5 runs of `a` diverged; no runs of `b`")
    #expect(ExpectationText.verdict(diverged, strings: zh) == "✘ 不成立：`a` 的 5 次运行中有 2 次发散，没有 `b` 的运行")
    #expect(
      ExpectationText.reason("too few seeds to test (1 and 2 usable); 3 per variant needed", strings: zh)
        == "种子太少，无法检验（可用的分别为 1 个和 2 个）；每个变体需要 3 个")
    #expect(
      ExpectationText.reason(
        "even if every seed agreed, the smallest attainable p-value is 0.25, not below 0.05; 5 seeds per variant needed",
        strings: zh) == "即使每个种子的结果都一致，可达到的最小 p 值也只有 0.25，不低于 0.05；每个变体需要 5 个种子")
    // A message of unknown shape is kept as written rather than lost.
    let odd = ExpectationResult(clause: "c", passed: false, values: [:], message: "something new")
    #expect(ExpectationText.verdict(odd, strings: zh) == "✘ 不成立：something new")
  }

  @Test func chartTextsFollowTheLanguage() throws {
    let result = Self.chinese()
    let loss = try #require(ChartBuilder.figure(named: "loss", result: result))
    #expect(loss.title == "损失 — Fixture experiment")
    #expect(loss.panels[0].xLabel == "步数" && loss.panels[0].yLabel == "损失")
    let labels = loss.panels[0].series.compactMap { series -> String? in
      if case .line(let line) = series { return line.label }
      return nil
    }
    #expect(labels == ["without BN", "with BN", "训练", "测试"])
    #expect(loss.panels[0].divergedLabel == "发散")
    let ema = try #require(ChartBuilder.figure(named: "ema", result: result))
    #expect(ema.title == "指数加权平均" && ema.panels[0].xLabel == "第 t 天")
    #expect(ChartCaptions.caption("final_metrics", result: result) == "每个变体的最终指标：各种子的均值，误差线为 ± 一个标准差。")
  }
}
