/// Count, mean and sum of squared deviations of finite values, computed on values divided by an
/// exact power of two (so nothing overflows for values near the largest Double) by two passes:
/// a compensated (Neumaier 1974) sum for the mean, then Σ(x − x̄)² − (Σ(x − x̄))²/n, the corrected
/// two-pass algorithm (Chan, Golub & LeVeque 1983) that stays accurate when the spread is tiny
/// next to the mean.
struct _Moments {
  let count: Int
  /// The exact power of two the values were divided by.
  let scale: Double
  /// Mean of the scaled values.
  let scaledMean: Double
  /// Σ (x/scale − scaledMean)².
  let scaledSumOfSquares: Double

  /// `values` must all be finite and non-empty; `scale` must be a power of two.
  init(finite values: [Double], scale: Double) {
    count = values.count
    self.scale = scale
    let n = Double(values.count)
    scaledMean = _Moments.compensatedSum(values.lazy.map { $0 / scale }) / n
    var squares = 0.0
    var residual = 0.0
    for x in values {
      let d = x / scale - scaledMean
      squares += d * d
      residual += d
    }
    scaledSumOfSquares = max(0, squares - residual * residual / n)
  }

  var mean: Double { scaledMean * scale }

  /// Sample variance with n − 1 in the denominator, of the scaled values; nil for n < 2.
  var scaledVariance: Double? {
    count < 2 ? nil : scaledSumOfSquares / Double(count - 1)
  }

  /// Neumaier's improved Kahan summation.
  static func compensatedSum<S: Sequence>(_ values: S) -> Double where S.Element == Double {
    var sum = 0.0
    var compensation = 0.0
    for x in values {
      let t = sum + x
      if abs(sum) >= abs(x) {
        compensation += (sum - t) + x
      } else {
        compensation += (x - t) + sum
      }
      sum = t
    }
    return sum + compensation
  }

  /// The power-of-two scale for a set of finite values.
  static func scale<S: Sequence>(for values: S) -> Double where S.Element == Double {
    var largest = 0.0
    for x in values { largest = max(largest, abs(x)) }
    return _scaleFor(maximumMagnitude: largest)
  }
}
