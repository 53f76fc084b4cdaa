#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(ucrt)
  import ucrt
#endif

// The C library's elementary functions, behind internal names so the rest of the module reads
// the same on every platform. Only thread-safe functions are used (no `lgamma`, which writes the
// global `signgam`; see `LogGamma.swift`).

@inline(__always) func _exp(_ x: Double) -> Double { exp(x) }
@inline(__always) func _log(_ x: Double) -> Double { log(x) }
/// log(1 + x), accurate for small x.
@inline(__always) func _log1p(_ x: Double) -> Double { log1p(x) }
/// exp(x) − 1, accurate for small x.
@inline(__always) func _expm1(_ x: Double) -> Double { expm1(x) }
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) func _tan(_ x: Double) -> Double { tan(x) }
/// The complementary error function, accurate in the far tail.
@inline(__always) func _erfc(_ x: Double) -> Double { erfc(x) }

/// log(1 + w²) without overflow for large w or loss of precision for small w.
func _logOnePlusSquare(_ w: Double) -> Double {
  let w = abs(w)
  if w > 1 { return 2 * _log(w) + _log1p(1 / (w * w)) }
  return _log1p(w * w)
}

/// 2^e with e chosen so that `maximumMagnitude / 2^e` lies in [1, 2): dividing by it is exact,
/// and statistics computed on the scaled values cannot overflow. 1 when the magnitude is 0 or
/// not finite.
func _scaleFor(maximumMagnitude m: Double) -> Double {
  guard m.isFinite, m > 0 else { return 1 }
  return Double(sign: .plus, exponent: m.exponent, significand: 1)
}
