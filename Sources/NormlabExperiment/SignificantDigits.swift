import RealModule

/// Rounding to significant digits: sampled sweep values and computed loss surfaces keep seven,
/// enough for any chart and short in metrics.json. One definition for every caller.
public enum SignificantDigits {
  /// `value` rounded to `digits` significant digits; zero, NaN and infinities pass unchanged,
  /// as does a value whose rounding would overflow.
  public static func round(_ value: Double, digits: Int = 7) -> Double {
    guard value != 0, value.isFinite else { return value }
    let exponent = Double.log10(abs(value)).rounded(.down)
    let factor = Double.pow(10, Double(digits - 1) - exponent)
    let rounded = (value * factor).rounded() / factor
    return rounded.isFinite ? rounded : value
  }
}
