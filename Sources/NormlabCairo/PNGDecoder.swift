import CCairo

/// A decoded raster image: premultiplied ARGB pixels, row by row.
public struct DecodedImage: Sendable {
  public var width: Int
  public var height: Int
  public var pixels: [UInt32]

  /// (red, green, blue, alpha) of one pixel, each 0...255.
  public func rgba(x: Int, y: Int) -> (UInt8, UInt8, UInt8, UInt8) {
    let p = pixels[y * width + x]
    return (UInt8((p >> 16) & 0xFF), UInt8((p >> 8) & 0xFF), UInt8(p & 0xFF), UInt8(p >> 24))
  }
}

/// Reads PNG bytes back through Cairo, for tests that check rendered charts pixel by pixel.
public enum PNGDecoder {
  final class Source {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
  }

  public static func decode(_ bytes: [UInt8]) throws(CairoError) -> DecodedImage {
    let source = Source(bytes)
    let read: cairo_read_func_t = { closure, data, length in
      guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
      let source = Unmanaged<Source>.fromOpaque(closure).takeUnretainedValue()
      let count = Int(length)
      guard source.offset + count <= source.bytes.count else { return CAIRO_STATUS_READ_ERROR }
      for i in 0..<count { data[i] = source.bytes[source.offset + i] }
      source.offset += count
      return CAIRO_STATUS_SUCCESS
    }
    let surface = withExtendedLifetime(source) {
      cairo_image_surface_create_from_png_stream(read, Unmanaged.passUnretained(source).toOpaque())
    }
    guard let surface else { throw CairoError(message: "could not decode PNG") }
    defer { cairo_surface_destroy(surface) }
    try CairoError.check(cairo_surface_status(surface), "PNG decoding")
    cairo_surface_flush(surface)
    let width = Int(cairo_image_surface_get_width(surface))
    let height = Int(cairo_image_surface_get_height(surface))
    let stride = Int(cairo_image_surface_get_stride(surface))
    guard let data = cairo_image_surface_get_data(surface) else {
      throw CairoError(message: "decoded PNG has no pixel data")
    }
    var pixels = [UInt32](repeating: 0, count: width * height)
    for y in 0..<height {
      let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
      for x in 0..<width { pixels[y * width + x] = row[x] }
    }
    return DecodedImage(width: width, height: height, pixels: pixels)
  }
}
