import Foundation
import NormlabStatistics

/// Reference values from `Fixtures/make_fixtures.py` (SciPy, scikit-learn, numpy, mpmath), read
/// once from `Fixtures/fixtures.json` next to this file.
enum Fixtures {
  typealias Object = [String: Any]

  /// Parsed once and never mutated.
  nonisolated(unsafe) static let root: Object = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/fixtures.json")
    guard let data = try? Data(contentsOf: url),
      let object = try? JSONSerialization.jsonObject(with: data) as? Object
    else { return [:] }
    return object
  }()

  static func cases(_ key: String) -> [Object] { root[key] as? [Object] ?? [] }

  static func sample(_ name: String) -> [Double] {
    ((root["samples"] as? Object)?[name] as? [Any] ?? []).map(number)
  }
}

/// A JSON number, or "inf"/"-inf"/"nan" strings.
func number(_ value: Any?) -> Double {
  if let n = value as? NSNumber { return n.doubleValue }
  switch value as? String {
  case "inf": return .infinity
  case "-inf": return -.infinity
  default: return .nan
  }
}

func numbers(_ value: Any?) -> [Double] { (value as? [Any] ?? []).map(number) }
func integers(_ value: Any?) -> [Int] { (value as? [Any] ?? []).map { Int(number($0)) } }

/// |a − b| ≤ absolute + relative·|b|; equal infinities are close.
func isClose(_ a: Double, _ b: Double, relative: Double = 1e-12, absolute: Double = 0) -> Bool {
  if a == b { return true }
  guard a.isFinite, b.isFinite else { return false }
  return abs(a - b) <= absolute + relative * abs(b)
}

/// SplitMix64 (Steele, Lea & Flood 2014), the same algorithm as normlab's engine generator, so
/// these tests need no other module.
struct TestGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
