import RealModule

/// Maps data values on one axis to device positions, linearly or logarithmically.
public struct AxisTransform: Sendable, Equatable {
  public var lower: Double
  public var upper: Double
  public var scale: ScaleKind
  public var deviceStart: Double
  public var deviceEnd: Double

  public init(lower: Double, upper: Double, scale: ScaleKind, deviceStart: Double, deviceEnd: Double) {
    self.lower = lower
    self.upper = upper
    self.scale = scale
    self.deviceStart = deviceStart
    self.deviceEnd = deviceEnd
  }

  /// Device position of `value`; nil for values the scale cannot show (non-finite, or ≤ 0 on log).
  public func callAsFunction(_ value: Double) -> Double? {
    guard value.isFinite else { return nil }
    let t: Double
    switch scale {
    case .linear:
      t = (value - lower) / (upper - lower)
    case .log:
      guard value > 0 else { return nil }
      let low = Double.log10(lower)
      t = (Double.log10(value) - low) / (Double.log10(upper) - low)
    case .symlog:
      let low = SymmetricLog.forward(lower)
      t = (SymmetricLog.forward(value) - low) / (SymmetricLog.forward(upper) - low)
    }
    return deviceStart + t * (deviceEnd - deviceStart)
  }
}

/// Data → device mapping of one panel.
public struct DataTransform: Sendable, Equatable {
  public var x: AxisTransform
  public var y: AxisTransform

  public init(x: AxisTransform, y: AxisTransform) {
    self.x = x
    self.y = y
  }

  /// The transform of `axes` drawn in `plot`: x left to right, y bottom to top.
  init(_ axes: Axes, x xRange: ClosedRange<Double>, y yRange: ClosedRange<Double>, plot: Rect) {
    self.init(
      x: AxisTransform(
        lower: xRange.lowerBound, upper: xRange.upperBound, scale: axes.xScale,
        deviceStart: plot.minX, deviceEnd: plot.maxX),
      y: AxisTransform(
        lower: yRange.lowerBound, upper: yRange.upperBound, scale: axes.yScale,
        deviceStart: plot.maxY, deviceEnd: plot.minY))
  }

  public func callAsFunction(_ px: Double, _ py: Double) -> Point? {
    guard let dx = x(px), let dy = y(py) else { return nil }
    return Point(dx, dy)
  }
}

/// Autoscaled limits of data values on one axis.
enum Autoscale {
  static func limits(_ values: [Double], scale: ScaleKind, margin: Double) -> ClosedRange<Double> {
    // Beyond ±1e300 a padded span would overflow to infinity; such values are not drawable.
    let usable = values.filter { $0.isFinite && abs($0) < 1e300 && (scale != .log || $0 > 0) }
    guard var low = usable.min(), var high = usable.max() else {
      return scale == .log ? 0.1...10 : 0...1
    }
    switch scale {
    case .linear:
      if high == low {
        let pad = low == 0 ? 1 : abs(low) * 0.1
        return (low - pad)...(high + pad)
      }
      let pad = (high - low) * margin
      low -= pad
      high += pad
      return low...high
    case .log:
      if high == low { return (low / 2)...(high * 2) }
      let logLow = Double.log10(low)
      let logHigh = Double.log10(high)
      let pad = (logHigh - logLow) * margin
      return Double.pow(10, logLow - pad)...Double.pow(10, logHigh + pad)
    case .symlog:
      if high == low { return (low - 1)...(high + 1) }
      let a = SymmetricLog.forward(low)
      let b = SymmetricLog.forward(high)
      let pad = (b - a) * margin
      return SymmetricLog.inverse(a - pad)...SymmetricLog.inverse(b + pad)
    }
  }
}

/// matplotlib's symmetric log scale with linear threshold 1, base 10 and linscale 1: linear on
/// [−1, 1], logarithmic beyond, continuous at ±1. Shows values of both signs spanning many
/// decades, e.g. gradients or weight updates.
public enum SymmetricLog {
  /// linscale / (1 − 1/base): the width of the linear part in decades.
  static let linearWidth = 1 / (1 - 0.1)

  public static func forward(_ v: Double) -> Double {
    let magnitude = abs(v)
    if magnitude <= 1 { return v * linearWidth }
    return (v < 0 ? -1 : 1) * (linearWidth + Double.log10(magnitude))
  }

  public static func inverse(_ u: Double) -> Double {
    let magnitude = abs(u)
    if magnitude <= linearWidth { return u / linearWidth }
    return (u < 0 ? -1 : 1) * Double.pow(10, magnitude - linearWidth)
  }
}
