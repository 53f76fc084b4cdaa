/// A minimal Protocol Buffers wire-format encoder, enough for TensorBoard's event messages.
///
/// Implements the encoding described at https://protobuf.dev/programming-guides/encoding/:
/// every field is a key `(field_number << 3) | wire_type` as a varint, then the value:
///
/// | wire type | number | used for |
/// |---|---|---|
/// | VARINT | 0 | int32, int64, uint64, bool, enum |
/// | I64 | 1 | double (IEEE 754 binary64, little-endian) |
/// | LEN | 2 | string (UTF-8), bytes, embedded messages, packed repeated scalars |
/// | I32 | 5 | float (IEEE 754 binary32, little-endian) |
///
/// Negative `int32` and `int64` values are sign-extended to 64 bits and so take ten bytes, as the
/// specification requires; no message normlab writes uses `sint32`/`sint64`, so there is no
/// zigzag encoding. Fields are written in the order the caller writes them; the message types in
/// this module write them in field-number order, as protobuf's own serializers do, so the output
/// matches Python's `SerializeToString()` byte for byte.
///
/// proto3 does not serialize a singular scalar field that holds its default (0, 0.0, false, "",
/// empty bytes) unless the field is a member of a `oneof`. That decision belongs to the message
/// (it knows which fields are in a oneof); these methods always write what they are given.
struct ProtobufWriter {
  /// The wire types of the protobuf encoding.
  enum WireType: UInt8 {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case fixed32 = 5
  }

  /// The encoded bytes so far.
  private(set) var bytes: [UInt8] = []

  /// Writes `value` as a base-128 varint: seven bits a byte, least significant group first,
  /// the high bit set on every byte but the last. 0 takes one byte, `UInt64.max` ten.
  mutating func writeVarint(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(truncatingIfNeeded: rest))
  }

  /// Writes a field key. Field numbers are the constants of this module's message types, all
  /// far below the protocol's limit of 2^29 - 1.
  mutating func writeKey(field: UInt32, wireType: WireType) {
    writeVarint(UInt64(field) << 3 | UInt64(wireType.rawValue))
  }

  /// An `int64` field: two's complement, so a negative value takes ten bytes.
  mutating func writeInt64(field: UInt32, _ value: Int64) {
    writeKey(field: field, wireType: .varint)
    writeVarint(UInt64(bitPattern: value))
  }

  /// An `int32` or enum field: sign-extended to 64 bits, as the encoding specifies.
  mutating func writeInt32(field: UInt32, _ value: Int32) {
    writeInt64(field: field, Int64(value))
  }

  /// A `bool` field: varint 0 or 1.
  mutating func writeBool(field: UInt32, _ value: Bool) {
    writeKey(field: field, wireType: .varint)
    writeVarint(value ? 1 : 0)
  }

  /// A `double` field: the eight bytes of its IEEE 754 bit pattern, little-endian. NaN and the
  /// infinities are written like any other value.
  mutating func writeDouble(field: UInt32, _ value: Double) {
    writeKey(field: field, wireType: .fixed64)
    appendLittleEndian(value.bitPattern)
  }

  /// A `float` field: the four bytes of its IEEE 754 bit pattern, little-endian.
  mutating func writeFloat(field: UInt32, _ value: Float) {
    writeKey(field: field, wireType: .fixed32)
    appendLittleEndian(value.bitPattern)
  }

  /// A `bytes` field: varint length, then the bytes.
  mutating func writeBytes(field: UInt32, _ value: [UInt8]) {
    writeKey(field: field, wireType: .lengthDelimited)
    writeVarint(UInt64(value.count))
    bytes.append(contentsOf: value)
  }

  /// A `string` field: its UTF-8 bytes, length-delimited. Swift strings are valid Unicode, so
  /// the bytes are always valid UTF-8 as proto3 requires.
  mutating func writeString(field: UInt32, _ value: String) {
    writeBytes(field: field, Array(value.utf8))
  }

  /// An embedded message field: the message is encoded first, then written length-delimited.
  mutating func writeMessage(field: UInt32, _ message: some ProtobufMessage) {
    writeBytes(field: field, message.serialized())
  }

  /// A packed `repeated float` field: one LEN record holding the four-byte values back to back.
  mutating func writePackedFloats(field: UInt32, _ values: [Float]) {
    writeKey(field: field, wireType: .lengthDelimited)
    writeVarint(UInt64(values.count) * 4)
    for value in values { appendLittleEndian(value.bitPattern) }
  }

  private mutating func appendLittleEndian<Word: FixedWidthInteger>(_ word: Word) {
    for index in 0..<(Word.bitWidth / 8) {
      bytes.append(UInt8(truncatingIfNeeded: word >> (index * 8)))
    }
  }
}

/// A message that knows how to write its fields, in field-number order.
protocol ProtobufMessage: Sendable {
  func encode(to writer: inout ProtobufWriter)
}

extension ProtobufMessage {
  /// The message's wire-format bytes.
  func serialized() -> [UInt8] {
    var writer = ProtobufWriter()
    encode(to: &writer)
    return writer.bytes
  }
}
