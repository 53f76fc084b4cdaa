import CCairo
import NormlabPlot

/// Output formats of a rendered figure.
public enum ImageFormat: String, Sendable, CaseIterable {
  case png, svg, pdf
}

/// Document metadata written into PDFs. A fixed date keeps files byte-identical across runs.
public struct DocumentInfo: Sendable {
  public var title: String
  public var creator: String
  /// ISO 8601, e.g. "2024-01-01T00:00:00Z" (from SOURCE_DATE_EPOCH or the last commit); nil
  /// writes no date at all rather than the wall clock, so files stay byte-identical.
  public var date: String?

  public init(title: String, creator: String = "normlab", date: String? = nil) {
    self.title = title
    self.creator = creator
    self.date = date
  }
}

/// An entry of a PDF's outline (the bookmarks a viewer lists beside the pages).
public struct OutlineEntry: Sendable, Equatable {
  public var title: String
  /// 1-based page number and the top of the target in points from the page's top.
  public var page: Int
  public var y: Double
  /// Entries under this one (one level suffices for sections and their figures).
  public var children: [OutlineEntry]

  public init(title: String, page: Int, y: Double, children: [OutlineEntry] = []) {
    self.title = title
    self.page = page
    self.y = y
    self.children = children
  }

  /// Cairo's link attributes for the target.
  var destination: String { "page=\(page) pos=[0 \(CairoBackend.number(y))]" }
}

/// Renders figures and pages to bytes; the caller decides where they go.
public enum CairoRenderer {
  /// One figure as PNG at `dpi` (150 by default), SVG or single-page PDF.
  public static func render(
    _ figure: Figure, format: ImageFormat, dpi: Double = 150,
    info: DocumentInfo = DocumentInfo(title: "")
  ) throws(CairoError) -> [UInt8] {
    switch format {
    case .png:
      return try png(size: figure.size, dpi: dpi) { backend in
        FigureRenderer.draw(
          figure, in: Rect(x: 0, y: 0, width: figure.size.width, height: figure.size.height),
          on: &backend)
      }
    case .svg:
      return try svg(size: figure.size) { backend in
        FigureRenderer.draw(
          figure, in: Rect(x: 0, y: 0, width: figure.size.width, height: figure.size.height),
          on: &backend)
      }
    case .pdf:
      return try pdf(pageSize: figure.size, info: info, pages: [
        { backend in
          FigureRenderer.draw(
            figure, in: Rect(x: 0, y: 0, width: figure.size.width, height: figure.size.height),
            on: &backend)
        }
      ])
    }
  }

  /// How many characters of `string` no installed font can draw (Pango would show them as
  /// boxes), after Pango's font fallback. 0 means the text renders with real glyphs.
  public static func missingGlyphCount(_ string: String, style: TextStyle = TextStyle(size: 12))
    throws(CairoError) -> Int
  {
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1) else {
      throw CairoError(message: "could not create an image surface")
    }
    defer { cairo_surface_destroy(surface) }
    guard let context = cairo_create(surface) else {
      throw CairoError(message: "could not create a drawing context")
    }
    defer { cairo_destroy(context) }
    let backend = CairoBackend(context: context)
    defer { backend.release() }
    return backend.unknownGlyphs(string, style: style)
  }

  /// Draws into an image surface scaled from points to pixels and encodes it as PNG.
  public static func png(size: Size, dpi: Double, draw: (inout CairoBackend) -> Void)
    throws(CairoError) -> [UInt8]
  {
    let scale = dpi / 72
    let width = Int32((size.width * scale).rounded())
    let height = Int32((size.height * scale).rounded())
    guard width > 0, height > 0, width < 20000, height < 20000 else {
      throw CairoError(message: "image size \(width)x\(height) is out of range")
    }
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height) else {
      throw CairoError(message: "could not create an image surface")
    }
    defer { cairo_surface_destroy(surface) }
    try CairoError.check(cairo_surface_status(surface), "image surface")
    try drawOn(surface: surface, scale: scale, draw: draw)
    let sink = ByteSink()
    let status = cairo_surface_write_to_png_stream(
      surface, writeToSink, Unmanaged.passUnretained(sink).toOpaque())
    try CairoError.check(status, "PNG encoding")
    return sink.bytes
  }

  public static func svg(size: Size, draw: (inout CairoBackend) -> Void) throws(CairoError)
    -> [UInt8]
  {
    let sink = ByteSink()
    let surface = try withExtendedLifetime(sink) { () throws(CairoError) -> OpaquePointer in
      guard
        let surface = cairo_svg_surface_create_for_stream(
          writeToSink, Unmanaged.passUnretained(sink).toOpaque(), size.width, size.height)
      else { throw CairoError(message: "could not create an SVG surface") }
      return surface
    }
    cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT)
    do {
      try drawOn(surface: surface, scale: 1, draw: draw)
    } catch {
      cairo_surface_destroy(surface)
      throw error
    }
    cairo_surface_finish(surface)
    let status = cairo_surface_status(surface)
    cairo_surface_destroy(surface)
    try CairoError.check(status, "SVG output")
    return renumberSurfaceIDs(withExtendedLifetime(sink) { sink.bytes })
  }

  /// Cairo numbers SVG surfaces and images from process-wide counters, so the second chart of
  /// a run would say `surface64` where a fresh process says `surface1`. Renumbering each
  /// document's ids in order of appearance makes SVG output independent of what was drawn before.
  static func renumberSurfaceIDs(_ bytes: [UInt8]) -> [UInt8] {
    renumber(renumber(bytes, prefix: "surface"), prefix: "image")
  }

  /// Rewrites every `prefix` followed by digits to `prefix` + its order of first appearance.
  static func renumber(_ bytes: [UInt8], prefix: String) -> [UInt8] {
    let marker = Array(prefix.utf8)
    var mapping: [ArraySlice<UInt8>: Int] = [:]
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      if bytes[i] == marker[0], i + marker.count < bytes.count,
        bytes[i..<(i + marker.count)].elementsEqual(marker),
        (48...57).contains(bytes[i + marker.count])
      {
        var j = i + marker.count
        while j < bytes.count, (48...57).contains(bytes[j]) { j += 1 }
        let digits = bytes[(i + marker.count)..<j]
        let number = mapping[digits] ?? (mapping.count + 1)
        mapping[digits] = number
        out += marker
        out += Array(String(number).utf8)
        i = j
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return out
  }

  /// A multi-page PDF; each closure draws one page of `pageSize` points. `outline` becomes the
  /// document's bookmarks (Cairo ≥ 1.16).
  public static func pdf(
    pageSize: Size, info: DocumentInfo, pages: [(inout CairoBackend) -> Void], outline: [OutlineEntry] = []
  ) throws(CairoError) -> [UInt8] {
    let sink = ByteSink()
    guard
      let surface = cairo_pdf_surface_create_for_stream(
        writeToSink, Unmanaged.passUnretained(sink).toOpaque(), pageSize.width, pageSize.height)
    else { throw CairoError(message: "could not create a PDF surface") }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, info.title)
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, info.creator)
    // Cairo stamps the current time unless told otherwise; an empty date writes none.
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, info.date ?? "")
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, info.date ?? "")
    guard let context = cairo_create(surface) else {
      cairo_surface_destroy(surface)
      throw CairoError(message: "could not create a drawing context")
    }
    var backend = CairoBackend(context: context)
    for page in pages {
      page(&backend)
      cairo_show_page(context)
    }
    for entry in outline {
      let id = cairo_pdf_surface_add_outline(surface, 0, entry.title, entry.destination, CAIRO_PDF_OUTLINE_FLAG_OPEN)
      for child in entry.children {
        cairo_pdf_surface_add_outline(surface, id, child.title, child.destination, cairo_pdf_outline_flags_t(0))
      }
    }
    backend.release()
    let contextStatus = cairo_status(context)
    cairo_destroy(context)
    cairo_surface_finish(surface)
    let status = cairo_surface_status(surface)
    cairo_surface_destroy(surface)
    try CairoError.check(contextStatus, "PDF drawing")
    try CairoError.check(status, "PDF output")
    return withExtendedLifetime(sink) { sink.bytes }
  }

  private static func drawOn(
    surface: OpaquePointer, scale: Double, draw: (inout CairoBackend) -> Void
  ) throws(CairoError) {
    guard let context = cairo_create(surface) else {
      throw CairoError(message: "could not create a drawing context")
    }
    defer { cairo_destroy(context) }
    cairo_scale(context, scale, scale)
    var backend = CairoBackend(context: context)
    draw(&backend)
    backend.release()
    try CairoError.check(cairo_status(context), "drawing")
  }
}
