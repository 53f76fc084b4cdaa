/// The value of one hyperparameter of a run, as TensorBoard's HParams dashboard types them.
///
/// TensorBoard knows three hyperparameter types (`tensorboard/plugins/hparams/api.proto`,
/// `DataType`): strings, booleans and 64-bit floats. Integers (seeds, layer counts, batch
/// sizes) are numbers, as in TensorBoard's own Python API.
public enum HParamValue: Sendable, Hashable {
  case number(Double)
  case string(String)
  case bool(Bool)

  /// An integer setting, stored as a number. Integers beyond 2^53 lose their last digits, as
  /// they do in TensorBoard.
  public static func integer(_ value: Int) -> HParamValue { .number(Double(value)) }

  /// A key that orders values of one type and treats every NaN as the same value, so domains
  /// and "differs" flags are deterministic even with non-finite numbers.
  var orderingKey: OrderingKey {
    switch self {
    case .bool(let flag): return .bool(flag)
    case .number(let number):
      let canonical = number.isNaN ? Double.nan : (number == 0 ? 0 : number)
      return .number(bits: canonical.bitPattern)
    case .string(let text): return .string(text)
    }
  }

  enum OrderingKey: Hashable, Comparable {
    case bool(Bool)
    /// The bit pattern of the number with every NaN made the same NaN and -0 made 0, so
    /// synthesized equality is value equality.
    case number(bits: UInt64)
    case string(String)

    static func < (lhs: OrderingKey, rhs: OrderingKey) -> Bool {
      switch (lhs, rhs) {
      case (.bool(let a), .bool(let b)): return !a && b
      case (.number(let aBits), .number(let bBits)):
        // NaN sorts last; the rest by value.
        let a = Double(bitPattern: aBits)
        let b = Double(bitPattern: bBits)
        if a.isNaN || b.isNaN { return !a.isNaN && b.isNaN }
        return a < b
      case (.string(let a), .string(let b)): return a < b
      default: return lhs.rank < rhs.rank
      }
    }

    private var rank: Int {
      switch self {
      case .bool: return 0
      case .number: return 1
      case .string: return 2
      }
    }
  }
}

/// `google.protobuf.Value` (`google/protobuf/struct.proto`), the type of hyperparameter values
/// in the HParams plugin:
///
/// ```
/// oneof kind { NullValue null_value = 1; double number_value = 2; string string_value = 3;
///              bool bool_value = 4; Struct struct_value = 5; ListValue list_value = 6; }
/// ```
///
/// All members are in a oneof, so zeros, `false` and empty strings are written.
struct ProtobufValueMessage: ProtobufMessage {
  var value: HParamValue

  func encode(to writer: inout ProtobufWriter) {
    switch value {
    case .number(let number): writer.writeDouble(field: 2, number)
    case .string(let text): writer.writeString(field: 3, text)
    case .bool(let flag): writer.writeBool(field: 4, flag)
    }
  }
}

/// `google.protobuf.ListValue` (`google/protobuf/struct.proto`): `repeated Value values = 1;`.
struct ProtobufListValueMessage: ProtobufMessage {
  var values: [HParamValue]

  func encode(to writer: inout ProtobufWriter) {
    for value in values { writer.writeMessage(field: 1, ProtobufValueMessage(value: value)) }
  }
}
