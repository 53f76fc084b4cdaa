// The TensorFlow/TensorBoard event messages normlab writes, each encoding exactly the fields it
// uses. Field numbers are those of TensorBoard's copies of the TensorFlow protos:
// `tensorboard/compat/proto/event.proto`, `summary.proto`, `tensor.proto`,
// `tensor_shape.proto` and `types.proto`.

/// `tensorboard.Event` (event.proto): one record of an event file.
///
/// ```
/// double wall_time = 1;
/// int64 step = 2;
/// oneof what { string file_version = 3; Summary summary = 5; ... }
/// ```
struct EventMessage: ProtobufMessage {
  /// The member of the `what` oneof this event carries.
  enum What: Sendable {
    /// The first record of every file: `"brain.Event:2"`.
    case fileVersion(String)
    case summary(SummaryMessage)
  }

  /// The file version TensorBoard's writers put first in every event file. Readers use it to
  /// decide how to detect restarted jobs: with version 2 they wait for an explicit
  /// `SessionLog.START` instead of discarding data whenever a step goes backwards.
  static let fileVersion = "brain.Event:2"

  var wallTime: Double
  var step: Int64
  var what: What

  func encode(to writer: inout ProtobufWriter) {
    if wallTime.bitPattern != 0 { writer.writeDouble(field: 1, wallTime) }
    if step != 0 { writer.writeInt64(field: 2, step) }
    switch what {
    case .fileVersion(let version): writer.writeString(field: 3, version)
    case .summary(let summary): writer.writeMessage(field: 5, summary)
    }
  }
}

/// `tensorboard.Summary` (summary.proto): `repeated Value value = 1;`.
struct SummaryMessage: ProtobufMessage {
  var values: [SummaryValueMessage]

  func encode(to writer: inout ProtobufWriter) {
    for value in values { writer.writeMessage(field: 1, value) }
  }
}

/// `tensorboard.Summary.Value` (summary.proto):
///
/// ```
/// string tag = 1;
/// SummaryMetadata metadata = 9;
/// oneof value { float simple_value = 2; TensorProto tensor = 8; ... }
/// ```
struct SummaryValueMessage: ProtobufMessage {
  /// The member of the `value` oneof.
  enum Value: Sendable {
    /// A scalar as a 32-bit float; TensorBoard converts it to a scalar-plugin series.
    case simpleValue(Float)
    case tensor(TensorMessage)
  }

  var tag: String
  var metadata: SummaryMetadataMessage?
  var value: Value

  func encode(to writer: inout ProtobufWriter) {
    if !tag.isEmpty { writer.writeString(field: 1, tag) }
    // simple_value is a oneof member: written even when it is 0.
    if case .simpleValue(let number) = value { writer.writeFloat(field: 2, number) }
    if case .tensor(let tensor) = value { writer.writeMessage(field: 8, tensor) }
    if let metadata { writer.writeMessage(field: 9, metadata) }
  }
}

/// `tensorboard.SummaryMetadata` (summary.proto):
///
/// ```
/// message PluginData { string plugin_name = 1; bytes content = 2; }
/// PluginData plugin_data = 1;
/// string display_name = 2;
/// string summary_description = 3;
/// DataClass data_class = 4;
/// ```
struct SummaryMetadataMessage: ProtobufMessage {
  /// `tensorboard.DataClass` (summary.proto): how TensorBoard's data providers index a series.
  enum DataClass: Int32, Sendable {
    case unknown = 0
    case scalar = 1
    case tensor = 2
    case blobSequence = 3
  }

  var pluginName: String
  var content: [UInt8] = []
  var displayName = ""
  var summaryDescription = ""
  var dataClass: DataClass = .unknown

  func encode(to writer: inout ProtobufWriter) {
    writer.writeMessage(field: 1, PluginData(name: pluginName, content: content))
    if !displayName.isEmpty { writer.writeString(field: 2, displayName) }
    if !summaryDescription.isEmpty { writer.writeString(field: 3, summaryDescription) }
    if dataClass != .unknown { writer.writeInt32(field: 4, dataClass.rawValue) }
  }

  private struct PluginData: ProtobufMessage {
    var name: String
    var content: [UInt8]

    func encode(to writer: inout ProtobufWriter) {
      if !name.isEmpty { writer.writeString(field: 1, name) }
      if !content.isEmpty { writer.writeBytes(field: 2, content) }
    }
  }
}

/// `tensorboard.TensorProto` (tensor.proto), restricted to float tensors:
///
/// ```
/// DataType dtype = 1;                            // types.proto: DT_FLOAT = 1
/// TensorShapeProto tensor_shape = 2;             // tensor_shape.proto: repeated Dim dim = 2;
///                                                //   Dim { int64 size = 1; }
/// repeated float float_val = 5 [packed = true];
/// ```
struct TensorMessage: ProtobufMessage {
  /// `DT_FLOAT` in types.proto.
  static let floatDataType: Int32 = 1

  /// The zero-length float vector TensorBoard's hparams plugin stores next to its metadata
  /// (`tensorboard/plugins/hparams/metadata.py`, `NULL_TENSOR`): the summaries carry their
  /// data in the metadata, and a value still needs a tensor.
  static let empty = TensorMessage(shape: [0], floatValues: [])

  var shape: [Int64]
  var floatValues: [Float]

  func encode(to writer: inout ProtobufWriter) {
    writer.writeInt32(field: 1, Self.floatDataType)
    writer.writeMessage(field: 2, Shape(sizes: shape))
    if !floatValues.isEmpty { writer.writePackedFloats(field: 5, floatValues) }
  }

  private struct Shape: ProtobufMessage {
    var sizes: [Int64]

    func encode(to writer: inout ProtobufWriter) {
      for size in sizes { writer.writeMessage(field: 2, Dimension(size: size)) }
    }
  }

  private struct Dimension: ProtobufMessage {
    var size: Int64

    func encode(to writer: inout ProtobufWriter) {
      if size != 0 { writer.writeInt64(field: 1, size) }
    }
  }
}
