// The messages of TensorBoard's HParams plugin that normlab writes. Field numbers are from
// `tensorboard/plugins/hparams/plugin_data.proto` and `tensorboard/plugins/hparams/api.proto`.

/// Names TensorBoard's HParams plugin looks for (`tensorboard/plugins/hparams/metadata.py`).
enum HParamsPlugin {
  /// `SummaryMetadata.plugin_data.plugin_name` of every hparams summary.
  static let pluginName = "hparams"
  /// `HParamsPluginData.version`; the plugin rejects any other value.
  static let version: Int32 = 0
  /// The tag of the experiment summary (hyperparameter and metric declarations).
  static let experimentTag = "_hparams_/experiment"
  /// The tag of a session's hyperparameter values.
  static let sessionStartInfoTag = "_hparams_/session_start_info"
  /// The tag of a session's outcome.
  static let sessionEndInfoTag = "_hparams_/session_end_info"

  /// A summary value in the form `summary_v2._summary_pb` makes: the plugin data in the
  /// metadata, data class tensor, and the zero-length float tensor as the value.
  ///
  /// The data class is what TensorBoard's `dataclass_compat` would assign on load; writing it
  /// lets the data server index the series without that migration.
  static func summaryValue(tag: String, data: HParamsPluginDataMessage) -> SummaryValueMessage {
    SummaryValueMessage(
      tag: tag,
      metadata: SummaryMetadataMessage(
        pluginName: pluginName, content: data.serialized(), dataClass: .tensor),
      value: .tensor(.empty))
  }
}

/// `tensorboard.hparams.HParamsPluginData` (plugin_data.proto):
///
/// ```
/// int32 version = 1;
/// oneof data { Experiment experiment = 2; SessionStartInfo session_start_info = 3;
///              SessionEndInfo session_end_info = 4; }
/// ```
struct HParamsPluginDataMessage: ProtobufMessage {
  enum Data: Sendable {
    case experiment(ExperimentMessage)
    case sessionStartInfo(SessionStartInfoMessage)
    case sessionEndInfo(SessionEndInfoMessage)
  }

  var version: Int32 = HParamsPlugin.version
  var data: Data

  func encode(to writer: inout ProtobufWriter) {
    if version != 0 { writer.writeInt32(field: 1, version) }
    switch data {
    case .experiment(let experiment): writer.writeMessage(field: 2, experiment)
    case .sessionStartInfo(let info): writer.writeMessage(field: 3, info)
    case .sessionEndInfo(let info): writer.writeMessage(field: 4, info)
    }
  }
}

/// `tensorboard.hparams.Experiment` (api.proto):
///
/// ```
/// string description = 1; string user = 2; double time_created_secs = 3;
/// repeated HParamInfo hparam_infos = 4; repeated MetricInfo metric_infos = 5; string name = 6;
/// ```
struct ExperimentMessage: ProtobufMessage {
  var name = ""
  var description = ""
  var timeCreatedSecs: Double = 0
  var hparamInfos: [HParamInfoMessage] = []
  var metricInfos: [MetricInfoMessage] = []

  func encode(to writer: inout ProtobufWriter) {
    if !description.isEmpty { writer.writeString(field: 1, description) }
    if timeCreatedSecs.bitPattern != 0 { writer.writeDouble(field: 3, timeCreatedSecs) }
    for info in hparamInfos { writer.writeMessage(field: 4, info) }
    for info in metricInfos { writer.writeMessage(field: 5, info) }
    if !name.isEmpty { writer.writeString(field: 6, name) }
  }
}

/// `tensorboard.hparams.HParamInfo` (api.proto):
///
/// ```
/// string name = 1; string display_name = 2; string description = 3; DataType type = 4;
/// oneof domain { google.protobuf.ListValue domain_discrete = 5; Interval domain_interval = 6; }
/// bool differs = 7;
/// ```
/// with `enum DataType { DATA_TYPE_UNSET = 0; DATA_TYPE_STRING = 1; DATA_TYPE_BOOL = 2;
/// DATA_TYPE_FLOAT64 = 3; }` and `Interval { double min_value = 1; double max_value = 2; }`.
struct HParamInfoMessage: ProtobufMessage {
  enum DataType: Int32, Sendable {
    case unset = 0
    case string = 1
    case bool = 2
    case float64 = 3
  }

  enum Domain: Sendable {
    case discrete([HParamValue])
    case interval(min: Double, max: Double)
  }

  var name: String
  var displayName = ""
  var description = ""
  var type: DataType
  var domain: Domain?
  var differs = false

  func encode(to writer: inout ProtobufWriter) {
    if !name.isEmpty { writer.writeString(field: 1, name) }
    if !displayName.isEmpty { writer.writeString(field: 2, displayName) }
    if !description.isEmpty { writer.writeString(field: 3, description) }
    if type != .unset { writer.writeInt32(field: 4, type.rawValue) }
    switch domain {
    case .discrete(let values): writer.writeMessage(field: 5, ProtobufListValueMessage(values: values))
    case .interval(let min, let max): writer.writeMessage(field: 6, Interval(min: min, max: max))
    case nil: break
    }
    if differs { writer.writeBool(field: 7, true) }
  }

  private struct Interval: ProtobufMessage {
    var min: Double
    var max: Double

    func encode(to writer: inout ProtobufWriter) {
      if min.bitPattern != 0 { writer.writeDouble(field: 1, min) }
      if max.bitPattern != 0 { writer.writeDouble(field: 2, max) }
    }
  }
}

/// `tensorboard.hparams.MetricInfo` (api.proto):
///
/// ```
/// MetricName name = 1;           // MetricName { string group = 1; string tag = 2; }
/// string display_name = 3; string description = 4; DatasetType dataset_type = 5;
/// ```
///
/// The plugin reads a session's metric from the run `<session>/<group>` (or the session's own
/// run when the group is empty) and the scalar series `tag` there.
struct MetricInfoMessage: ProtobufMessage {
  var group = ""
  var tag: String
  var displayName = ""
  var description = ""

  func encode(to writer: inout ProtobufWriter) {
    writer.writeMessage(field: 1, MetricName(group: group, tag: tag))
    if !displayName.isEmpty { writer.writeString(field: 3, displayName) }
    if !description.isEmpty { writer.writeString(field: 4, description) }
  }

  private struct MetricName: ProtobufMessage {
    var group: String
    var tag: String

    func encode(to writer: inout ProtobufWriter) {
      if !group.isEmpty { writer.writeString(field: 1, group) }
      if !tag.isEmpty { writer.writeString(field: 2, tag) }
    }
  }
}

/// `tensorboard.hparams.SessionStartInfo` (plugin_data.proto):
///
/// ```
/// map<string, google.protobuf.Value> hparams = 1;
/// string model_uri = 2; string monitor_url = 3; string group_name = 4;
/// double start_time_secs = 5;
/// ```
///
/// A map is encoded as a repeated message `{ string key = 1; Value value = 2; }`; entries are
/// written in ascending order of their UTF-8 bytes, as protobuf's deterministic serialization
/// orders them, so the bytes do not depend on dictionary order.
struct SessionStartInfoMessage: ProtobufMessage {
  var hparams: [String: HParamValue]
  var groupName = ""
  var startTimeSecs: Double = 0

  func encode(to writer: inout ProtobufWriter) {
    for key in hparams.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
      guard let value = hparams[key] else { continue }
      writer.writeMessage(field: 1, MapEntry(key: key, value: value))
    }
    if !groupName.isEmpty { writer.writeString(field: 4, groupName) }
    if startTimeSecs.bitPattern != 0 { writer.writeDouble(field: 5, startTimeSecs) }
  }

  private struct MapEntry: ProtobufMessage {
    var key: String
    var value: HParamValue

    func encode(to writer: inout ProtobufWriter) {
      // Map entries always carry both fields, as protobuf's serializers write them.
      writer.writeString(field: 1, key)
      writer.writeMessage(field: 2, ProtobufValueMessage(value: value))
    }
  }
}

/// `tensorboard.hparams.SessionEndInfo` (plugin_data.proto):
/// `Status status = 1; double end_time_secs = 2;` with `enum Status { STATUS_UNKNOWN = 0;
/// STATUS_SUCCESS = 1; STATUS_FAILURE = 2; STATUS_RUNNING = 3; }` (api.proto).
struct SessionEndInfoMessage: ProtobufMessage {
  var status: Int32
  var endTimeSecs: Double

  func encode(to writer: inout ProtobufWriter) {
    if status != 0 { writer.writeInt32(field: 1, status) }
    if endTimeSecs.bitPattern != 0 { writer.writeDouble(field: 2, endTimeSecs) }
  }
}
