/// The standard normal distribution N(0, 1).
///
/// The CDF is Φ(x) = ½ erfc(−x/√2) (the C library's `erfc`, accurate to a few ulps in both
/// tails). The quantile starts from Abramowitz & Stegun 26.2.23 (absolute error < 4.5e-4) and is
/// refined by Halley's method on the upper tail, as in Acklam's refinement step; three steps reach
/// full double precision for every probability down to the smallest subnormal.
public enum NormalDistribution {
  static let inverseSqrtTwo = 0.707_106_781_186_547_524_40
  static let halfLogTwoPi = 0.918_938_533_204_672_741_78

  /// The density φ(x) = exp(−x²/2)/√(2π).
  public static func density(_ x: Double) -> Double {
    _exp(-0.5 * x * x - halfLogTwoPi)
  }

  /// Φ(x) = P(Z ≤ x); NaN for NaN.
  public static func cdf(_ x: Double) -> Double {
    0.5 * _erfc(-x * inverseSqrtTwo)
  }

  /// 1 − Φ(x) = P(Z > x), computed directly so the upper tail keeps its relative accuracy.
  public static func survival(_ x: Double) -> Double {
    0.5 * _erfc(x * inverseSqrtTwo)
  }

  /// Φ⁻¹(p): the x with P(Z ≤ x) = p. −∞ at 0, +∞ at 1, NaN outside [0, 1].
  public static func quantile(_ p: Double) -> Double {
    -inverseSurvival(p)
  }

  /// The x with P(Z > x) = q (SciPy's `isf`). Use it for critical values such as z₀.₉₇₅ =
  /// inverseSurvival(0.025): passing the small tail keeps its precision.
  public static func inverseSurvival(_ q: Double) -> Double {
    SymmetricTail.inverseSurvival(q, upperPoint: upperPoint)
  }

  /// The z ≥ 0 with P(Z > z) = q, for 0 < q < 0.5.
  static func upperPoint(_ q: Double) -> Double {
    // Abramowitz & Stegun 26.2.23.
    let t = (-2 * _log(q)).squareRoot()
    var z =
      t - (2.515_517 + t * (0.802_853 + t * 0.010_328))
      / (1 + t * (1.432_788 + t * (0.189_269 + t * 0.001_308)))
    let logQ = _log(q)
    for _ in 0..<4 {
      // Halley's step for S(z) = q with S' = −φ, S'' = zφ:
      // u = (S(z) − q)/φ(z), z ← z + u/(1 − z u/2). The ratio is formed as
      // (S/q − 1)·exp(log q − log φ) so nothing overflows in the far tail.
      let s = survival(z)
      let logDensity = -0.5 * z * z - halfLogTwoPi
      let u = (s / q - 1) * _exp(logQ - logDensity)
      let step = u / (1 - 0.5 * z * u)
      guard step.isFinite else { break }
      z += step
      if abs(step) <= 1e-16 * abs(z) { break }
    }
    return z
  }
}
