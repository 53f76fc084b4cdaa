import RealModule

/// An sRGB colour with alpha, each component in [0, 1].
public struct Color: Sendable, Equatable, Hashable {
  public var red: Double
  public var green: Double
  public var blue: Double
  public var alpha: Double

  public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
    self.red = red
    self.green = green
    self.blue = blue
    self.alpha = alpha
  }

  /// From a 0xRRGGBB literal.
  public init(hex: UInt32, alpha: Double = 1) {
    red = Double((hex >> 16) & 0xFF) / 255
    green = Double((hex >> 8) & 0xFF) / 255
    blue = Double(hex & 0xFF) / 255
    self.alpha = alpha
  }

  /// Parses `#RRGGBB` or `RRGGBB`; nil when malformed.
  public init?(hexString: String) {
    var text = Substring(hexString)
    if text.hasPrefix("#") { text = text.dropFirst() }
    guard text.count == 6, let value = UInt32(text, radix: 16) else { return nil }
    self.init(hex: value)
  }

  public func withAlpha(_ alpha: Double) -> Color {
    Color(red: red, green: green, blue: blue, alpha: alpha)
  }

  /// Mixes toward white by `amount` (0 = unchanged, 1 = white).
  public func lightened(_ amount: Double) -> Color {
    Color(
      red: red + (1 - red) * amount, green: green + (1 - green) * amount,
      blue: blue + (1 - blue) * amount, alpha: alpha)
  }

  public static let black = Color(hex: 0x000000)
  public static let white = Color(hex: 0xFFFFFF)
  public static let text = Color(hex: 0x222222)
  public static let axis = Color(hex: 0x444444)
  public static let grid = Color(hex: 0xE3E3E3)
  public static let muted = Color(hex: 0x666666)
}

/// Paul Tol's "bright" qualitative scheme: distinct for colour-blind readers and in greyscale.
public enum Palette {
  public static let categorical: [Color] = [
    Color(hex: 0x4477AA), Color(hex: 0xEE6677), Color(hex: 0x228833), Color(hex: 0xCCBB44),
    Color(hex: 0x66CCEE), Color(hex: 0xAA3377), Color(hex: 0xBBBBBB),
  ]

  public static func color(_ index: Int) -> Color {
    categorical[((index % categorical.count) + categorical.count) % categorical.count]
  }
}

public enum LineDash: Sendable, Equatable {
  case solid
  case dashed
  case dotted
  case dashDot

  /// Dash lengths in points for a line of the given width.
  public func pattern(width: Double) -> [Double] {
    switch self {
    case .solid: return []
    case .dashed: return [3.7 * width, 1.6 * width]
    case .dotted: return [1 * width, 1.65 * width]
    case .dashDot: return [6.4 * width, 1.6 * width, 1 * width, 1.6 * width]
    }
  }
}

public struct StrokeStyle: Sendable, Equatable {
  public var color: Color
  public var width: Double
  public var dash: LineDash

  public init(color: Color, width: Double = 1, dash: LineDash = .solid) {
    self.color = color
    self.width = width
    self.dash = dash
  }
}

public enum FontWeight: Sendable, Equatable {
  case regular
  case bold
}

/// Which typeface a text style asks for; `.math` holds the glyphs of typeset formulas.
public enum FontFamily: Sendable, Equatable, Hashable {
  case sans
  case serif
  case math
}

public struct TextStyle: Sendable, Equatable {
  public var size: Double
  public var weight: FontWeight
  public var color: Color
  public var italic: Bool
  public var monospace: Bool
  /// The string carries inline markup (`<b>`, `<i>`, `<tt>`, escaped `&amp;` `&lt;` `&gt;`),
  /// as produced by the report's Markdown converter.
  public var markup: Bool
  /// Ignored when `monospace` is set.
  public var family: FontFamily

  public init(
    size: Double, weight: FontWeight = .regular, color: Color = .text, italic: Bool = false,
    monospace: Bool = false, markup: Bool = false, family: FontFamily = .sans
  ) {
    self.size = size
    self.weight = weight
    self.color = color
    self.italic = italic
    self.monospace = monospace
    self.markup = markup
    self.family = family
  }
}

/// Which point of a text's box sits at the given position.
public enum TextAnchor: Sendable, Equatable {
  case topLeft, top, topRight
  case left, center, right
  case bottomLeft, bottom, bottomRight

  /// Offset of the box's top-left corner from the anchor, for a box of `size`.
  public func origin(for size: Size) -> Point {
    let dx: Double
    let dy: Double
    switch self {
    case .topLeft, .left, .bottomLeft: dx = 0
    case .top, .center, .bottom: dx = -size.width / 2
    case .topRight, .right, .bottomRight: dx = -size.width
    }
    switch self {
    case .topLeft, .top, .topRight: dy = 0
    case .left, .center, .right: dy = -size.height / 2
    case .bottomLeft, .bottom, .bottomRight: dy = -size.height
    }
    return Point(dx, dy)
  }
}

@usableFromInline func _cosine(_ x: Double) -> Double { Double.cos(x) }
@usableFromInline func _sine(_ x: Double) -> Double { Double.sin(x) }

/// The font families a backend names for each kind of text.
public struct FontStacks: Sendable {
  public var sans: String
  public var serif: String
  public var mono: String
  public var math: String

  public init(sans: String, serif: String, mono: String, math: String) {
    self.sans = sans
    self.serif = serif
    self.mono = mono
    self.math = math
  }

  /// The family for `style`: monospace first, then the style's family.
  public func family(_ style: TextStyle) -> String {
    if style.monospace { return mono }
    switch style.family {
    case .sans: return sans
    case .serif: return serif
    case .math: return math
    }
  }
}
