import Testing

@testable import NormlabInterop

/// Wire-format primitives against the examples of the protobuf encoding guide
/// (https://protobuf.dev/programming-guides/encoding/) and hand-derived bytes.
@Suite struct ProtobufWriterTests {
  static let varintCases: [(UInt64, [UInt8])] = [
    (0, [0x00]),
    (1, [0x01]),
    (127, [0x7F]),
    (128, [0x80, 0x01]),
    (150, [0x96, 0x01]),  // the guide's first example
    (300, [0xAC, 0x02]),
    (16_383, [0xFF, 0x7F]),
    (16_384, [0x80, 0x80, 0x01]),
    (1 << 63, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
    (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
  ]

  @Test(arguments: varintCases)
  func varintUsesSevenBitGroupsLeastSignificantFirst(_ value: UInt64, _ expected: [UInt8]) {
    var writer = ProtobufWriter()
    writer.writeVarint(value)
    #expect(writer.bytes == expected)
  }

  @Test func negativeInt64TakesTenBytes() {
    var writer = ProtobufWriter()
    writer.writeInt64(field: 2, -1)
    #expect(writer.bytes == [0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
    var minimum = ProtobufWriter()
    minimum.writeInt64(field: 2, .min)
    #expect(minimum.bytes == [0x10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01])
  }

  @Test func negativeInt32IsSignExtendedToTenBytes() {
    var writer = ProtobufWriter()
    writer.writeInt32(field: 1, -2)
    #expect(writer.bytes == [0x08, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
  }

  @Test func keysCombineFieldNumberAndWireType() {
    var writer = ProtobufWriter()
    writer.writeKey(field: 1, wireType: .varint)
    writer.writeKey(field: 2, wireType: .lengthDelimited)
    writer.writeKey(field: 16, wireType: .fixed32)  // 16 << 3 | 5 = 133: two bytes
    writer.writeKey(field: 9, wireType: .fixed64)
    #expect(writer.bytes == [0x08, 0x12, 0x85, 0x01, 0x49])
  }

  @Test func doublesAndFloatsAreLittleEndianIEEE() {
    var writer = ProtobufWriter()
    writer.writeDouble(field: 1, 1.0)
    writer.writeFloat(field: 2, 0.25)
    writer.writeFloat(field: 2, .nan)
    writer.writeDouble(field: 1, -.infinity)
    #expect(hex(writer.bytes) == "09000000000000f03f" + "150000803e" + "150000c07f" + "09000000000000f0ff")
  }

  @Test func stringsAreLengthPrefixedUTF8() {
    var writer = ProtobufWriter()
    writer.writeString(field: 2, "testing")  // the guide's example
    writer.writeString(field: 1, "λ")
    writer.writeString(field: 3, "")
    #expect(hex(writer.bytes) == "120774657374696e67" + "0a02cebb" + "1a00")
  }

  @Test func longPayloadGetsMultiByteLength() {
    var writer = ProtobufWriter()
    writer.writeBytes(field: 1, [UInt8](repeating: 7, count: 300))
    #expect(Array(writer.bytes.prefix(3)) == [0x0A, 0xAC, 0x02])
    #expect(writer.bytes.count == 303)
  }

  @Test func packedFloatsShareOneLengthDelimitedRecord() {
    var writer = ProtobufWriter()
    writer.writePackedFloats(field: 5, [1, -2])
    #expect(hex(writer.bytes) == "2a08" + "0000803f" + "000000c0")
  }
}
