/// Percentiles by linear interpolation between order statistics: numpy's default
/// `method='linear'` (Hyndman & Fan 1996, definition 7). The q-quantile of n sorted values
/// x₀ ≤ … ≤ xₙ₋₁ sits at rank h = (n − 1)q and is x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋), evaluated as numpy
/// does (from the nearer end), so results agree with `numpy.percentile` to the last bit.
///
/// This is normlab's one definition: charts, probes and seed summaries all call it.
public enum Percentile {
  /// The `p`-th percentile (0…100) of the finite values; non-finite values are ignored and `p` is
  /// clamped to 0…100. nil when no value is finite or `p` is NaN.
  public static func percentile(_ values: [Double], _ p: Double) -> Double? {
    guard !p.isNaN else { return nil }
    return quantile(values, p / 100)
  }

  /// The `q`-quantile (0…1) of the finite values; non-finite values are ignored and `q` is
  /// clamped to 0…1. nil when no value is finite or `q` is NaN.
  public static func quantile(_ values: [Double], _ q: Double) -> Double? {
    quantile(sorted: values.filter(\.isFinite).sorted(), q)
  }

  /// The median (50th percentile) of the finite values; nil when none is finite.
  public static func median(_ values: [Double]) -> Double? {
    quantile(values, 0.5)
  }

  /// The `q`-quantile (0…1, clamped) of values already sorted ascending; nil when empty or `q`
  /// is NaN. NaN must not occur in `sorted`; ±∞ may (they are used for "never reached"), and a
  /// quantile that interpolates towards +∞ is +∞.
  public static func quantile(sorted: [Double], _ q: Double) -> Double? {
    guard let first = sorted.first, !q.isNaN else { return nil }
    guard sorted.count > 1 else { return first }
    let q = min(max(q, 0), 1)
    let rank = Double(sorted.count - 1) * q
    let lowerIndex = min(Int(rank.rounded(.down)), sorted.count - 1)
    let upperIndex = min(lowerIndex + 1, sorted.count - 1)
    let fraction = rank - Double(lowerIndex)
    let a = sorted[lowerIndex]
    let b = sorted[upperIndex]
    if fraction == 0 || a == b { return a }
    if !a.isFinite || !b.isFinite {
      // Interpolating into an infinite end: the result is that end.
      return fraction < 1 && !a.isFinite ? a : b
    }
    // numpy's `_lerp`: a + t(b − a), or b − (1 − t)(b − a) for t ≥ ½ (exact at both ends).
    let difference = b - a
    return fraction >= 0.5 ? b - difference * (1 - fraction) : a + difference * fraction
  }
}
