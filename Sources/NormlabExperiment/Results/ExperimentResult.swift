import Foundation

public struct ReportSectionRecord: Sendable, Codable, Hashable {
  public var heading: String
  public var text: String
  public var charts: [String]
}

public struct ReportRecord: Sendable, Codable, Hashable {
  public var template: String
  public var charts: [String]
  public var exclude: [String]
  public var sections: [ReportSectionRecord]
  /// The band around mean curves; `std` when a file of normlab 0.1 does not say.
  public var band: BandMode = .std
  /// The language of normlab's own text in the report; `en` when a file of an earlier version
  /// does not say.
  public var language: ReportLanguage = .en

  public init(
    template: String, charts: [String], exclude: [String], sections: [ReportSectionRecord], band: BandMode = .std,
    language: ReportLanguage = .en
  ) {
    self.template = template
    self.charts = charts
    self.exclude = exclude
    self.sections = sections
    self.band = band
    self.language = language
  }

  enum CodingKeys: String, CodingKey { case template, charts, exclude, sections, band, language }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    template = try c.decode(String.self, forKey: .template)
    charts = try c.decode([String].self, forKey: .charts)
    exclude = try c.decode([String].self, forKey: .exclude)
    sections = try c.decode([ReportSectionRecord].self, forKey: .sections)
    band = try c.decodeIfPresent(BandMode.self, forKey: .band) ?? .std
    language = try c.decodeIfPresent(ReportLanguage.self, forKey: .language) ?? .en
  }
}

/// Everything `metrics.json` holds: enough to re-render every output without training.
public struct ExperimentResult: Sendable, Codable, Hashable {
  public var experiment: String
  public var normlabVersion: String
  public var title: String
  public var description: String
  public var seeds: [UInt64]
  public var quick: Bool
  public var interrupted: Bool
  /// `K/N` when this is a partial result of `--shard`.
  public var shard: String?
  public var variants: [VariantRecord]
  /// Swept keys, in file order.
  public var sweepKeys: [String]
  public var report: ReportRecord
  public var runs: [RunRecord]
  public var expectations: [ExpectationResult]
  public var dataSample: DataSample?
  /// ISO 8601 date of the report: SOURCE_DATE_EPOCH, else the source commit's date.
  public var date: String?
  /// The source commit the run came from, when known.
  public var commit: String?
  /// Figures computed after training (loss surfaces); absent when the report needs none.
  public var analyses: AnalysesRecord? = nil
  /// The `expect:` clauses as written, so `normlab merge` can evaluate them on joined shards.
  public var expectClauses: [String]? = nil
  /// For a partial result of `--shard`: the runs of the whole plan, and the SHA-256 of this
  /// shard's runs as written, so `merge` refuses shards whose runs were removed or edited.
  public var plannedRuns: Int? = nil
  public var shardDigest: String? = nil
  /// `--set` flags of the run, typed, in the order given.
  public var commandLineOverrides: [SettingOverride] = []
  /// Every variant's (and trial's) metrics over seeds: n, mean, std, 95% confidence interval.
  public var summaries: [VariantSummary] = []
  /// Class names in index order when the data's labels were names; nil for indices.
  public var classNames: [String]? = nil

  enum CodingKeys: String, CodingKey {
    case experiment, normlabVersion = "normlab_version", title, description, seeds, quick
    case interrupted, shard, variants, sweepKeys = "sweep_keys", report, runs, expectations
    case dataSample = "data_sample", date, commit, analyses
    case expectClauses = "expect_clauses"
    case plannedRuns = "planned_runs", shardDigest = "shard_digest"
    case commandLineOverrides = "command_line_overrides"
    case summaries, classNames = "class_names"
  }

  public init(
    experiment: String, normlabVersion: String, title: String, description: String, seeds: [UInt64],
    quick: Bool, interrupted: Bool, shard: String?, variants: [VariantRecord], sweepKeys: [String],
    report: ReportRecord, runs: [RunRecord], expectations: [ExpectationResult], dataSample: DataSample?,
    date: String?, commit: String?, analyses: AnalysesRecord? = nil, expectClauses: [String]? = nil
  ) {
    self.analyses = analyses
    self.expectClauses = expectClauses
    self.experiment = experiment
    self.normlabVersion = normlabVersion
    self.title = title
    self.description = description
    self.seeds = seeds
    self.quick = quick
    self.interrupted = interrupted
    self.shard = shard
    self.variants = variants
    self.sweepKeys = sweepKeys
    self.report = report
    self.runs = runs
    self.expectations = expectations
    self.dataSample = dataSample
    self.date = date
    self.commit = commit
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    experiment = try c.decode(String.self, forKey: .experiment)
    normlabVersion = try c.decode(String.self, forKey: .normlabVersion)
    title = try c.decode(String.self, forKey: .title)
    description = try c.decode(String.self, forKey: .description)
    seeds = try c.decode([UInt64].self, forKey: .seeds)
    quick = try c.decode(Bool.self, forKey: .quick)
    interrupted = try c.decode(Bool.self, forKey: .interrupted)
    shard = try c.decodeIfPresent(String.self, forKey: .shard)
    variants = try c.decode([VariantRecord].self, forKey: .variants)
    sweepKeys = try c.decode([String].self, forKey: .sweepKeys)
    report = try c.decode(ReportRecord.self, forKey: .report)
    runs = try c.decode([RunRecord].self, forKey: .runs)
    expectations = try c.decode([ExpectationResult].self, forKey: .expectations)
    dataSample = try c.decodeIfPresent(DataSample.self, forKey: .dataSample)
    date = try c.decodeIfPresent(String.self, forKey: .date)
    commit = try c.decodeIfPresent(String.self, forKey: .commit)
    analyses = try c.decodeIfPresent(AnalysesRecord.self, forKey: .analyses)
    expectClauses = try c.decodeIfPresent([String].self, forKey: .expectClauses)
    plannedRuns = try c.decodeIfPresent(Int.self, forKey: .plannedRuns)
    shardDigest = try c.decodeIfPresent(String.self, forKey: .shardDigest)
    commandLineOverrides = try c.decodeIfPresent([SettingOverride].self, forKey: .commandLineOverrides) ?? []
    summaries = try c.decodeIfPresent([VariantSummary].self, forKey: .summaries) ?? []
    classNames = try c.decodeIfPresent([String].self, forKey: .classNames)
    // 0.1 files carry no summaries: they are computed from the runs.
    if summaries.isEmpty { summaries = VariantSummary.compute(self) }
    // Runs of 0.1 files carry no settings: their variant's, with the trial's values on top.
    let byName = Dictionary(variants.map { ($0.name, $0.settings) }, uniquingKeysWith: { first, _ in first })
    for index in runs.indices where runs[index].settings == nil {
      var settings = byName[runs[index].variant] ?? ExperimentSettings()
      Schema.apply(runs[index].parameters, to: &settings)
      runs[index].settings = settings
    }
  }

  /// The settings a run trained with (always known after decoding).
  public func settings(of run: RunRecord) -> ExperimentSettings {
    run.settings ?? variants.first { $0.name == run.variant }?.settings ?? ExperimentSettings()
  }

  /// True when every clause held and no run was cut short.
  public var expectationsPassed: Bool { expectations.allSatisfy(\.passed) }
}

extension Double {
  /// nil for NaN and infinities, which JSON cannot hold.
  var finiteOrNil: Double? { isFinite ? self : nil }
}
