/// How many seeds a claim needs: the power of the one-sided t test, i.e. the chance that it
/// supports a claim that is true with a given effect size.
///
/// The power P(T′ > t_α,ν) of the noncentral t statistic T′ (noncentrality δ) uses the normal
/// approximation of Abramowitz & Stegun 26.7.10,
/// power ≈ Φ((δ − t_α,ν (1 − 1/(4ν))) / √(1 + t²_α,ν/(2ν))), with δ = d_z√n, ν = n − 1 (paired) or
/// δ = d√(n/2), ν = 2n − 2 (independent, n per variant). Against the exact noncentral t it gives
/// the same seed count or one more (never fewer) for effect sizes 0.2–5 and α 0.001–0.1.
extension Claim {
  /// Approximate power of the one-sided test with `seeds` per variant (pairs when paired) for an
  /// effect size (Cohen's d_z when paired, d when independent); nil for invalid arguments.
  public static func power(
    effectSize: Double, seeds: Int, confidence: Double = 0.95, design: SeedDesign = .paired
  ) -> Double? {
    guard effectSize.isFinite, seeds >= 2, confidence > 0, confidence < 1 else { return nil }
    let n = Double(seeds)
    let (delta, nu) =
      design == .paired
      ? (abs(effectSize) * n.squareRoot(), n - 1)
      : (abs(effectSize) * (n / 2).squareRoot(), 2 * n - 2)
    let critical = StudentT(_unchecked: nu).inverseSurvival(1 - confidence)
    return NormalDistribution.cdf(
      (delta - critical * (1 - 1 / (4 * nu))) / (1 + critical * critical / (2 * nu)).squareRoot())
  }

  /// The fewest seeds per variant that give the claim at least `power` (e.g. 0.8) for an effect
  /// of this size, and never fewer than `minimumSeeds` (the underpowered rule). nil for an effect
  /// size of 0 or invalid arguments, or when more than 100 000 seeds would be needed.
  public static func seedsNeeded(
    effectSize: Double, confidence: Double = 0.95, power target: Double = 0.8,
    design: SeedDesign = .paired
  ) -> Int? {
    guard effectSize.isFinite, effectSize != 0, target > 0, target < 1,
      let minimum = minimumSeeds(confidence: confidence, design: design)
    else { return nil }
    // Power grows with n: double to bracket, then bisect.
    func enough(_ n: Int) -> Bool {
      (power(effectSize: effectSize, seeds: n, confidence: confidence, design: design) ?? 0)
        >= target
    }
    var high = max(minimum, 2)
    while !enough(high) {
      if high > 100_000 { return nil }
      high *= 2
    }
    var low = max(minimum, 2) - 1
    while high - low > 1 {
      let mid = (low + high) / 2
      if mid >= max(minimum, 2) && enough(mid) { high = mid } else { low = mid }
    }
    return high
  }

  /// The smallest effect size (d_z paired, d independent) the one-sided test detects with
  /// probability `power` using `seeds` per variant; nil for invalid arguments or fewer seeds
  /// than `minimumSeeds` (no effect is then detectable at this confidence).
  public static func detectableEffect(
    seeds: Int, confidence: Double = 0.95, power target: Double = 0.8,
    design: SeedDesign = .paired
  ) -> Double? {
    guard target > 0, target < 1,
      let minimum = minimumSeeds(confidence: confidence, design: design),
      seeds >= minimum
    else { return nil }
    var low = 0.0
    var high = 1.0
    func enough(_ d: Double) -> Bool {
      (power(effectSize: d, seeds: seeds, confidence: confidence, design: design) ?? 0) >= target
    }
    while !enough(high) {
      high *= 2
      if high > 1e6 { return nil }
    }
    for _ in 0..<100 {
      let mid = 0.5 * (low + high)
      if enough(mid) { high = mid } else { low = mid }
      if high - low <= 1e-12 * high { break }
    }
    return high
  }
}
