import Foundation
import Testing

@testable import NormlabExperiment

/// Formulas and `{{ ... }}` values in report prose are checked when the file is read, with the
/// line and column of the problem.
@Suite struct ProseCheckTests {
  static let head = """
    variants:
      plain: { label: "plain" }
      bn: { model.batch_norm: true }

    """

  @Test func goodProseParses() throws {
    let text = Self.head + """
      title: 'BN: $\\hat{x} = \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}}$'
      description: >-
        BN reaches {{ bn.test_accuracy | percent }} and a ratio of
        {{ plain.train_loss / bn.train_loss | digits: 2 }}; $\\eta = {{ bn.test_loss | fixed: 2 }}$.
      report:
        sections:
          - heading: "Steps"
            text: "{{ plain.steps_to(test_accuracy >= 0.9) }} steps ({{ bn.train_loss | std }})"
      """
    let experiment = try ExperimentParser.parse(text: text, file: "e.yaml", defaultName: "e")
    #expect(experiment.title.hasPrefix("BN: $"))
  }

  @Test func anUnknownVariantInAFoldedDescriptionPointsAtItsLine() throws {
    let text = Self.head + """
      description: >-
        The first line is long enough to fold, and it names nothing at all here.
        Then {{ batchnorm.test_accuracy | percent }} appears on the second line.
      """
    let d = try #require(only(text))
    #expect(d.0 == 6 && d.1 == 8, "\(d)")
    #expect(d.2 == "in `description`: `{{ batchnorm.test_accuracy | percent }}` refers to an unknown variant `batchnorm`")
  }

  @Test func anUnknownFilterSuggestsTheRightOne() throws {
    let text = Self.head + "report:\n  sections:\n    - heading: h\n      text: \"x {{ bn.test_loss | fixd: 3 }}\"\n"
    let d = try #require(only(text))
    #expect(d.0 == 7 && d.1 == 16, "\(d)")
    #expect(d.2.contains("unknown filter `fixd` (did you mean `fixed`?)"))
  }

  @Test func anUnknownMetricListsTheMetrics() throws {
    let d = try #require(only(Self.head + "title: \"{{ bn.test_acc }}\"\n"))
    #expect(d.0 == 4)
    #expect(d.2.contains("unknown metric `test_acc`"))
  }

  @Test func spreadFiltersNeedOneMetric() throws {
    let d = try #require(only(Self.head + "title: \"{{ bn.test_loss - plain.test_loss | std }}\"\n"))
    #expect(d.2.contains("`std` and `ci` describe one metric"))
  }

  @Test func developmentMetricsNeedADevelopmentSet() throws {
    let d = try #require(only(Self.head + "title: \"{{ bn.dev_accuracy }}\"\n"))
    #expect(d.2 == "in `title`: `{{ bn.dev_accuracy }}` reads `dev_accuracy` of `bn`, which has no development set")
    #expect(problems(Self.head + "title: \"{{ bn.dev_accuracy }}\"\ndata: { dev_fraction: 0.2 }\n").isEmpty)
    let clause = try #require(only(Self.head + "expect:\n  - bn.best_dev_accuracy > 0.5\n"))
    #expect(clause.0 == 5 && clause.2.contains("which has no development set"))
  }

  @Test func aFormulaOutsideTheSubsetNamesTheCommandAndItsColumn() throws {
    let text = Self.head + "report:\n  sections:\n    - heading: h\n      text: |\n        Line one.\n        Then $a \\odott b$ here.\n"
    let d = try #require(only(text))
    #expect(d.0 == 9 && d.1 == 17, "\(d)")
    #expect(d.2.contains("unknown command `\\odott`"))
  }

  @Test func aValueInsideAFormulaIsNotAFormulaError() throws {
    #expect(problems(Self.head + "title: '$\\eta = {{ bn.test_loss | fixed: 2 }}$'\n").isEmpty)
  }

  @Test func backslashesInDoubleQuotesGetAHint() throws {
    let d = try #require(only(Self.head + "title: \"$\\frac{1}{2}$\"\n"))
    #expect(d.3?.contains("single quotes") == true)
  }
}
