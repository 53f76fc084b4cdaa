import RealModule

/// Axis scale: how data values map to positions.
public enum ScaleKind: String, Sendable, Equatable, Codable {
  case linear
  case log
  /// Linear within ±1, logarithmic beyond (matplotlib's `symlog` with linthresh 1).
  case symlog
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
    let values = linearTicks(lower: lower, upper: upper, bins: max(maxTicks - 1, 1))
    guard values.count >= 2 else {
      return niceStep(lower: lower, upper: upper, bins: max(maxTicks - 1, 1))
    }
    return values[1] - values[0]
  }

  /// The step matplotlib's MaxNLocator starts from for `bins` intervals: the smallest nice step
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

  /// Major tick values inside [lower, upper] for a linear axis with at most `bins` intervals,
  /// following matplotlib's `MaxNLocator(steps=[1, 2, 2.5, 5, 10])`: the smallest nice step that
  /// gives no more than `bins` intervals, or a smaller one when that leaves fewer than two ticks
  /// inside the range. Values are integer multiples of the step (plus an offset for ranges far
  /// from zero), so there is no accumulated float noise. A single value gives itself; a
  /// non-finite bound gives no ticks.
  public static func linearTicks(lower: Double, upper: Double, bins: Int) -> [Double] {
    guard lower.isFinite, upper.isFinite else { return [] }
    if upper <= lower { return upper == lower ? [lower] : [] }
    let bins = Double(max(bins, 1))
    let span = upper - lower
    // matplotlib's scale_range: ticks are placed relative to an offset when the range is tiny
    // compared with its distance from zero.
    let mean = (upper + lower) / 2
    var offset = 0.0
    if abs(mean) / span >= 100 {
      let magnitude = Double.pow(10, Double.log10(abs(mean)).rounded(.down))
      offset = mean < 0 ? -magnitude : magnitude
    }
    let scale = Double.pow(10, Double.log10(span / bins).rounded(.down))
    guard scale.isFinite, scale > 0 else { return [lower, upper] }
    let low = lower - offset
    let high = upper - offset
    let staircase: [Double] = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20]
    let raw = (high - low) / bins
    let first = staircase.firstIndex { $0 * scale >= raw * (1 - 1e-12) } ?? (staircase.count - 1)
    let tolerance = 1e-10 * span
    var best: [Double] = []
    for candidate in staircase[...first].reversed() {
      let step = candidate * scale
      // Lowest and highest multiples of the step inside the range, within a tolerance.
      var k0 = (low / step).rounded(.down)
      if k0 * step < low - tolerance { k0 += 1 }
      var k1 = (high / step).rounded(.down)
      if (k1 + 1) * step <= high + tolerance { k1 += 1 }
      if k1 * step > high + tolerance { k1 -= 1 }
      guard k1 - k0 < 1000 else { return [lower, upper] }
      let values =
        k1 >= k0 ? stride(from: k0, through: k1, by: 1).map { cleaned($0 * step + offset, step: step) } : []
      best = values
      if values.count >= 2 { break }
    }
    return best.isEmpty ? [lower, upper] : best
  }

  /// Major tick values for a linear axis with at most `maxTicks` ticks; never empty for a
  /// finite range.
  public static func linearTicks(lower: Double, upper: Double, maxTicks: Int = 7) -> [Double] {
    linearTicks(lower: lower, upper: upper, bins: max(maxTicks - 1, 1))
  }

  /// Ticks for a symmetric log axis: 0 and ±10ⁿ for every decade in range (thinned to about
  /// eight), with minor ticks at 2…9 × 10ⁿ where decades are not skipped.
  public static func symlogTicks(lower: Double, upper: Double) -> TickSet {
    guard lower.isFinite, upper.isFinite, upper > lower else { return TickSet(ticks: [], multiplierLabel: "") }
    let largest = max(abs(lower), abs(upper))
    let top = max(0, Int(Double.log10(max(largest, 1)).rounded(.up)))
    guard top < 400 else { return TickSet(ticks: [], multiplierLabel: "") }
    var majors: [Double] = []
    for exponent in 0...top {
      let decade = Double.pow(10, Double(exponent))
      majors += [-decade, decade]
    }
    majors.append(0)
    majors = majors.filter { $0 >= lower - 1e-9 * abs(lower) && $0 <= upper + 1e-9 * abs(upper) }.sorted()
    let stride = max(1, (majors.count + 8) / 9)
    let centre = majors.firstIndex(of: 0) ?? 0
    let shown = majors.enumerated().filter { abs($0.offset - centre) % stride == 0 }.map(\.element)
    var minors: [Double] = []
    if stride == 1 {
      for exponent in 0..<max(top, 1) {
        for m in 2...9 {
          let value = Double(m) * Double.pow(10, Double(exponent))
          for v in [value, -value] where v > lower && v < upper { minors.append(v) }
        }
      }
    }
    func label(_ v: Double) -> String {
      v == 0 ? "0" : (v < 0 ? "−" : "") + TickFormatter.powerOfTen(abs(v))
    }
    return TickSet(
      ticks: shown.map { Tick(value: $0, label: label($0), isMajor: true) }
        + minors.sorted().map { Tick(value: $0, label: "", isMajor: false) },
      multiplierLabel: "")
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
    case .symlog:
      return symlogTicks(lower: lower, upper: upper)
    case .log:
      guard lower > 0, upper > 0, lower.isFinite, upper.isFinite else {
        return TickSet(ticks: [], multiplierLabel: "")
      }
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

/// Formats tick values like matplotlib's ScalarFormatter: every label with the same number of
/// decimals, exactly as many as the values need (so 0.30000000000000004 never appears); an offset
/// shown once ("+1×10⁶") when the values share four or more leading digits; a shared ×10ⁿ factor
/// when the largest magnitude is below 10⁻⁴ or at least 10⁶ (matplotlib's power limits −5, 6).
public enum TickFormatter {
  public static func labels(for values: [Double]) -> (labels: [String], multiplier: String) {
    let finite = values.filter { $0.isFinite }
    guard !finite.isEmpty else { return (values.map { _ in "" }, "") }
    let offset = offset(for: finite)
    let shifted = finite.map { $0 - offset }
    let largest = shifted.map { abs($0) }.max() ?? 0
    var exponent = 0
    if largest > 0 {
      let magnitude = Int(Double.log10(largest).rounded(.down))
      if magnitude <= -5 || magnitude >= 6 { exponent = magnitude }
    }
    let factor = Double.pow(10, Double(exponent))
    let decimals = shifted.map { decimalsNeeded(for: abs($0 / factor)) }.max() ?? 0
    let labels = values.map { $0.isFinite ? format(($0 - offset) / factor, decimals: decimals) : "" }
    var multiplier = exponent == 0 ? "" : "×10" + superscript(exponent)
    if offset != 0 {
      let text = compact(abs(offset), significant: 12)
      multiplier += (multiplier.isEmpty ? "" : " ") + (offset < 0 ? "−" : "+") + text
    }
    return (labels, multiplier)
  }

  /// matplotlib's offset rule (`ScalarFormatter._compute_offset`, threshold 4): when all values
  /// share the same sign and at least four leading digits, those digits become the offset.
  public static func offset(for values: [Double]) -> Double {
    guard let low = values.min(), let high = values.max(), low != high, !(low <= 0 && 0 <= high)
    else { return 0 }
    let absMin = min(abs(low), abs(high))
    let absMax = max(abs(low), abs(high))
    let sign: Double = low < 0 ? -1 : 1
    var oom = Double.log10(absMax).rounded(.up)
    // Find the highest power of ten at which the two ends differ.
    var candidate = oom
    while candidate > oom - 330 {
      let p = Double.pow(10, candidate)
      if (absMin / p).rounded(.down) != (absMax / p).rounded(.down) { break }
      candidate -= 1
    }
    oom = candidate + 1
    if (absMax - absMin) / Double.pow(10, oom) <= 1e-2 {
      var c = Double.log10(absMax).rounded(.up)
      while c > -330, absMax - absMin < Double.pow(10, c) { c -= 1 }
      oom = c + 1
    }
    let leading = (absMax / Double.pow(10, oom)).rounded(.down)
    return leading >= 1000 ? sign * leading * Double.pow(10, oom) : 0
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

  /// Labels for arbitrary values sharing one axis or colour bar, all in one notation: plain
  /// numbers when every value reads well that way, else m×10ⁿ for all (exact decades as 10ⁿ),
  /// so "10000" never stands next to "1×10⁵".
  public static func consistent(_ values: [Double], significant: Int = 3) -> [String] {
    let magnitudes = values.filter { $0.isFinite && $0 != 0 }.map { abs($0) }
    let plain = magnitudes.allSatisfy { $0 >= 1e-3 && $0 < 1e5 }
    return values.map { value in
      guard value.isFinite, value != 0 else { return compact(value, significant: significant) }
      if plain { return compact(value, significant: significant) }
      let exponent = Double.log10(abs(value))
      if abs(exponent - exponent.rounded()) < 1e-9 {
        // 10⁰ and 10¹ too, so every label of the scale has the same form.
        return (value < 0 ? "−" : "") + "10" + superscript(Int(exponent.rounded()))
      }
      return scientific(value, significant: significant)
    }
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
