/// A whole comparison as a TensorBoard log directory: one folder per run, and at the top the
/// HParams experiment summary that declares every hyperparameter and metric.
///
/// The layout is the one TensorBoard's HParams dashboard reads
/// (`tensorboard/plugins/hparams/backend_context.py`, `list_session_groups.py`):
///
/// ```
/// LOGDIR/events.out.tfevents.<seconds>.normlab          experiment summary (run ".")
/// LOGDIR/<run name>/events.out.tfevents.<seconds>.normlab session start, scalars, session end
/// ```
///
/// Each run is a session named by its folder; each declared metric is the scalar series with
/// that tag in the session's own folder (metric group ""), and the dashboard shows its last
/// value.
public struct TensorBoardExperiment: Sendable, Hashable {
  /// `Experiment.name`; may be empty.
  public var name: String
  /// `Experiment.description`, Markdown; may be empty.
  public var description: String
  public var runs: [TensorBoardRun]
  /// The scalar tags shown as metric columns of the HParams dashboard, in this order; `nil`
  /// declares every tag of every run, in order of first appearance.
  public var metrics: [String]?
  /// Descriptions of hyperparameters by name (shown as tooltips in the dashboard).
  public var hparamDescriptions: [String: String]
  /// Hyperparameters declared first, in this order (the dashboard's column order); the rest
  /// follow in UTF-8 byte order of their names. Names no run uses are ignored.
  public var hparamOrder: [String]

  public init(
    name: String = "", description: String = "", runs: [TensorBoardRun], metrics: [String]? = nil,
    hparamDescriptions: [String: String] = [:], hparamOrder: [String] = []
  ) {
    self.name = name
    self.description = description
    self.runs = runs
    self.metrics = metrics
    self.hparamDescriptions = hparamDescriptions
    self.hparamOrder = hparamOrder
  }

  /// Every file of the log directory, paths relative to it and `/`-separated: first the
  /// experiment summary, then one event file per run in run order.
  ///
  /// Throws when a run name is not a safe relative folder path, when two runs share a name,
  /// and when a declared metric's last step is outside the `Int32` range the HParams
  /// dashboard can handle (undeclared tags may use any `Int64` step).
  ///
  /// The caller writes each file, creating folders as needed. Event files from an earlier
  /// export with another timestamp would be read as well, so clear the directory (or its
  /// `events.out.tfevents.*` files) first.
  public func logdirFiles(at time: TensorBoardTimestamp) throws(TensorBoardExportError) -> [TensorBoardFile] {
    var seen: Set<String> = []
    let metricTags = Set(declaredMetrics())
    for run in runs {
      try Self.validateRunName(run.name)
      guard seen.insert(run.name).inserted else { throw .duplicateRunName(run.name) }
      // The dashboard reads each metric's last value, the one at the largest step.
      for series in run.scalars where metricTags.contains(series.tag) {
        if let last = series.points.map(\.step).max(), Int32(exactly: last) == nil {
          throw .metricStepOutOfRange(run: run.name, tag: series.tag, step: last)
        }
      }
    }
    var files = [TensorBoardFile(path: time.eventFileName, bytes: summaryFileBytes(at: time))]
    for run in runs {
      files.append(TensorBoardFile(path: "\(run.name)/\(time.eventFileName)", bytes: run.eventFileBytes(at: time)))
    }
    return files
  }

  /// The top-level event file: the `_hparams_/experiment` summary at step 0.
  public func summaryFileBytes(at time: TensorBoardTimestamp) -> [UInt8] {
    let experiment = ExperimentMessage(
      name: name, description: description, timeCreatedSecs: time.wallTime,
      hparamInfos: hparamInfos(),
      metricInfos: declaredMetrics().map { MetricInfoMessage(tag: $0) })
    var file = EventFileBuilder(wallTime: time.wallTime)
    file.append(step: 0, values: [
      HParamsPlugin.summaryValue(
        tag: HParamsPlugin.experimentTag,
        data: HParamsPluginDataMessage(data: .experiment(experiment)))
    ])
    return file.bytes
  }

  /// The declared metric tags, without repeats.
  func declaredMetrics() -> [String] {
    var seen: Set<String> = []
    let tags = metrics ?? runs.flatMap { $0.scalars.map(\.tag) }
    return tags.filter { seen.insert($0).inserted }
  }

  /// One `HParamInfo` per hyperparameter name used by any run: the names of `hparamOrder`
  /// first, in that order, then the others in UTF-8 byte order.
  ///
  /// The type and domain follow TensorBoard's `summary_v2` conventions: strings and booleans
  /// get the discrete domain of the values the runs use (sorted); numbers get the interval
  /// from the smallest to the largest finite value (no domain if none is finite). A name whose
  /// values have different types across runs gets type `DATA_TYPE_UNSET` and a discrete domain
  /// of all its values, booleans then numbers then strings. `differs` is set when the runs use
  /// two or more values.
  func hparamInfos() -> [HParamInfoMessage] {
    var valuesByName: [String: [HParamValue]] = [:]
    for run in runs {
      for (key, value) in run.hparams { valuesByName[key, default: []].append(value) }
    }
    var rank: [String: Int] = [:]
    for (position, name) in hparamOrder.enumerated() where rank[name] == nil { rank[name] = position }
    let names = valuesByName.keys.sorted { a, b in
      switch (rank[a], rank[b]) {
      case let (x?, y?): return x < y
      case (.some, nil): return true
      case (nil, .some): return false
      case (nil, nil): return a.utf8.lexicographicallyPrecedes(b.utf8)
      }
    }
    return names.map { name in
      let values = valuesByName[name] ?? []
      var distinct: [HParamValue.OrderingKey: HParamValue] = [:]
      for value in values { distinct[value.orderingKey] = distinct[value.orderingKey] ?? value }
      let sorted = distinct.keys.sorted().compactMap { distinct[$0] }
      let numbers = sorted.compactMap { if case .number(let x) = $0 { x } else { nil } }
      let type: HParamInfoMessage.DataType
      let domain: HParamInfoMessage.Domain?
      if numbers.count == sorted.count {
        type = .float64
        let finite = numbers.filter(\.isFinite)
        if let low = finite.min(), let high = finite.max() {
          domain = .interval(min: low, max: high)
        } else {
          domain = nil
        }
      } else {
        let kinds = Set(sorted.map(Self.kind))
        type = kinds.count == 1 ? (kinds.first ?? .unset) : .unset
        domain = .discrete(sorted.filter { if case .number(let x) = $0 { x.isFinite } else { true } })
      }
      return HParamInfoMessage(
        name: name, description: hparamDescriptions[name] ?? "", type: type, domain: domain,
        differs: sorted.count > 1)
    }
  }

  private static func kind(_ value: HParamValue) -> HParamInfoMessage.DataType {
    switch value {
    case .number: return .float64
    case .string: return .string
    case .bool: return .bool
    }
  }

  /// Accepts a relative folder path: components separated by `/`, none empty, `.` or `..`,
  /// none longer than 255 UTF-8 bytes (the common file-name limit), no NUL.
  static func validateRunName(_ name: String) throws(TensorBoardExportError) {
    if name.isEmpty { throw .invalidRunName(name, reason: "it is empty") }
    if name.utf8.contains(0) { throw .invalidRunName(name, reason: "it contains a NUL character") }
    for component in name.split(separator: "/", omittingEmptySubsequences: false) {
      if component.isEmpty {
        throw .invalidRunName(name, reason: "it starts or ends with '/' or contains '//'")
      }
      if component == "." || component == ".." {
        throw .invalidRunName(name, reason: "it contains a '\(component)' component")
      }
      if component.utf8.count > 255 {
        throw .invalidRunName(name, reason: "a component is longer than 255 bytes")
      }
    }
  }
}

/// One file of an export: where it goes below the log directory, and its contents.
public struct TensorBoardFile: Sendable, Hashable {
  /// Relative, `/`-separated path (`baseline/seed-1/events.out.tfevents.1700000000.normlab`).
  public var path: String
  public var bytes: [UInt8]

  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
  }
}
