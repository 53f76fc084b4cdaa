import NormlabInterop
import Testing

/// CRC-32C against the check value of the CRC catalogue, the RFC 3720 (iSCSI) appendix B.4
/// vectors, and TensorBoard's own `masked_crc32c` (values recorded from
/// `tensorboard.compat.tensorflow_stub.pywrap_tensorflow`).
@Suite struct CRC32CTests {
  @Test func checkValueOfDigitsMatchesCatalogue() {
    #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
  }

  @Test func rfc3720VectorsMatch() {
    #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
    #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
    #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
    #expect(CRC32C.checksum((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
  }

  @Test func emptyInputHasZeroChecksum() {
    #expect(CRC32C.checksum([UInt8]()) == 0)
  }

  @Test func updateContinuesAChecksum() {
    let whole = Array("The quick brown fox jumps over the lazy dog".utf8)
    for cut in [0, 1, 9, whole.count] {
      let partial = CRC32C.checksum(whole[..<cut])
      #expect(CRC32C.update(partial, with: whole[cut...]) == CRC32C.checksum(whole), "cut at \(cut)")
    }
  }

  @Test func maskMatchesTensorBoard() {
    #expect(CRC32C.masked(CRC32C.checksum(Array("123456789".utf8))) == 0xC78A_B0E5)
    #expect(CRC32C.masked(0) == 0xA282_EAD8)
  }

  @Test(arguments: [UInt32(0), 1, 0xE306_9283, 0xFFFF_FFFF, 0x8000_0000])
  func unmaskInvertsMask(_ crc: UInt32) {
    #expect(CRC32C.unmasked(CRC32C.masked(crc)) == crc)
  }
}
