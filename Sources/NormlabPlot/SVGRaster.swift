/// Raster images (heatmaps, colour bars) for SVG as `data:` URIs: a PNG of the image's own
/// pixels, shown scaled with crisp edges. The PNG is written here (RGBA, 8 bits, zlib with
/// stored blocks: the images are small and need no compressor) so the chart model stays free
/// of I/O and native libraries. PNG: ISO/IEC 15948; zlib: RFC 1950; deflate: RFC 1951.
public enum SVGRaster {
  /// Images larger than this many pixels are not encoded (charts draw a few thousand).
  public static let maximumPixels = 4_000_000

  /// `image` as PNG bytes; nil when it is empty or too large.
  public static func png(_ image: RasterImage) -> [UInt8]? {
    let (width, height) = (image.width, image.height)
    guard width > 0, height > 0, width <= maximumPixels / height else { return nil }
    var raw: [UInt8] = []
    raw.reserveCapacity(height * (1 + 4 * width))
    for row in 0..<height {
      raw.append(0)  // filter type None
      for column in 0..<width {
        let c = image.pixels[row * width + column]
        for component in [c.red, c.green, c.blue, c.alpha] {
          raw.append(UInt8((min(max(component.isFinite ? component : 0, 0), 1) * 255).rounded()))
        }
      }
    }
    var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    var header: [UInt8] = []
    header += bigEndian(UInt32(width))
    header += bigEndian(UInt32(height))
    header += [8, 6, 0, 0, 0]  // 8 bits, RGBA, deflate, adaptive filters, no interlace
    chunk("IHDR", header, into: &bytes)
    chunk("IDAT", zlibStored(raw), into: &bytes)
    chunk("IEND", [], into: &bytes)
    return bytes
  }

  /// `data:image/png;base64,…` for `image`, nil when it cannot be encoded.
  public static func dataURI(_ image: RasterImage) -> String? {
    png(image).map { "data:image/png;base64," + base64($0) }
  }

  static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
  }

  static func chunk(_ type: String, _ data: [UInt8], into bytes: inout [UInt8]) {
    let typeBytes = Array(type.utf8)
    bytes += bigEndian(UInt32(data.count))
    bytes += typeBytes
    bytes += data
    bytes += bigEndian(crc32(typeBytes + data))
  }

  /// A zlib stream of stored (uncompressed) deflate blocks of at most 65535 bytes each.
  static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]
    var start = 0
    repeat {
      let length = min(65_535, data.count - start)
      let last = start + length >= data.count
      out.append(last ? 1 : 0)
      out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
      out += data[start..<(start + length)]
      start += length
    } while start < data.count
    out += bigEndian(adler32(data))
    return out
  }

  /// CRC-32 (ISO 3309, polynomial 0xEDB88320 reflected), as PNG chunks carry.
  static func crc32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }

  /// Adler-32 (RFC 1950), the zlib stream's checksum.
  static func adler32(_ data: [UInt8]) -> UInt32 {
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in data {
      a = (a + UInt32(byte)) % 65_521
      b = (b + a) % 65_521
    }
    return (b << 16) | a
  }

  /// Standard base64 (RFC 4648) with padding.
  public static func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let b0 = UInt32(bytes[index])
      let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
      let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
      let triple = (b0 << 16) | (b1 << 8) | b2
      out.append(alphabet[Int((triple >> 18) & 63)])
      out.append(alphabet[Int((triple >> 12) & 63)])
      out.append(index + 1 < bytes.count ? alphabet[Int((triple >> 6) & 63)] : UInt8(ascii: "="))
      out.append(index + 2 < bytes.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
      index += 3
    }
    return String(decoding: out, as: UTF8.self)
  }
}
