/// CRC-32C (Castagnoli), the checksum TFRecord files carry around every record.
///
/// The polynomial is 0x1EDC6F41, used here in its reflected form 0x82F63B78 with the initial
/// value and the final XOR both 0xFFFFFFFF (RFC 3720, section 12.1 and appendix B.4). The
/// computation is the classic byte-at-a-time table method (Sarwate 1988): one 256-entry table,
/// one lookup per input byte.
public enum CRC32C {
  /// The reflected Castagnoli polynomial.
  public static let polynomial: UInt32 = 0x82F6_3B78

  /// `table[b]` is the CRC register after shifting the byte `b` through it eight times.
  static let table: [UInt32] = (0..<256).map { byte in
    var crc = UInt32(byte)
    for _ in 0..<8 {
      crc = (crc & 1) == 1 ? (crc >> 1) ^ polynomial : crc >> 1
    }
    return crc
  }

  /// The CRC-32C of `bytes`; `CRC32C.checksum(Array("123456789".utf8)) == 0xE3069283`.
  public static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 {
    update(0, with: bytes)
  }

  /// Continues a checksum: `update(checksum(a), with: b) == checksum(a + b)`.
  ///
  /// Takes and returns finished checksums (with the final XOR applied), so partial results can
  /// be stored and combined like the whole.
  public static func update<Bytes: Sequence<UInt8>>(_ checksum: UInt32, with bytes: Bytes) -> UInt32 {
    var crc = ~checksum
    table.withUnsafeBufferPointer { table in
      for byte in bytes {
        crc = table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)] ^ (crc >> 8)
      }
    }
    return ~crc
  }

  /// TFRecord's masked CRC: rotate right by 15 bits, then add the constant 0xa282ead8.
  ///
  /// TensorFlow masks the checksums it stores because a CRC computed over data that itself
  /// contains CRCs is weak (`tensorflow/tsl/lib/hash/crc32c.h`, `Mask`).
  public static func masked(_ checksum: UInt32) -> UInt32 {
    ((checksum >> 15) | (checksum << 17)) &+ 0xA282_EAD8
  }

  /// Inverse of `masked(_:)` (`Unmask` in the same header); used by tests and readers.
  public static func unmasked(_ maskedChecksum: UInt32) -> UInt32 {
    let rotated = maskedChecksum &- 0xA282_EAD8
    return (rotated >> 17) | (rotated << 15)
  }
}
