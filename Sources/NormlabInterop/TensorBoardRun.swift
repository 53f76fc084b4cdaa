/// One training run (one variant × seed × trial) as a TensorBoard run and HParams session.
///
/// Its event file holds, in order (TFRecord-framed `Event` messages, see `TFRecord`):
///
/// 1. `file_version = "brain.Event:2"`, as every TensorFlow writer starts a file;
/// 2. at step 0, the HParams `_hparams_/session_start_info` summary with the run's
///    hyperparameters and group, which makes the run a session of the HParams dashboard;
/// 3. the scalars, one `Event` per distinct step in ascending step order, holding every
///    series' value at that step as `simple_value`; the first value of each tag also carries
///    `SummaryMetadata { plugin_name: "scalars", data_class: DATA_CLASS_SCALAR }`;
/// 4. if `status` is set, the `_hparams_/session_end_info` summary at the last step.
///
/// **Non-finite values** (the NaN loss of a diverged run, an infinite gradient norm) are written
/// as they are: `simple_value` is an IEEE float, TensorBoard's readers return NaN and ±inf
/// unchanged and its charts mark them, and the HParams table shows a NaN final metric as
/// "NaN". Skipping them would hide exactly the runs a comparison should show.
/// Non-finite *hyperparameter* values are written too; TensorBoard leaves them out of the
/// session group's values (its JSON layer cannot carry them) and
/// `TensorBoardExperiment` leaves them out of the declared domains.
public struct TensorBoardRun: Sendable, Hashable {
  /// `tensorboard.hparams.Status` (api.proto): how the session ended.
  public enum Status: Int32, Sendable, Hashable {
    case unknown = 0
    case success = 1
    case failure = 2
    case running = 3
  }

  /// The run's folder below the log directory, `/`-separated (`baseline/seed-1`); TensorBoard
  /// shows runs by this path and the HParams dashboard uses it as the session name.
  public var name: String
  /// The HParams session group: sessions with the same group are one row of the HParams
  /// table, their metrics averaged (pass the variant-and-trial name to average over seeds).
  /// The row shows the hyperparameters of the group's first session. `nil` makes the run a
  /// group of its own.
  public var group: String?
  /// The run's hyperparameter values (swept keys, variant settings, seed).
  public var hparams: [String: HParamValue]
  /// The run's scalar series, each a chart.
  public var scalars: [ScalarSeries]
  /// How the run ended; `nil` writes no `session_end_info`.
  public var status: Status?

  public init(
    name: String, group: String? = nil, hparams: [String: HParamValue] = [:],
    scalars: [ScalarSeries] = [], status: Status? = nil
  ) {
    self.name = name
    self.group = group
    self.hparams = hparams
    self.scalars = scalars
    self.status = status
  }

  /// The complete event file of this run; every event has the wall time `time`.
  ///
  /// The bytes depend only on the run and `time`: hyperparameters are written in key order and
  /// scalars in step order, ties kept in series order.
  public func eventFileBytes(at time: TensorBoardTimestamp) -> [UInt8] {
    var file = EventFileBuilder(wallTime: time.wallTime)
    file.append(step: 0, values: [
      HParamsPlugin.summaryValue(
        tag: HParamsPlugin.sessionStartInfoTag,
        data: HParamsPluginDataMessage(
          data: .sessionStartInfo(
            SessionStartInfoMessage(
              hparams: hparams, groupName: group ?? "", startTimeSecs: time.wallTime))))
    ])
    var lastStep: Int64 = 0
    for (step, values) in scalarValuesByStep() {
      file.append(step: step, values: values)
      lastStep = step
    }
    if let status {
      file.append(step: lastStep, values: [
        HParamsPlugin.summaryValue(
          tag: HParamsPlugin.sessionEndInfoTag,
          data: HParamsPluginDataMessage(
            data: .sessionEndInfo(
              SessionEndInfoMessage(status: status.rawValue, endTimeSecs: time.wallTime))))
      ])
    }
    return file.bytes
  }

  /// All points of all series grouped by step, ascending; within a step, in series order and
  /// point order. The first point of each tag carries the scalar plugin's metadata.
  func scalarValuesByStep() -> [(step: Int64, values: [SummaryValueMessage])] {
    var entries: [(step: Int64, series: Int, point: Int)] = []
    for (seriesIndex, series) in scalars.enumerated() {
      for (pointIndex, point) in series.points.enumerated() {
        entries.append((point.step, seriesIndex, pointIndex))
      }
    }
    // A stable order: step, then the position the caller gave.
    entries.sort { ($0.step, $0.series, $0.point) < ($1.step, $1.series, $1.point) }
    var seenTags: Set<String> = []
    var result: [(step: Int64, values: [SummaryValueMessage])] = []
    for entry in entries {
      let series = scalars[entry.series]
      let point = series.points[entry.point]
      let isFirst = seenTags.insert(series.tag).inserted
      let value = SummaryValueMessage(
        tag: series.tag, metadata: isFirst ? Self.scalarMetadata : nil,
        value: .simpleValue(Float(point.value)))
      if let last = result.indices.last, result[last].step == entry.step {
        result[last].values.append(value)
      } else {
        result.append((entry.step, [value]))
      }
    }
    return result
  }

  /// What `tf.summary.scalar` declares for a scalar series (plugin "scalars", whose
  /// `ScalarPluginData` content at version 0 is empty), plus the data class TensorBoard would
  /// otherwise infer on load.
  static let scalarMetadata = SummaryMetadataMessage(pluginName: "scalars", dataClass: .scalar)
}

/// Accumulates TFRecord-framed events that all share one wall time, starting with the
/// `file_version` event.
struct EventFileBuilder {
  let wallTime: Double
  private(set) var bytes: [UInt8] = []

  init(wallTime: Double) {
    self.wallTime = wallTime
    TFRecord.append(
      EventMessage(wallTime: wallTime, step: 0, what: .fileVersion(EventMessage.fileVersion)).serialized(),
      to: &bytes)
  }

  mutating func append(step: Int64, values: [SummaryValueMessage]) {
    let event = EventMessage(wallTime: wallTime, step: step, what: .summary(SummaryMessage(values: values)))
    TFRecord.append(event.serialized(), to: &bytes)
  }
}
