import Foundation
import NormlabMath
import Testing
@testable import NormlabExperiment
@testable import NormlabReport

/// Report prose: computed values, formulas kept away from Markdown, plain-text fallbacks.
@Suite struct ProseTests {
  /// The mean of a metric over the variant's seeds, computed here from the runs.
  static func mean(_ result: ExperimentResult, _ variant: String, _ value: (RunRecord) -> Double?) -> Double {
    let values = result.runs.filter { $0.variant == variant }.compactMap(value)
    return values.reduce(0, +) / Double(values.count)
  }

  @Test func valuesAreTheMeansOverSeedsFormattedAsAsked() throws {
    let result = Fixture.result()
    let accuracy = Self.mean(result, "bn") { $0.final.testAccuracy }
    let loss = Self.mean(result, "no-bn") { $0.final.trainLoss }
    let text = "BN {{ bn.test_accuracy | percent }}, loss {{ no-bn.train_loss | fixed: 3 }}, ratio {{ no-bn.train_loss / bn.train_loss | digits: 2 }}."
    let out = ReportProse.substituted(text, in: result)
    let ratio = loss / Self.mean(result, "bn") { $0.final.trainLoss }
    let expected = "BN \(String(format: "%.1f", accuracy * 100))%, loss \(String(format: "%.3f", loss)), ratio \(InlineValue.significant(ratio, digits: 2))."
    #expect(out == expected)
    #expect(ratio > 1.5, "the fixture's BN variant learns faster")
  }

  @Test func spreadFiltersShowTheSummaryOfTheTables() throws {
    let result = Fixture.result()
    let summary = try #require(result.summary(of: "bn", trial: nil)?.metrics["train_loss"])
    let std = ReportProse.substituted("{{ bn.train_loss | std }}", in: result)
    #expect(std.contains(" ± "))
    let parts = std.components(separatedBy: " ± ")
    let mean = try #require(summary.mean)
    #expect(abs((Double(parts[0]) ?? .nan) - mean) < 1e-3 * mean)
    #expect(abs((Double(parts[1]) ?? .nan) - (summary.std ?? .nan)) <= 0.05 * (summary.std ?? 1), "two significant digits")
    let ci = ReportProse.substituted("{{ bn.train_loss | ci }}", in: result)
    let interval = try #require(summary.ci95)
    #expect(ci.hasSuffix("[\(InlineValue.significant(interval[0], digits: 4)), \(InlineValue.significant(interval[1], digits: 4))]"))
  }

  @Test func unreachedTargetsAndMissingMetricsSaySo() throws {
    let result = Fixture.result()
    #expect(ReportProse.substituted("{{ bn.steps_to(test_accuracy >= 0.999) }}", in: result) == "not reached")
    #expect(ReportProse.substituted("{{ bn.dev_loss }}", in: result) == "n/a")
    // The fixture's BN test accuracy reaches 0.9 at a logged step: a finite median.
    let steps = ReportProse.substituted("{{ bn.steps_to(test_accuracy >= 0.9) }}", in: result)
    #expect(Int(steps) != nil, "\(steps)")
  }

  @Test func formulasAreTakenOutBeforeMarkdown() throws {
    let blocks = ReportProse.blocks(
      "Scale $x_i$ by *gamma* and `code_x`.\n\n$$\\frac{1}{m}\\sum_{i=1}^{m} z^{(i)}$$\n\n- item with $\\hat{y}_j$\n- plain")
    #expect(blocks.count == 4)
    guard case .paragraph(let first) = blocks[0] else { Issue.record("not a paragraph"); return }
    // `x_i` stays a formula: no <i> from its underscore; the emphasis outside still converts.
    #expect(first.text == "Scale \u{FFFC} by <i>gamma</i> and <tt>code_x</tt>.")
    #expect(first.math == [try MathParser.parse("x_i")])
    guard case .display(let display) = blocks[1] else { Issue.record("not display math"); return }
    #expect(display == (try MathParser.parse("\\frac{1}{m}\\sum_{i=1}^{m} z^{(i)}")))
    guard case .item(let marker, let item) = blocks[2] else { Issue.record("not an item"); return }
    #expect(marker == "•" && item.math.count == 1 && item.text == "item with \u{FFFC}")
    guard case .item(_, let plain) = blocks[3] else { Issue.record("not an item"); return }
    #expect(plain.math.isEmpty)
  }

  @Test func linesEscapeMarkupAroundFormulas() {
    let line = ReportProse.line("Loss < 1 & $\\beta$", markup: true)
    #expect(line.text == "Loss &lt; 1 &amp; \u{FFFC}")
    #expect(line.math.count == 1)
  }

  @Test func plainTextReadsLikeTheFormula() {
    #expect(ReportProse.plain("BN: $\\hat{x}_i$") == "BN: x̂ᵢ")
    #expect(ReportProse.plain("$\\frac{1}{m}$") == "1/m")
    #expect(ReportProse.plain("$\\sqrt{\\sigma^2 + \\epsilon}$") == "√(σ² + ϵ)")
    #expect(ReportProse.plain("costs \\$5") == "costs $5")
  }

  @Test func everyFormatShowsTheComputedValues() throws {
    var result = Fixture.result()
    result.description = "BN reaches {{ bn.test_accuracy | percent }} with $\\gamma$ and $\\beta$."
    result.report.sections[0].text = "Loss ratio {{ no-bn.train_loss / bn.train_loss | fixed: 2 }}:\n\n$$\\hat{x} = \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}}$$"
    let files = try ReportComposer.compose(result, settings: Fixture.settings(formats: ["md", "pdf"]))
    let summary = String(decoding: try #require(files.first { $0.path == "summary.md" }).bytes, as: UTF8.self)
    let accuracy = Self.mean(result, "bn") { $0.final.testAccuracy }
    #expect(summary.contains("BN reaches \(String(format: "%.1f", accuracy * 100))% with $\\gamma$"))
    #expect(!summary.contains("{{"))
    let ratio = Self.mean(result, "no-bn") { $0.final.trainLoss } / Self.mean(result, "bn") { $0.final.trainLoss }
    #expect(summary.contains("Loss ratio \(String(format: "%.2f", ratio)):"))
    let pdf = try #require(files.first { $0.path == "report.pdf" }).bytes
    #expect(pdf.count > 10_000)
    // The same input renders the same bytes.
    let again = try ReportComposer.compose(result, settings: Fixture.settings(formats: ["pdf"]))
    #expect(again.first?.bytes == pdf)
  }
}
