import Crypto

/// SHA-256 of bytes as lowercase hex: how normlab names and checks content (shard results,
/// cache entries). One definition, so every checksum is computed the same way.
public enum ContentDigest {
  public static func sha256<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    SHA256.hash(data: Array(bytes)).map { byte in
      let text = String(byte, radix: 16)
      return byte < 16 ? "0" + text : text
    }.joined()
  }
}
