import RealModule

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast, and fully determined by its seed, so a
/// run's every random draw is reproducible on any machine and independent of thread count.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform Double in [0, 1) from the top 53 bits.
  public mutating func nextUniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A standard normal sample by the Box–Muller transform (one of the pair; simple and exact).
  public mutating func nextNormal() -> Double {
    var u1 = nextUniform()
    while u1 <= 0 { u1 = nextUniform() }
    let u2 = nextUniform()
    return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
  }

  /// A uniform integer in 0..<bound without modulo bias (Lemire 2019).
  public mutating func nextIndex(below bound: Int) -> Int {
    guard bound > 1 else { return 0 }
    return Int(next(upperBound: UInt64(bound)))
  }

  /// Derives an independent stream, e.g. one per (variant, seed) or per purpose inside a run.
  public func derived(_ salt: UInt64) -> SplitMix64 {
    var copy = SplitMix64(seed: state ^ (salt &* 0xD1B5_4A32_D192_ED03))
    _ = copy.next()
    return copy
  }

  /// Fisher–Yates shuffle of `indices` in place.
  public mutating func shuffle(_ indices: inout [Int]) {
    guard indices.count > 1 else { return }
    for i in stride(from: indices.count - 1, to: 0, by: -1) {
      let j = nextIndex(below: i + 1)
      indices.swapAt(i, j)
    }
  }
}
