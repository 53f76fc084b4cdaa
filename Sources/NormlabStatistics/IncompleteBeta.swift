/// The regularized incomplete beta function Iₓ(a, b) = Bₓ(a, b) / B(a, b) and its complement.
///
/// Evaluated by the continued fraction of Abramowitz & Stegun 26.5.8,
/// Iₓ(a, b) = xᵃ yᵇ / (a B(a, b)) · 1/(1 + d₁/(1 + d₂/(1 + ⋯))) with y = 1 − x, using the modified
/// Lentz algorithm (Lentz 1976; Thompson & Barnett 1986; Numerical Recipes §6.4). The fraction
/// converges quickly for x < (a + 1)/(a + b + 2); above that point the symmetry
/// Iₓ(a, b) = 1 − I_y(b, a) is used, so the smaller of the two tails is always the one computed
/// directly and keeps full relative accuracy. The prefactor is formed in logarithms, so tails far
/// below the smallest normal Double are still right when they matter (quantile searches).
enum _IncompleteBeta {
  /// Iₓ(a, b) and 1 − Iₓ(a, b). `x` and `y = 1 − x` are both passed (with their logarithms) so the
  /// caller can form whichever is small without cancellation.
  static func regularized(
    a: Double, b: Double, x: Double, y: Double, logX: Double, logY: Double
  ) -> (lower: Double, upper: Double) {
    let logLower = logRegularized(a: a, b: b, x: x, y: y, logX: logX, logY: logY)
    if logLower.isLowerTail {
      let value = _exp(logLower.log)
      return (value, 1 - value)
    }
    let value = _exp(logLower.log)
    return (1 - value, value)
  }

  /// The logarithm of the smaller-side tail, and which tail it is: `isLowerTail` means the value is
  /// log Iₓ(a, b), otherwise log(1 − Iₓ(a, b)).
  static func logRegularized(
    a: Double, b: Double, x: Double, y: Double, logX: Double, logY: Double
  ) -> (log: Double, isLowerTail: Bool) {
    // x itself may underflow to 0 while log x is still finite; the logarithms decide.
    if logX == -.infinity || x < 0 { return (-.infinity, true) }
    if logY == -.infinity || y < 0 { return (-.infinity, false) }
    let logFront = a * logX + b * logY - _LogGamma.logBeta(a, b)
    if x < (a + 1) / (a + b + 2) {
      return (logFront + _log(continuedFraction(a: a, b: b, x: x) / a), true)
    }
    return (logFront + _log(continuedFraction(a: b, b: a, x: y) / b), false)
  }

  /// The continued fraction 1/(1 + d₁/(1 + d₂/(1 + ⋯))) of A&S 26.5.8 by modified Lentz, with
  /// d₂ₘ₊₁ = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) and
  /// d₂ₘ = m (b − m) x / ((a + 2m − 1)(a + 2m)).
  static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
    let tiny = 1e-300
    let epsilon = 1e-16
    // Iterations grow like sqrt(max(a, b)) near the switch point; the cap only guards against
    // non-convergence and is far above what any df up to 1e14 needs.
    let maximumIterations = 1000 + Int(min(20 * max(a, b).squareRoot(), 5e7))
    let sum = a + b
    var c = 1.0
    var d = 1 - sum * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    var m = 1
    while m <= maximumIterations {
      let mm = Double(m)
      let m2 = 2 * mm
      var coefficient = mm * (b - mm) * x / ((a - 1 + m2) * (a + m2))
      d = 1 + coefficient * d
      if abs(d) < tiny { d = tiny }
      c = 1 + coefficient / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      coefficient = -(a + mm) * (sum + mm) * x / ((a + m2) * (a + 1 + m2))
      d = 1 + coefficient * d
      if abs(d) < tiny { d = tiny }
      c = 1 + coefficient / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < epsilon { break }
      m += 1
    }
    return h
  }
}
