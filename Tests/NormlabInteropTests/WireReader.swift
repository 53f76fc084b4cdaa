@testable import NormlabInterop

/// A test-only reader of TFRecord streams and protobuf wire format, to look inside what the
/// writer produced. It checks every length and checksum and reports malformed input as `nil`.
enum WireReader {
  enum Field: Equatable {
    case varint(UInt64)
    case fixed64(UInt64)
    case fixed32(UInt32)
    case bytes([UInt8])

    var bytes: [UInt8]? { if case .bytes(let b) = self { b } else { nil } }
    var varint: UInt64? { if case .varint(let v) = self { v } else { nil } }
    var double: Double? { if case .fixed64(let v) = self { Double(bitPattern: v) } else { nil } }
    var float: Float? { if case .fixed32(let v) = self { Float(bitPattern: v) } else { nil } }
    var string: String? { bytes.map { String(decoding: $0, as: UTF8.self) } }
  }

  /// The records of a TFRecord stream, or `nil` if a length or a checksum is wrong.
  static func records(_ stream: [UInt8]) -> [[UInt8]]? {
    var records: [[UInt8]] = []
    var position = 0
    while position < stream.count {
      guard stream.count - position >= 12 else { return nil }
      let lengthBytes = Array(stream[position..<position + 8])
      let length = littleEndian(lengthBytes)
      guard littleEndian(Array(stream[position + 8..<position + 12])) == UInt64(CRC32C.masked(CRC32C.checksum(lengthBytes))),
        length <= UInt64(stream.count - position - 16)
      else { return nil }
      let start = position + 12
      let end = start + Int(length)
      let data = Array(stream[start..<end])
      guard littleEndian(Array(stream[end..<end + 4])) == UInt64(CRC32C.masked(CRC32C.checksum(data))) else { return nil }
      records.append(data)
      position = end + 4
    }
    return records
  }

  /// The fields of a message in wire order, or `nil` if the bytes are not well-formed.
  static func fields(_ message: [UInt8]) -> [(number: UInt32, value: Field)]? {
    var fields: [(number: UInt32, value: Field)] = []
    var position = 0
    while position < message.count {
      guard let key = varint(message, &position) else { return nil }
      let number = UInt32(truncatingIfNeeded: key >> 3)
      switch key & 7 {
      case 0:
        guard let value = varint(message, &position) else { return nil }
        fields.append((number, .varint(value)))
      case 1:
        guard message.count - position >= 8 else { return nil }
        fields.append((number, .fixed64(littleEndian(Array(message[position..<position + 8])))))
        position += 8
      case 2:
        guard let length = varint(message, &position), length <= UInt64(message.count - position) else { return nil }
        fields.append((number, .bytes(Array(message[position..<position + Int(length)]))))
        position += Int(length)
      case 5:
        guard message.count - position >= 4 else { return nil }
        fields.append((number, .fixed32(UInt32(littleEndian(Array(message[position..<position + 4]))))))
        position += 4
      default:
        return nil
      }
    }
    return fields
  }

  /// The values of field `number` in `message`.
  static func values(_ number: UInt32, in message: [UInt8]) -> [Field] {
    (fields(message) ?? []).filter { $0.number == number }.map(\.value)
  }

  /// The one value of field `number`, if there is exactly one.
  static func value(_ number: UInt32, in message: [UInt8]) -> Field? {
    let all = values(number, in: message)
    return all.count == 1 ? all[0] : nil
  }

  private static func varint(_ bytes: [UInt8], _ position: inout Int) -> UInt64? {
    var result: UInt64 = 0
    for shift in stride(from: 0, to: 70, by: 7) {
      guard position < bytes.count else { return nil }
      let byte = bytes[position]
      position += 1
      result |= UInt64(byte & 0x7F) << UInt64(shift)
      if byte < 0x80 { return result }
    }
    return nil
  }

  private static func littleEndian(_ bytes: [UInt8]) -> UInt64 {
    bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
  }
}

/// Hex text of bytes, to compare with reference dumps.
func hex(_ bytes: [UInt8]) -> String {
  bytes.map { byte in
    let digits = String(byte, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
  }.joined()
}
