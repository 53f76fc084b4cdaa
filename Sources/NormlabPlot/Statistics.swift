import NormlabStatistics
import RealModule

/// Small statistics the chart kinds need: percentiles and histogram binning.
public enum Statistics {
  /// The `p`-th percentile (0...100) of the finite values, numpy's default "linear" method;
  /// NaN when none are finite. One definition for the project: `NormlabStatistics.Percentile`.
  public static func percentile(_ values: [Double], _ p: Double) -> Double {
    Percentile.percentile(values, p) ?? .nan
  }

  /// Bin edges for the finite `values`: numpy's "auto" rule picks the larger count of Sturges
  /// (log2 n + 1) and Freedman–Diaconis (width 2·IQR/n^(1/3)); at most 200 bins.
  public static func histogramEdges(_ values: [Double], bins: HistogramBins) -> [Double] {
    if case .edges(let edges) = bins {
      let clean = edges.filter(\.isFinite)
      return zip(clean, clean.dropFirst()).allSatisfy { $0 < $1 } ? clean : clean.sorted()
    }
    let finite = values.filter(\.isFinite)
    guard var low = finite.min(), var high = finite.max() else { return [0, 1] }
    if low == high {
      low -= 0.5
      high += 0.5
    }
    let count: Int
    switch bins {
    case .count(let n): count = max(1, min(n, 10_000))
    case .edges: count = 1
    case .automatic:
      let n = Double(finite.count)
      let sturges = Int((Double.log2(n) + 1).rounded(.up))
      let iqr = percentile(finite, 75) - percentile(finite, 25)
      var freedman = 0
      if iqr > 0 {
        let width = 2 * iqr / Double.pow(n, 1.0 / 3)
        freedman = Int(((high - low) / width).rounded(.up))
      }
      count = max(1, min(max(sturges, freedman), 200))
    }
    let width = (high - low) / Double(count)
    return (0...count).map { $0 == count ? high : low + Double($0) * width }
  }

  /// Counts of finite values per bin; the last bin includes its right edge (as numpy does).
  public static func histogramCounts(_ values: [Double], edges: [Double]) -> [Double] {
    guard edges.count >= 2, let first = edges.first, let last = edges.last else { return [] }
    var counts = [Double](repeating: 0, count: edges.count - 1)
    for v in values where v.isFinite && v >= first && v <= last {
      // Binary search for the bin whose left edge is the largest one <= v.
      var lo = 0
      var hi = edges.count - 1
      while hi - lo > 1 {
        let mid = (lo + hi) / 2
        if edges[mid] <= v { lo = mid } else { hi = mid }
      }
      counts[min(lo, counts.count - 1)] += 1
    }
    return counts
  }
}

/// Smoothing for noisy training curves.
public enum Smoothing {
  /// TensorBoard's debiased exponential moving average: `last = w·last + (1 − w)·y` over finite
  /// points, each output divided by `1 − wⁿ` (n = finite points so far) so early values are not
  /// pulled toward the zero start, as in Adam's bias correction (Kingma & Ba 2014). Non-finite
  /// points pass through unchanged; a constant series is returned as is. `weight` is in [0, 1).
  public static func exponentialMovingAverage(_ values: [Double], weight: Double) -> [Double] {
    let w = weight.isFinite ? min(max(weight, 0), 0.999_999) : 0
    guard let first = values.first else { return [] }
    if values.allSatisfy({ $0 == first }) { return values }
    var last = 0.0
    var count = 0
    return values.map { y in
      guard y.isFinite else { return y }
      last = w * last + (1 - w) * y
      count += 1
      let debias = 1 - Double.pow(w, Double(count))
      return debias > 0 ? last / debias : y
    }
  }
}
