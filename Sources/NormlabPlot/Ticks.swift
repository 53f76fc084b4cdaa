import RealModule

/// Axis scale: how data values map to positions.
public enum ScaleKind: String, Sendable, Equatable, Codable {
  case linear
  case log
}

/// One tick: its value and label (empty for minor ticks).
public struct Tick: Sendable, Equatable {
  public var value: Double
  public var label: String
  public var isMajor: Bool
}

/// Tick positions and labels for an axis, plus an offset/scientific factor shown once at the
/// axis end (matplotlib's offset text) when labels would otherwise be long.
public struct TickSet: Sendable, Equatable {
  public var ticks: [Tick]
  /// e.g. "×10⁻⁴"; empty when not needed.
  public var multiplierLabel: String
}

/// "Nice number" tick placement like matplotlib's MaxNLocator: steps of 1, 2, 2.5, 5 times a
/// power of ten, at most `maxTicks` ticks inside [lower, upper].
public enum TickLocator {
  public static let niceSteps: [Double] = [1, 2, 2.5, 5, 10]

  /// The tick step for a range, chosen so that at most `maxTicks` ticks fall inside it.
  public static func step(lower: Double, upper: Double, maxTicks: Int) -> Double {
    let span = upper - lower
    guard span.isFinite, span > 0 else { return 1 }
    let bins = Double(max(maxTicks - 1, 1))
    let raw = span / bins
    let magnitude = Double.pow(10, (Double.log10(raw)).rounded(.down))
    for candidate in niceSteps {
      let step = candidate * magnitude
      let first = (lower / step - 1e-9).rounded(.up)
      let last = (upper / step + 1e-9).rounded(.down)
      if last - first + 1 <= Double(maxTicks) { return step }
    }
    return 10 * magnitude
  }

  /// The step matplotlib's MaxNLocator picks for `bins` intervals: the smallest nice step
  /// (1, 2, 2.5, 5, 10 × 10ⁿ) at least (upper − lower) / bins.
  public static func niceStep(lower: Double, upper: Double, bins: Int) -> Double {
    let span = upper - lower
    guard span.isFinite, span > 0 else { return 1 }
    let raw = span / Double(max(bins, 1))
    let magnitude = Double.pow(10, Double.log10(raw).rounded(.down))
    for candidate in niceSteps where candidate * magnitude >= raw * (1 - 1e-12) {
      return candidate * magnitude
    }
    return 10 * magnitude
  }

  /// `value` rounded to the decimals `step` needs, so 3 × 0.1 is 0.3 and not 0.30000000000000004.
  public static func cleaned(_ value: Double, step: Double) -> Double {
    let decimals = TickFormatter.decimalsNeeded(for: abs(step))
    guard decimals > 0, decimals < 16 else { return value }
    let power = Double.pow(10, Double(decimals))
    let rounded = (value * power).rounded() / power
    return rounded.isFinite ? rounded : value
  }

  /// Major tick values for a linear axis; never empty for a finite range.
  public static func linearTicks(lower: Double, upper: Double, maxTicks: Int = 7) -> [Double] {
    guard lower.isFinite, upper.isFinite else { return [] }
    if upper <= lower { return [lower] }
    let step = step(lower: lower, upper: upper, maxTicks: maxTicks)
    let first = Int64((lower / step - 1e-9).rounded(.up))
    let last = Int64((upper / step + 1e-9).rounded(.down))
    guard last >= first, last - first < 1000 else { return [lower, upper] }
    // Multiplying an integer index by the step avoids accumulating 0.1 + 0.2 style error.
    return (first...last).map { Double($0) * step }
  }

  /// Major ticks at decades and minor ticks at 2..9 times each decade for a log axis.
  public static func logTicks(lower: Double, upper: Double) -> (major: [Double], minor: [Double]) {
    guard lower > 0, upper > lower, lower.isFinite, upper.isFinite else { return ([], []) }
    let lowExponent = Int((Double.log10(lower) + 1e-9).rounded(.down))
    let highExponent = Int((Double.log10(upper) - 1e-9).rounded(.up))
    guard highExponent - lowExponent < 400 else { return ([], []) }
    let decadeStride = max(1, (highExponent - lowExponent + 7) / 8)
    var major: [Double] = []
    var minor: [Double] = []
    for exponent in lowExponent...highExponent {
      let decade = Double.pow(10, Double(exponent))
      if decade >= lower * (1 - 1e-9), decade <= upper * (1 + 1e-9),
        (exponent - lowExponent) % decadeStride == 0
      {
        major.append(decade)
      }
      if decadeStride == 1 {
        for m in 2...9 {
          let value = Double(m) * decade
          if value > lower, value < upper { minor.append(value) }
        }
      }
    }
    return (major, minor)
  }

  /// Ticks with labels for an axis over [lower, upper].
  public static func ticks(lower: Double, upper: Double, scale: ScaleKind, maxTicks: Int = 7)
    -> TickSet
  {
    switch scale {
    case .linear:
      let values = linearTicks(lower: lower, upper: upper, maxTicks: maxTicks)
      let formatted = TickFormatter.labels(for: values)
      return TickSet(
        ticks: zip(values, formatted.labels).map { Tick(value: $0, label: $1, isMajor: true) },
        multiplierLabel: formatted.multiplier)
    case .log:
      let (major, minor) = logTicks(lower: lower, upper: upper)
      if major.count >= 2 {
        let majorTicks = major.map {
          Tick(value: $0, label: TickFormatter.powerOfTen($0), isMajor: true)
        }
        let minorTicks = minor.map { Tick(value: $0, label: "", isMajor: false) }
        return TickSet(ticks: majorTicks + minorTicks, multiplierLabel: "")
      }
      // Less than a decade or two: label 1-2-5 multiples so the axis is still readable.
      var values: [Double] = []
      let lowExponent = Int(Double.log10(max(lower, .leastNormalMagnitude)).rounded(.down))
      for exponent in (lowExponent - 1)...(lowExponent + 2) {
        for m in [1.0, 2, 5] {
          let v = m * Double.pow(10, Double(exponent))
          if v >= lower * (1 - 1e-9), v <= upper * (1 + 1e-9) { values.append(v) }
        }
      }
      if values.count < 2 { values = linearTicks(lower: lower, upper: upper, maxTicks: 4) }
      let labels = TickFormatter.labels(for: values)
      return TickSet(
        ticks: zip(values, labels.labels).map { Tick(value: $0, label: $1, isMajor: true) }
          + minor.filter { !values.contains($0) }.map { Tick(value: $0, label: "", isMajor: false) },
        multiplierLabel: labels.multiplier)
    }
  }
}

/// Formats tick values with exactly as many decimals as the step needs, so 0.30000000000000004
/// never appears; switches to a shared ×10ⁿ factor for very large or small values.
public enum TickFormatter {
  public static func labels(for values: [Double]) -> (labels: [String], multiplier: String) {
    let finite = values.filter { $0.isFinite }
    guard let largest = finite.map({ abs($0) }).max() else {
      return (values.map { _ in "" }, "")
    }
    let step = zip(finite.dropFirst(), finite).map { $0 - $1 }.min() ?? largest
    var exponent = 0
    if largest >= 1e5 || (largest > 0 && largest < 1e-3) {
      exponent = Int((Double.log10(largest)).rounded(.down))
    }
    let factor = Double.pow(10, Double(exponent))
    let scaledStep = step > 0 ? step / factor : 1
    let decimals = decimalsNeeded(for: scaledStep)
    let labels = values.map { format($0 / factor, decimals: decimals) }
    return (labels, exponent == 0 ? "" : "×10" + superscript(exponent))
  }

  /// Decimal places needed to show multiples of `step` exactly (2.5 × 10⁻¹ needs 2).
  public static func decimalsNeeded(for step: Double) -> Int {
    guard step.isFinite, step > 0 else { return 0 }
    for decimals in 0...12 {
      let scaled = step * Double.pow(10, Double(decimals))
      if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { return decimals }
    }
    return 12
  }

  /// Fixed-point formatting without Foundation; "-0" becomes "0".
  public static func format(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "∞" : "−∞") }
    let power = Double.pow(10, Double(decimals))
    let scaled = (abs(value) * power).rounded()
    guard scaled < 9e15 else { return scientific(value) }
    let integer = UInt64(scaled)
    var digits = String(integer)
    if decimals > 0 {
      while digits.count <= decimals { digits = "0" + digits }
      let split = digits.index(digits.endIndex, offsetBy: -decimals)
      digits = digits[..<split] + "." + digits[split...]
    }
    let isZero = integer == 0
    return (value < 0 && !isZero ? "−" : "") + digits
  }

  /// Shortest readable form of an arbitrary value (for legends and tables): up to 4
  /// significant digits, scientific outside [1e-3, 1e5).
  public static func compact(_ value: Double, significant: Int = 4) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "∞" : "−∞") }
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e5 || magnitude < 1e-3 { return scientific(value, significant: significant) }
    let exponent = Int((Double.log10(magnitude)).rounded(.down))
    let decimals = max(0, significant - 1 - exponent)
    var text = format(value, decimals: decimals)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }

  public static func scientific(_ value: Double, significant: Int = 3) -> String {
    guard value != 0, value.isFinite else { return compact(value) }
    var exponent = Int(Double.log10(abs(value)).rounded(.down))
    var mantissa = value / Double.pow(10, Double(exponent))
    let rounding = Double.pow(10, Double(significant - 1))
    mantissa = (mantissa * rounding).rounded() / rounding
    if abs(mantissa) >= 10 {
      mantissa /= 10
      exponent += 1
    }
    var text = format(mantissa, decimals: significant - 1)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text + "×10" + superscript(exponent)
  }

  /// "10³", "10⁻²", and "1" for 10⁰.
  public static func powerOfTen(_ value: Double) -> String {
    let exponent = Int(Double.log10(value).rounded())
    if exponent == 0 { return "1" }
    if exponent == 1 { return "10" }
    return "10" + superscript(exponent)
  }

  public static func superscript(_ n: Int) -> String {
    let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    let body = String(String(abs(n)).compactMap { c in c.wholeNumberValue.map { digits[$0] } })
    return (n < 0 ? "⁻" : "") + body
  }
}
