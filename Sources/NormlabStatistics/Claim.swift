/// The relation an `expect:` clause asserts between two variants' metric.
public enum Relation: String, Sendable, Hashable, CaseIterable {
  case greater = ">"
  case greaterOrEqual = ">="
  case less = "<"
  case lessOrEqual = "<="

  /// The one-sided alternative that supports the relation.
  public var alternative: Alternative {
    switch self {
    case .greater, .greaterOrEqual: return .greater
    case .less, .lessOrEqual: return .less
    }
  }

  /// Whether an exactly known difference Δ satisfies the relation.
  func holds(exactly difference: Double) -> Bool {
    switch self {
    case .greater: return difference > 0
    case .greaterOrEqual: return difference >= 0
    case .less: return difference < 0
    case .lessOrEqual: return difference <= 0
    }
  }
}

/// How the seeds of the two variants relate.
public enum SeedDesign: String, Sendable, Hashable {
  /// Both variants ran the same seeds, index i of each side being the same seed (normlab's
  /// default): the paired t test.
  case paired
  /// Unrelated seeds, or different numbers of them: Welch's t test.
  case independent
}

/// A claim `left RELATION scale · right + offset` about a metric over seeds, at a confidence
/// level, e.g. `bn.test_accuracy > no-bn.test_accuracy (confidence 0.95)` or
/// `bn.steps < 0.5 * no-bn.steps`.
///
/// `>` and `>=` are tested alike, by a one-sided test of Δ = left − scale·right − offset > 0 (a
/// test cannot tell "greater" from "greater or equal" when results vary); they differ only when
/// the difference is exactly constant over seeds, where Δ = 0 satisfies `>=` but not `>`. To claim
/// "not worse than b by more than 0.01" (non-inferiority) write `a >= b - 0.01`: the offset is
/// the margin.
public struct Claim: Sendable, Hashable {
  public var relation: Relation
  /// The confidence level c; the claim is supported when the one-sided p-value is below
  /// α = 1 − c.
  public var confidence: Double
  public var design: SeedDesign
  /// Multiplies the right side; 0 compares the left variant with `offset` alone (a one-sample
  /// test; the right samples are then ignored).
  public var scale: Double
  public var offset: Double

  public init(
    _ relation: Relation, confidence: Double = 0.95, design: SeedDesign = .paired,
    scale: Double = 1, offset: Double = 0
  ) {
    self.relation = relation
    self.confidence = confidence
    self.design = design
    self.scale = scale
    self.offset = offset
  }

  /// α = 1 − confidence.
  public var alpha: Double { 1 - confidence }
}

/// Whether the seeds support a claim.
public enum ClaimOutcome: Sendable, Hashable {
  /// The one-sided p-value is below α (or the difference is exactly constant over enough seeds
  /// and satisfies the relation).
  case supported
  /// The data do not show the claim at this confidence. This is not evidence for the opposite.
  case notSupported
  /// Too few seeds for this confidence: no outcome of these runs could have supported the claim
  /// without resting on the normality assumption alone. Add seeds (see the reason).
  case underpowered(UnderpoweredReason)
}

/// Why a claim cannot be decided with these seeds.
public enum UnderpoweredReason: Sendable, Hashable, CustomStringConvertible {
  /// Fewer than two finite values on a side (or fewer than two complete pairs): no spread, so no
  /// test. `needed` is the number of seeds per variant this confidence requires.
  case tooFewSeeds(left: Int, right: Int, needed: Int)
  /// Even if every seed agreed, a distribution-free test of this design could not give a
  /// p-value below α: the smallest attainable one-sided p is `smallestP`. `needed` seeds per
  /// variant would be enough.
  case confidenceUnattainable(smallestP: Double, alpha: Double, needed: Int)

  public var description: String {
    switch self {
    case .tooFewSeeds(let left, let right, let needed):
      return "too few seeds to test (\(left) and \(right) usable); \(needed) per variant needed"
    case .confidenceUnattainable(let smallestP, let alpha, let needed):
      return "even if every seed agreed, the smallest attainable p-value is "
        + "\(Self.readable(smallestP)), not below \(Self.readable(alpha)); "
        + "\(needed) seeds per variant needed"
    }
  }

  /// x rounded to 10 significant digits, so 1 − 0.95 reads 0.05, not 0.050000000000000044.
  static func readable(_ x: Double) -> Double {
    guard x.isFinite, x != 0 else { return x }
    let scale = _pow(10, 9 - (_log(abs(x)) / _log(10)).rounded(.down))
    guard scale.isFinite, scale > 0 else { return x }
    return (x * scale).rounded() / scale
  }
}

/// The decision on a claim and the numbers behind it.
public struct ClaimDecision: Sendable, Hashable {
  public let claim: Claim
  public let outcome: ClaimOutcome
  /// The one-sided test in the claim's direction (paired or Welch); nil when a side has fewer
  /// than two usable seeds. Its `pValue`, `effectSize`, `confidenceInterval` (one-sided, matches
  /// the decision) and `twoSidedInterval` (for tables) are the numbers to report.
  public let test: TTestResult?
  /// The smallest one-sided p-value a distribution-free test of this design and these counts
  /// can give (see `Claim.smallestAttainablePValue`); nil when a side has fewer than two seeds.
  public let smallestAttainableP: Double?
  /// True when every paired difference (or every value of each side) was identical, so the
  /// outcome was decided from the exact difference rather than a p-value.
  public let decidedExactly: Bool
  /// Usable seeds on each side (pairs count on both sides for a paired claim).
  public let leftCount: Int
  public let rightCount: Int
}

extension Claim {
  /// Decides the claim from the metric's values per seed.
  ///
  /// 1. Non-finite values are left out (paired: the whole pair).
  /// 2. Fewer than two usable seeds per side (or pairs) → `.underpowered(.tooFewSeeds)`.
  /// 3. The one-sided t test of Δ in the relation's direction is run: paired t on
  ///    dᵢ = leftᵢ − scale·rightᵢ − offset, or Welch's t on left against scale·right + offset.
  /// 4. If the smallest attainable p-value for this design and these counts is not below α →
  ///    `.underpowered(.confidenceUnattainable)` (the test's numbers are still returned).
  /// 5. If the spread is exactly zero, the exact Δ decides; otherwise `.supported` iff p < α.
  ///
  /// Throws `.invalidConfidence` unless 0 < confidence < 1, `.invalidArgument` for a non-finite
  /// scale or offset, `.lengthMismatch` for paired samples of different lengths.
  public func evaluate(left: [Double], right: [Double]) throws(StatisticsError) -> ClaimDecision {
    try StatisticsError.check(confidence: confidence)
    guard scale.isFinite, offset.isFinite else {
      throw .invalidArgument("a claim's scale and offset must be finite (\(scale), \(offset))")
    }
    let oneSample = scale == 0
    let effectiveDesign: SeedDesign = oneSample ? .paired : design
    let needed = Claim.minimumSeeds(confidence: confidence, design: effectiveDesign) ?? Int.max

    // Usable counts, for the too-few-seeds check.
    let leftCount: Int
    let rightCount: Int
    if effectiveDesign == .paired {
      let rightForPairs = oneSample ? [Double](repeating: 0, count: left.count) : right
      guard left.count == rightForPairs.count else {
        throw .lengthMismatch(what: "paired claim", left: left.count, right: right.count)
      }
      let pairs = zip(left, rightForPairs).filter { $0.isFinite && $1.isFinite }.count
      (leftCount, rightCount) = (pairs, pairs)
    } else {
      leftCount = left.filter(\.isFinite).count
      rightCount = right.filter(\.isFinite).count
    }
    guard leftCount >= 2, rightCount >= 2 else {
      return ClaimDecision(
        claim: self,
        outcome: .underpowered(.tooFewSeeds(left: leftCount, right: rightCount, needed: needed)),
        test: nil, smallestAttainableP: nil, decidedExactly: false, leftCount: leftCount,
        rightCount: rightCount)
    }

    let test: TTestResult
    if effectiveDesign == .paired {
      test = try TTest.pairedDifferences(
        left, oneSample ? [Double](repeating: 0, count: left.count) : right, factor: scale,
        offset: offset, alternative: relation.alternative, confidence: confidence)
    } else {
      let shifted = right.map { scale * $0 + offset }
      test = try TTest.welch(
        left, shifted, alternative: relation.alternative, confidence: confidence)
    }

    let smallest = Claim.smallestAttainablePValue(
      design: effectiveDesign, leftCount: leftCount, rightCount: rightCount)
    let exact = test.standardError == 0
    let outcome: ClaimOutcome
    if !Claim.isBelow(smallest, alpha: alpha) {
      outcome = .underpowered(
        .confidenceUnattainable(smallestP: smallest, alpha: alpha, needed: needed))
    } else if exact {
      outcome = relation.holds(exactly: test.meanDifference) ? .supported : .notSupported
    } else {
      outcome = test.pValue < alpha ? .supported : .notSupported
    }
    return ClaimDecision(
      claim: self, outcome: outcome, test: test, smallestAttainableP: smallest,
      decidedExactly: exact, leftCount: leftCount, rightCount: rightCount)
  }

  /// p < α, allowing for α = 1 − c not being exact in binary (1 − 0.95 = 0.05000000000000004):
  /// a p equal to the decimal α within 1e-12 relative counts as not below it.
  static func isBelow(_ p: Double, alpha: Double) -> Bool {
    p < alpha * (1 - 1e-12)
  }

  /// The smallest one-sided p-value a distribution-free test can reach, whatever the data:
  /// - paired, n pairs: the sign-flip (randomization) test, 1/2ⁿ — all n differences on the
  ///   claimed side and no relabelling more extreme (Fisher 1935);
  /// - independent, n₁ and n₂ seeds: the permutation (Mann–Whitney) test, 1/C(n₁ + n₂, n₁) —
  ///   every left value beyond every right value.
  /// The t test can report a smaller p only by trusting the normal shape of the seeds' results
  /// in the tails, which a handful of seeds cannot check. normlab therefore calls a claim
  /// underpowered when this floor is not below α.
  public static func smallestAttainablePValue(
    design: SeedDesign, leftCount: Int, rightCount: Int
  ) -> Double {
    switch design {
    case .paired:
      let n = min(leftCount, rightCount)
      return n >= 1100 ? 0 : _pow(2, -Double(max(n, 0)))
    case .independent:
      let n = max(leftCount, 0) + max(rightCount, 0)
      let k = max(leftCount, 0)
      if n <= 1000 { return 1 / binomial(n, k) }
      return _exp(-logBinomial(n, k))
    }
  }

  /// The fewest seeds per variant (equal on both sides) for which the smallest attainable
  /// p-value is below α = 1 − confidence; nil for an invalid confidence or more than 100 000.
  /// At 0.90 / 0.95 / 0.99 / 0.999: paired 4 / 5 / 7 / 10; independent 3 / 4 / 5 / 7.
  public static func minimumSeeds(confidence: Double, design: SeedDesign) -> Int? {
    guard confidence > 0, confidence < 1 else { return nil }
    let alpha = 1 - confidence
    var n = 2
    while n <= 100_000 {
      let floor = smallestAttainablePValue(design: design, leftCount: n, rightCount: n)
      if isBelow(floor, alpha: alpha) { return n }
      n += 1
    }
    return nil
  }

  /// C(n, k) by the multiplicative formula: exact while it fits in 53 bits, finite for n ≤ 1000.
  static func binomial(_ n: Int, _ k: Int) -> Double {
    guard k > 0, k < n else { return 1 }
    let k = min(k, n - k)
    var c = 1.0
    for i in 0..<k { c = c * Double(n - i) / Double(i + 1) }
    return c < 0x1p53 ? c.rounded() : c
  }

  /// log C(n, k) = −log(n + 1) − log B(n − k + 1, k + 1).
  static func logBinomial(_ n: Int, _ k: Int) -> Double {
    guard k > 0, k < n else { return 0 }
    return -_log(Double(n + 1)) - _LogGamma.logBeta(Double(n - k + 1), Double(k + 1))
  }
}
