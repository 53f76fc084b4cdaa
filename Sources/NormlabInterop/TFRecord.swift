/// TFRecord framing, the container format of TensorBoard event files.
///
/// Each record is laid out as (TensorFlow `tsl/lib/io/record_writer.cc`, `RecordWriter::AddRecord`):
///
/// ```
/// uint64  length          little-endian byte count of data
/// uint32  masked_crc32c(length bytes)
/// byte    data[length]
/// uint32  masked_crc32c(data)
/// ```
///
/// Readers (TensorBoard's `PyRecordReader`, its Rust data server) check both checksums and stop
/// at the first record whose checksum does not match, so a single wrong byte hides the rest of
/// the file.
public enum TFRecord {
  /// The number of bytes framing adds around a record's data: 8 + 4 + 4.
  public static let overhead = 16

  /// `record` framed as one TFRecord.
  public static func framed(_ record: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    append(record, to: &out)
    return out
  }

  /// Appends `record`, framed, to `stream`.
  public static func append(_ record: [UInt8], to stream: inout [UInt8]) {
    stream.reserveCapacity(stream.count + record.count + overhead)
    let lengthBytes = littleEndianBytes(UInt64(record.count))
    stream.append(contentsOf: lengthBytes)
    stream.append(contentsOf: littleEndianBytes(CRC32C.masked(CRC32C.checksum(lengthBytes))))
    stream.append(contentsOf: record)
    stream.append(contentsOf: littleEndianBytes(CRC32C.masked(CRC32C.checksum(record))))
  }

  static func littleEndianBytes<Word: FixedWidthInteger & UnsignedInteger>(_ word: Word) -> [UInt8] {
    (0..<(Word.bitWidth / 8)).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) }
  }
}
