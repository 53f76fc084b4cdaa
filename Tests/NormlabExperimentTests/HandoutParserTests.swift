import Foundation
import Testing

@testable import NormlabExperiment

/// Handout files: read with the position of every problem, and checked against their
/// experiments before anything is trained.
@Suite struct HandoutParserTests {
  static let experiment = """
    name: bn-vs-nobn
    seeds: [1, 2]
    data: { dataset: moons, samples: 200 }
    variants:
      no-bn: { label: "without BN" }
      bn: { label: "with BN", model.batch_norm: true }
    expect:
      - bn.train_loss < no-bn.train_loss
    """

  static let other = """
    name: scales
    data: { dataset: scaled, samples: 200 }
    variants:
      raw: { label: "raw" }
      normalized: { data.normalize_inputs: true }
    """

  static let handout = """
    title: 'BN: $\\hat{x}$'
    subtitle: A lesson
    language: zh
    sections:
      - heading: Inputs
        text: |
          Normalized: {{ normalized.test_accuracy | percent }}, see @fig:scales/contours.
        experiment: scales.yaml
        charts: [contours, { chart: loss, caption: 'Loss of @fig:scales/contours.' }]
      - heading: BN
        text: |
          With BN {{ bn-vs-nobn: bn.train_loss | fixed: 3 }} (@tab:bn-vs-nobn/expectations).
        experiment: bn.yaml
        charts: [loss]
        tables: [metrics, expectations]
      - heading: Remember
        text: '{{ scales: raw.train_loss }} and @fig:bn-vs-nobn/loss.'
    """

  static func parse(_ text: String) throws(ExperimentError) -> HandoutFile {
    try HandoutParser.parse(bytes: Array(text.utf8), file: "h.yaml", defaultName: "h")
  }

  /// Every problem of the file alone, as (line, column, message, hint).
  static func problems(_ text: String) -> [(Int, Int, String, String?)] {
    HandoutParser.read(bytes: Array(text.utf8), file: "h.yaml", defaultName: "h").problems.map {
      ($0.position?.line ?? 0, $0.position?.column ?? 0, $0.message, $0.hint)
    }
  }

  static func experiments() throws -> [String: ExperimentFile] {
    [
      "bn.yaml": try ExperimentParser.parse(text: experiment, file: "bn.yaml", defaultName: "bn"),
      "scales.yaml": try ExperimentParser.parse(text: other, file: "scales.yaml", defaultName: "scales"),
    ]
  }

  /// Problems found against the experiments, as (line, column, message, hint).
  static func checked(_ text: String, experiments: [String: ExperimentFile]? = nil) throws -> [(Int, Int, String, String?)] {
    try parse(text).check(experiments: experiments ?? Self.experiments()).map {
      ($0.position?.line ?? 0, $0.position?.column ?? 0, $0.message, $0.hint)
    }
  }

  @Test func aHandoutReadsItsSectionsChartsAndTables() throws {
    let handout = try Self.parse(Self.handout)
    #expect(handout.title == "BN: $\\hat{x}$" && handout.subtitle == "A lesson" && handout.language == .zh)
    #expect(handout.name == "h")
    #expect(handout.sections.map(\.heading) == ["Inputs", "BN", "Remember"])
    #expect(handout.sections[0].charts.map(\.name) == ["contours", "loss"])
    #expect(handout.sections[0].charts[1].caption == "Loss of @fig:scales/contours.")
    #expect(handout.sections[1].tables.map(\.kind) == [.metrics, .expectations])
    #expect(handout.experimentPaths.map(\.path) == ["scales.yaml", "bn.yaml"])
    #expect(handout.experimentPaths[0].position == SourcePosition(line: 8, column: 17))
    let names = ["scales.yaml": "scales", "bn.yaml": "bn-vs-nobn"]
    #expect(handout.figureNumbers(names: names) == ["scales/contours": 1, "scales/loss": 2, "bn-vs-nobn/loss": 3])
    #expect(handout.tableNumbers(names: names) == ["bn-vs-nobn/metrics": 1, "bn-vs-nobn/expectations": 2])
    #expect(try Self.checked(Self.handout).isEmpty)
  }

  @Test func problemsOfTheFileAloneHaveTheirPositionsAndHints() {
    let text = """
      title: T
      langauge: zh
      language: fr
      sections:
        - heading: A
          text: 'See $\\mathbb{R}$.'
          experiment: e.yaml
          charts: [los]
          tables: [sumary]
          figures: [loss]
        - text: no heading
          charts: [loss]
      """
    let found = Self.problems(text)
    #expect(found.contains { $0 == (2, 1, "unknown key `langauge` in a handout", "did you mean `language`?") })
    #expect(found.contains {
      $0 == (3, 11, "`language` must be one of en, zh, not \"fr\"", "report languages are `en` (English) and `zh` (Simplified Chinese)")
    })
    #expect(found.contains { $0 == (8, 14, "unknown chart `los`", "did you mean `loss`?") })
    #expect(found.contains { $0 == (9, 14, "unknown table `sumary`", "did you mean `summary`?") })
    #expect(found.contains { $0.0 == 10 && $0.1 == 5 && $0.2 == "unknown key `figures` in a section" })
    #expect(found.contains { $0.0 == 11 && $0.1 == 5 && $0.2 == "each section needs a `heading`" })
    #expect(found.contains {
      $0.0 == 12 && $0.1 == 5 && $0.2 == "`charts` show an experiment's results, and this section names no `experiment`"
    })
    // The formula's error points at the command inside the quoted text.
    #expect(found.contains {
      $0.0 == 6 && $0.1 == 17 && $0.2 == "in `sections[0].text`: unknown command `\\mathbb`; the supported commands are listed in docs/math.md"
    })
    #expect(found.count == 8)
  }

  @Test func aHandoutNeedsATitleAndSections() {
    #expect(Self.problems("subtitle: x\n").map(\.2) == ["a handout needs a `title`", "a handout needs `sections`"])
    #expect(Self.problems("title: x\nsections: []\n").map(\.2) == ["`sections` must be a list of sections, each with a `heading`"])
  }

  @Test func valuesNameKnownExperimentsVariantsAndMetrics() throws {
    var text = Self.handout.replacingOccurrences(of: "bn-vs-nobn: bn.train_loss", with: "bn-vs-nobm: bn.train_loss")
    var found = try Self.checked(text)
    #expect(found.count == 1)
    #expect(found[0].0 == 12 && found[0].1 == 15)
    #expect(found[0].2 == "in `sections[1].text`: `{{ bn-vs-nobm: bn.train_loss | fixed: 3 }}` refers to an unknown experiment `bn-vs-nobm`")
    #expect(found[0].3 == "did you mean `bn-vs-nobn`?")
    // The section's own experiment is read when the value names none.
    text = Self.handout.replacingOccurrences(of: "{{ normalized.test_accuracy", with: "{{ normalised.test_accuracy")
    found = try Self.checked(text)
    #expect(found.map(\.2) == ["in `sections[0].text`: `{{ normalised.test_accuracy | percent }}` refers to an unknown variant `normalised`"])
    #expect(found.first?.3 == "did you mean `normalized`?")
    text = Self.handout.replacingOccurrences(of: "normalized.test_accuracy", with: "normalized.test_acc")
    found = try Self.checked(text)
    #expect(found.first?.2.hasPrefix("in `sections[0].text`: cannot read `{{ normalized.test_acc | percent }}`: unknown metric `test_acc`") == true)
    // Outside a section with an experiment a value must name one.
    text = Self.handout.replacingOccurrences(of: "'{{ scales: raw.train_loss }}", with: "'{{ raw.train_loss }}")
    found = try Self.checked(text)
    #expect(found.map(\.2) == ["in `sections[2].text`: `{{ raw.train_loss }}` names no experiment, and this text belongs to no section with one"])
    #expect(found.first?.3 == "name it before a colon: `{{ bn-vs-nobn: raw.train_loss }}`")
  }

  @Test func referencesNameFiguresAndTablesTheHandoutShows() throws {
    let text = Self.handout.replacingOccurrences(of: "@fig:bn-vs-nobn/loss.", with: "@fig:bn-vs-nobn/los and @tab:scales/metrics.")
    let found = try Self.checked(text)
    #expect(found.count == 2)
    #expect(found[0] == (17, 45, "in `sections[2].text`: `@fig:bn-vs-nobn/los` refers to no figure of this handout", "did you mean `@fig:bn-vs-nobn/loss`?"))
    #expect(found[1].0 == 17 && found[1].1 == 69)
    #expect(found[1].2 == "in `sections[2].text`: `@tab:scales/metrics` refers to no table of this handout")
    #expect(found[1].3 == "the tables are `bn-vs-nobn/expectations`, `bn-vs-nobn/metrics`")
  }

  @Test func aChartOrTableIsShownOnceAndExperimentsHaveDistinctNames() throws {
    var text = Self.handout.replacingOccurrences(of: "charts: [loss]\n", with: "charts: [loss]\n    tables: [metrics, expectations, metrics]\n")
    text = text.replacingOccurrences(of: "    tables: [metrics, expectations]\n", with: "")
    var found = try Self.checked(text)
    #expect(found.map(\.2) == ["the table `metrics` of `bn-vs-nobn` is already shown in an earlier section"])
    #expect(found.first?.3 == "refer to it with `@tab:bn-vs-nobn/metrics` instead")
    var experiments = try Self.experiments()
    experiments["scales.yaml"]?.name = "bn-vs-nobn"
    found = try Self.checked(Self.handout, experiments: experiments)
    #expect(found.first.map { ($0.0, $0.1) } ?? (0, 0) == (13, 17))
    #expect(found.first?.2 == "`bn.yaml` and `scales.yaml` are both named `bn-vs-nobn`, so values and references could not tell them apart")
  }

  @Test func anExpectationsTableNeedsClauses() throws {
    var experiments = try Self.experiments()
    experiments["bn.yaml"]?.expectations = []
    let found = try Self.checked(Self.handout, experiments: experiments)
    #expect(found.map { "\($0.0):\($0.1) \($0.2)" } == ["15:23 the table `expectations` shows `expect:` clauses, and `bn-vs-nobn` has none"])
  }

  @Test func anExperimentThatCouldNotBeReadHidesOnlyWhatMightBeIts() throws {
    var experiments = try Self.experiments()
    experiments["scales.yaml"] = nil
    // Values and references of the unreadable experiment are not reported as unknown.
    #expect(try Self.checked(Self.handout, experiments: experiments).isEmpty)
  }

  @Test func referencesRunToTheEndOfTheirLabel() {
    let found = HandoutReference.occurrences(in: "See @fig:bn-vs-nobn/loss. And @tab:a.b/metrics, @fig:x")
    #expect(found.map(\.label) == ["bn-vs-nobn/loss", "a.b/metrics", "x"])
    #expect(found.map(\.kind) == [.figure, .table, .figure])
    #expect(found[0].range == 4..<24)
    #expect(HandoutReference.occurrences(in: "mail me@example.org").isEmpty)
  }

  @Test func aValueNamesItsExperimentBeforeAColon() {
    let named = HandoutValue(" bn-vs-nobn: bn.test_accuracy | percent ")
    #expect(named.experiment == "bn-vs-nobn" && named.source == "bn.test_accuracy | percent")
    let own = HandoutValue("bn.train_loss | fixed: 3")
    #expect(own.experiment == nil && own.source == "bn.train_loss | fixed: 3")
  }

  @Test func handoutsAreToldApartByTheirTopLevelSections() {
    #expect(HandoutParser.isHandout(bytes: Array(Self.handout.utf8)))
    #expect(!HandoutParser.isHandout(bytes: Array(Self.experiment.utf8)))
    #expect(!HandoutParser.isHandout(bytes: Array("report:\n  sections:\n    - heading: x\n".utf8)))
  }
}
