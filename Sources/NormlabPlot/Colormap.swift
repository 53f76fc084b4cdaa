/// A continuous colour scale: evenly spaced sRGB control points, interpolated linearly.
///
/// viridis, magma and cividis are matplotlib's perceptually uniform maps (van der Walt & Smith
/// 2015; Nuñez, Anderton & Renslow 2018 for cividis), kept here as every 5th of their 256
/// published entries (52 evenly spaced stops), which linear interpolation reproduces to within
/// one 8-bit step. `rdBu` is ColorBrewer's 11-class diverging RdBu (Brewer 2003), as matplotlib builds it.
public struct Colormap: Sendable, Equatable, Hashable {
  public var name: String
  /// Control points from the low end (t = 0) to the high end (t = 1), as 0xRRGGBB.
  public var stops: [UInt32]
  /// Colour for NaN/undrawable values.
  public var badColor: Color

  public init(name: String, stops: [UInt32], badColor: Color = Color(hex: 0xFFFFFF, alpha: 0)) {
    self.name = name
    self.stops = stops.isEmpty ? [0x000000, 0xFFFFFF] : stops
    self.badColor = badColor
  }

  /// The colour at `t` in [0, 1] (clamped); NaN gives `badColor`.
  public func color(at t: Double) -> Color {
    guard t.isFinite else { return t.isNaN ? badColor : color(at: t > 0 ? 1 : 0) }
    let position = min(max(t, 0), 1) * Double(stops.count - 1)
    let index = min(Int(position.rounded(.down)), stops.count - 2)
    let fraction = position - Double(index)
    let a = Color(hex: stops[index])
    let b = Color(hex: stops[min(index + 1, stops.count - 1)])
    return Color(
      red: a.red + (b.red - a.red) * fraction, green: a.green + (b.green - a.green) * fraction,
      blue: a.blue + (b.blue - a.blue) * fraction)
  }

  /// The same map run from high to low (e.g. `rdBu.reversed()` puts blue at the low end).
  public func reversed() -> Colormap {
    Colormap(
      name: name.hasSuffix("_r") ? String(name.dropLast(2)) : name + "_r",
      stops: stops.reversed(), badColor: badColor)
  }

  public static let viridis = Colormap(name: "viridis", stops: ColormapTables.viridis)
  public static let magma = Colormap(name: "magma", stops: ColormapTables.magma)
  public static let cividis = Colormap(name: "cividis", stops: ColormapTables.cividis)
  /// Diverging red (low) – white – blue (high); centre it with a symmetric range.
  public static let rdBu = Colormap(name: "RdBu", stops: ColormapTables.rdBu)

  public static let all: [Colormap] = [.viridis, .magma, .cividis, .rdBu]

  /// Looks a map up by name (`viridis`, `magma`, `cividis`, `RdBu`, any with `_r`).
  public static func named(_ name: String) -> Colormap? {
    if name.hasSuffix("_r") { return named(String(name.dropLast(2)))?.reversed() }
    return all.first { $0.name.lowercased() == name.lowercased() }
  }
}
