import COpenBLAS
import RealModule

/// A floating-point type the engine can train in: elementary functions from swift-numerics and a
/// BLAS matrix product. Float is used for training, Double for gradient checking.
public protocol EngineScalar: Real, BinaryFloatingPoint, SIMDScalar, Sendable, Codable
where Self.RawSignificand: FixedWidthInteger {
  /// e^x lane by lane. The one elementary function on the hot path (sigmoid), so each type
  /// chooses its own: Float a vectorised polynomial, Double libm's exp for gradient checks.
  static func _exp(_ x: SIMD8<Self>) -> SIMD8<Self>
  /// sqrt(x) as the bare instruction, so loops that use it vectorise.
  static func _sqrt(_ x: Self) -> Self

  /// C = alpha * op(A) * op(B) + beta * C for row-major matrices (BLAS `gemm`).
  static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Self, a: UnsafePointer<Self>, lda: Int,
    b: UnsafePointer<Self>, ldb: Int,
    beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
}

extension Float: EngineScalar {
  @inlinable @inline(__always)
  public static func _sqrt(_ x: Float) -> Float { normlab_sqrtf(x) }

  /// e^x by Cody–Waite range reduction x = n ln 2 + r, |r| <= ln 2 / 2, and Cephes' degree-6
  /// minimax polynomial for e^r (relative error about 1e-7, i.e. 1-2 ulp), scaled by 2^n built
  /// from its bits. Callers keep x within [-87, 88], where Float's e^x is finite and normal
  /// (the sigmoid kernel clamps in its first, vectorised pass).
  @inlinable @inline(__always)
  public static func _exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let clamped = x
    // Adding 1.5 * 2^23 rounds to the nearest integer and leaves it in the low mantissa bits.
    let shifter: Float = 12_582_912
    let shifted = clamped * 1.442_695_04 + shifter
    let n = shifted - shifter
    let r = clamped - n * 0.693_359_375 + n * 2.121_944_40e-4
    var p = SIMD8<Float>(repeating: 1.987_569_150_0e-4)
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    p = p * (r * r) + r + 1
    let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
    let scale = unsafeBitCast((integer &+ 127) &<< 23, to: SIMD8<Float>.self)
    return p * scale
  }

  @inlinable
  public static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
      blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c,
      blasint(ldc))
  }
}

extension Double: EngineScalar {
  @inlinable @inline(__always)
  public static func _sqrt(_ x: Double) -> Double { normlab_sqrt(x) }

  /// libm's e^x lane by lane: gradient checks want every digit, not speed.
  @inlinable
  public static func _exp(_ x: SIMD8<Double>) -> SIMD8<Double> {
    var out = SIMD8<Double>()
    for i in 0..<8 { out[i] = Double.exp(x[i]) }
    return out
  }

  @inlinable
  public static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Double, a: UnsafePointer<Double>, lda: Int,
    b: UnsafePointer<Double>, ldb: Int,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    cblas_dgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
      blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c,
      blasint(ldc))
  }
}

@usableFromInline func _log(_ x: Double) -> Double { Double.log(x) }
@usableFromInline func _cos(_ x: Double) -> Double { Double.cos(x) }

/// Limits OpenBLAS to one thread: parallel runs (`--jobs`) already use the cores, and
/// single-threaded sums keep results independent of the thread count.
public func setBLASThreadCount(_ count: Int) {
  openblas_set_num_threads(Int32(max(1, count)))
}
