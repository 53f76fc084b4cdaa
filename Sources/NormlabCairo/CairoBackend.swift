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
  /// The family lists Pango tries in order; DejaVu ships with Debian, WenQuanYi covers CJK.
  /// Formulas use the OpenType math font from Debian's fonts-dejavu-extra, which has the
  /// Mathematical Italic letters; DejaVu Serif is the fallback.
  static let fonts = FontStacks(
    sans: "DejaVu Sans, WenQuanYi Micro Hei, sans-serif", serif: "DejaVu Serif, serif",
    mono: "DejaVu Sans Mono, monospace", math: "DejaVu Math TeX Gyre, DejaVu Serif, serif")

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
    // Formula glyphs are placed one by one, so their advances must not be rounded to whole
    // points; other text keeps Pango's default rounding (and the existing images).
    let pangoContext = pango_layout_get_context(layout)
    let round: gboolean = style.family == .math ? 0 : 1
    if pango_context_get_round_glyph_positions(pangoContext) != round {
      pango_context_set_round_glyph_positions(pangoContext, round)
      pango_layout_context_changed(layout)
    }
    let description = pango_font_description_new()
    pango_font_description_set_family(description, Self.fonts.family(style))
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

  /// Makes `rect` a link to a place in the same PDF: 1-based `page`, `y` points from its top.
  /// Other surfaces ignore it.
  public mutating func link(_ rect: Rect, toPage page: Int, y: Double) {
    let attributes =
      "rect=[\(Self.number(rect.x)) \(Self.number(rect.y)) \(Self.number(rect.width)) \(Self.number(rect.height))] "
      + "page=\(page) pos=[0 \(Self.number(y))]"
    cairo_tag_begin(context, "Link", attributes)
    cairo_tag_end(context, "Link")
  }

  /// A coordinate for Cairo's attribute strings: fixed decimals, so output does not depend on
  /// how Swift prints a Double.
  static func number(_ value: Double) -> String {
    let clamped = value.isFinite ? min(max(value, -100_000), 100_000) : 0
    let hundredths = Int((clamped * 100).rounded())
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = abs(hundredths)
    let fraction = magnitude % 100
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
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

  public func measureInk(_ string: String, style: TextStyle) -> TextInk {
    configure(string, style: style, width: nil)
    var ink = PangoRectangle()
    var logical = PangoRectangle()
    pango_layout_get_extents(layout, &ink, &logical)
    let scale = Double(PANGO_SCALE)
    let baseline = Double(pango_layout_get_baseline(layout)) / scale
    let width = Double(logical.width) / scale
    guard ink.width > 0, ink.height > 0 else {
      return TextInk(width: width, ascent: 0, descent: 0, inkRight: width, baseline: baseline)
    }
    return TextInk(
      width: width, ascent: baseline - Double(ink.y) / scale,
      descent: Double(ink.y + ink.height) / scale - baseline,
      inkRight: Double(ink.x + ink.width) / scale, baseline: baseline)
  }

  public mutating func paragraph(
    _ string: String, at origin: Point, width: Double, style: TextStyle, boxes: [InlineBox]
  ) -> FlowedParagraph {
    let origins = configureFlow(string, width: width, style: style, boxes: boxes)
    let size = layoutSize()
    cairo_save(context)
    cairo_move_to(context, origin.x, origin.y)
    setColor(style.color)
    pango_cairo_update_layout(context, layout)
    pango_cairo_show_layout(context, layout)
    cairo_restore(context)
    return FlowedParagraph(
      height: size.height, origins: origins.map { Point(origin.x + $0.x, origin.y + $0.y) })
  }

  public func measureParagraph(
    _ string: String, width: Double, style: TextStyle, boxes: [InlineBox]
  ) -> FlowedParagraph {
    let origins = configureFlow(string, width: width, style: style, boxes: boxes)
    return FlowedParagraph(height: layoutSize().height, origins: origins)
  }

  /// Lays out a wrapped paragraph whose U+FFFC characters are Pango shape attributes of the
  /// boxes' sizes (Pango leaves them blank, wraps around them and grows lines to fit them);
  /// returns each box's baseline-left corner relative to the layout's top left.
  private func configureFlow(_ string: String, width: Double, style: TextStyle, boxes: [InlineBox])
    -> [Point]
  {
    configure(string, style: style, width: width)
    guard !boxes.isEmpty, let text = pango_layout_get_text(layout) else { return [] }
    // Byte offsets of U+FFFC (EF BF BC) in the text Pango holds (markup already removed).
    var indices: [Int32] = []
    var i = 0
    while text[i] != 0, indices.count < boxes.count {
      if UInt8(bitPattern: text[i]) == 0xEF, UInt8(bitPattern: text[i + 1]) == 0xBF,
        UInt8(bitPattern: text[i + 2]) == 0xBC
      {
        indices.append(Int32(i))
        i += 3
      } else {
        i += 1
      }
    }
    let list = pango_layout_get_attributes(layout).map { pango_attr_list_copy($0) } ?? pango_attr_list_new()
    let scale = Double(PANGO_SCALE)
    // Pango units, with sizes a caller got wrong (infinite, NaN, absurd) clamped, not trapped on.
    func units(_ points: Double) -> Int32 {
      guard points.isFinite else { return 0 }
      return Int32((min(max(points, -100_000), 100_000) * scale).rounded())
    }
    for (index, box) in zip(indices, boxes) {
      var rect = PangoRectangle(
        x: 0, y: units(-box.ascent), width: units(max(0, box.width)),
        height: units(max(0, box.ascent + box.descent)))
      var ink = rect
      guard let attribute = pango_attr_shape_new(&ink, &rect) else { continue }
      attribute.pointee.start_index = UInt32(index)
      attribute.pointee.end_index = UInt32(index + 3)
      pango_attr_list_insert(list, attribute)
    }
    pango_layout_set_attributes(layout, list)
    pango_attr_list_unref(list)

    // Baseline of every line, then each box's line and x.
    var baselines: [Double] = []
    if let iterator = pango_layout_get_iter(layout) {
      repeat {
        baselines.append(Double(pango_layout_iter_get_baseline(iterator)) / scale)
      } while pango_layout_iter_next_line(iterator) != 0
      pango_layout_iter_free(iterator)
    }
    return indices.map { index in
      var line: Int32 = 0
      var lineX: Int32 = 0
      pango_layout_index_to_line_x(layout, index, 0, &line, &lineX)
      var position = PangoRectangle()
      pango_layout_index_to_pos(layout, index, &position)
      let baseline = baselines.indices.contains(Int(line)) ? baselines[Int(line)] : 0
      return Point(Double(position.x) / scale, baseline)
    }
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
