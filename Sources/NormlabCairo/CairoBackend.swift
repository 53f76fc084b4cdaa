import CCairo
import CPangoCairo
import NormlabPlot

/// A failure reported by Cairo, with its status text.
public struct CairoError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public var description: String { "cairo: \(message)" }

  static func check(_ status: cairo_status_t, _ what: String) throws(CairoError) {
    guard status == CAIRO_STATUS_SUCCESS else {
      let text = cairo_status_to_string(status).map { String(cString: $0) } ?? "unknown"
      throw CairoError(message: "\(what): \(text)")
    }
  }
}

/// Collects bytes written by a Cairo stream surface.
final class ByteSink {
  var bytes: [UInt8] = []
}

/// Cairo's write callback: appends to the `ByteSink` passed as closure data.
let writeToSink: cairo_write_func_t = { closure, data, length in
  guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
  let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
  sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
  return CAIRO_STATUS_SUCCESS
}

/// Draws `GraphicsBackend` calls with Cairo; text goes through Pango for shaping and font
/// fallback (CJK titles render when a CJK font is installed).
public struct CairoBackend: GraphicsBackend {
  let context: OpaquePointer
  let layout: OpaquePointer
  private var clipDepth = 0
  /// The family list Pango tries in order; DejaVu ships with Debian, WenQuanYi covers CJK.
  static let sansFamily = "DejaVu Sans, WenQuanYi Micro Hei, sans-serif"
  static let monoFamily = "DejaVu Sans Mono, monospace"

  init(context: OpaquePointer) {
    self.context = context
    layout = pango_cairo_create_layout(context)
    let pangoContext = pango_layout_get_context(layout)
    // 72 dpi: one Pango point is one Cairo unit, the same in PNG, PDF and SVG.
    pango_cairo_context_set_resolution(pangoContext, 72)
    // No hinting: glyph positions do not depend on the output device, so layouts match.
    let options = cairo_font_options_create()
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
    pango_cairo_context_set_font_options(pangoContext, options)
    cairo_font_options_destroy(options)
    pango_layout_context_changed(layout)
  }

  func release() {
    g_object_unref(UnsafeMutableRawPointer(layout))
  }

  private func setColor(_ color: Color) {
    cairo_set_source_rgba(context, color.red, color.green, color.blue, color.alpha)
  }

  private func addPath(_ path: Path) {
    cairo_new_path(context)
    for element in path.elements {
      switch element {
      case .move(let p): cairo_move_to(context, p.x, p.y)
      case .line(let p): cairo_line_to(context, p.x, p.y)
      case .close: cairo_close_path(context)
      }
    }
  }

  public mutating func fill(_ path: Path, color: Color) {
    addPath(path)
    setColor(color)
    cairo_fill(context)
  }

  public mutating func stroke(_ path: Path, style: StrokeStyle) {
    addPath(path)
    setColor(style.color)
    cairo_set_line_width(context, style.width)
    cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
    cairo_set_line_cap(context, style.dash == .solid ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
    let pattern = style.dash.pattern(width: style.width)
    pattern.withUnsafeBufferPointer { dashes in
      cairo_set_dash(context, dashes.baseAddress, Int32(dashes.count), 0)
    }
    cairo_stroke(context)
  }

  private func configure(_ string: String, style: TextStyle, width: Double?) {
    let description = pango_font_description_new()
    pango_font_description_set_family(description, style.monospace ? Self.monoFamily : Self.sansFamily)
    pango_font_description_set_absolute_size(description, style.size * Double(PANGO_SCALE))
    pango_font_description_set_weight(
      description, style.weight == .bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
    pango_font_description_set_style(description, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
    pango_layout_set_font_description(layout, description)
    pango_font_description_free(description)
    if let width {
      pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
      pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
    } else {
      pango_layout_set_width(layout, -1)
    }
    // Wrapped text gets break opportunities inside very long words, so layout stays linear.
    let string = width == nil ? string : SoftBreaks.insert(string, markup: style.markup)
    if style.markup {
      pango_layout_set_markup(layout, string, -1)
    } else {
      // set_text keeps the attributes an earlier set_markup left; their byte ranges would
      // split this string's multi-byte characters (invalid UTF-8 clusters in PDF output).
      pango_layout_set_attributes(layout, nil)
      pango_layout_set_text(layout, string, -1)
    }
  }

  private func layoutSize() -> Size {
    var ink = PangoRectangle()
    var logical = PangoRectangle()
    pango_layout_get_extents(layout, &ink, &logical)
    return Size(
      Double(logical.width) / Double(PANGO_SCALE), Double(logical.height) / Double(PANGO_SCALE))
  }

  public mutating func text(
    _ string: String, at position: Point, style: TextStyle, anchor: TextAnchor, rotation: Double
  ) {
    configure(string, style: style, width: nil)
    let size = layoutSize()
    let offset = anchor.origin(for: size)
    cairo_save(context)
    cairo_translate(context, position.x, position.y)
    cairo_rotate(context, -rotation)
    cairo_move_to(context, offset.x, offset.y)
    setColor(style.color)
    pango_cairo_update_layout(context, layout)
    pango_cairo_show_layout(context, layout)
    cairo_restore(context)
  }

  func unknownGlyphs(_ string: String, style: TextStyle) -> Int {
    configure(string, style: style, width: nil)
    return Int(pango_layout_get_unknown_glyphs_count(layout))
  }

  public func measure(_ string: String, style: TextStyle) -> Size {
    configure(string, style: style, width: nil)
    return layoutSize()
  }

  public mutating func paragraph(
    _ string: String, at origin: Point, width: Double, style: TextStyle
  ) -> Double {
    configure(string, style: style, width: width)
    let size = layoutSize()
    cairo_save(context)
    cairo_move_to(context, origin.x, origin.y)
    setColor(style.color)
    pango_cairo_update_layout(context, layout)
    pango_cairo_show_layout(context, layout)
    cairo_restore(context)
    return size.height
  }

  public func measureParagraph(_ string: String, width: Double, style: TextStyle) -> Double {
    configure(string, style: style, width: width)
    return layoutSize().height
  }

  /// Paints `image` into `rect` with nearest-neighbour sampling, so heatmap cells stay crisp
  /// (PDF viewers are told not to interpolate either).
  public mutating func image(_ image: RasterImage, in rect: Rect) {
    guard image.width > 0, image.height > 0, rect.width > 0, rect.height > 0,
      let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(image.width), Int32(image.height))
    else { return }
    defer { cairo_surface_destroy(surface) }
    guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS,
      let data = cairo_image_surface_get_data(surface)
    else { return }
    cairo_surface_flush(surface)
    let stride = Int(cairo_image_surface_get_stride(surface))
    for row in 0..<image.height {
      let line = UnsafeMutableRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
      for column in 0..<image.width {
        let c = image.pixels[row * image.width + column]
        // Cairo wants premultiplied alpha.
        let a = min(max(c.alpha, 0), 1)
        func channel(_ v: Double) -> UInt32 { UInt32((min(max(v, 0), 1) * a * 255).rounded()) }
        line[column] =
          (UInt32((a * 255).rounded()) << 24) | (channel(c.red) << 16) | (channel(c.green) << 8)
          | channel(c.blue)
      }
    }
    cairo_surface_mark_dirty(surface)
    cairo_save(context)
    cairo_new_path(context)
    cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
    cairo_clip(context)
    cairo_translate(context, rect.x, rect.y)
    cairo_scale(context, rect.width / Double(image.width), rect.height / Double(image.height))
    cairo_set_source_surface(context, surface, 0, 0)
    if let pattern = cairo_get_source(context) {
      cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST)
      cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD)
    }
    cairo_paint(context)
    cairo_restore(context)
  }

  public mutating func clip(to rect: Rect) {
    cairo_save(context)
    clipDepth += 1
    cairo_new_path(context)
    cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
    cairo_clip(context)
  }

  public mutating func resetClip() {
    guard clipDepth > 0 else { return }
    cairo_restore(context)
    clipDepth -= 1
  }
}
