import COpenBLAS
import RealModule

/// A floating-point type the engine can train in: elementary functions from swift-numerics and a
/// BLAS matrix product. Float is used for training, Double for gradient checking.
public protocol EngineScalar: Real, BinaryFloatingPoint, Sendable where Self.RawSignificand: FixedWidthInteger {
  /// C = alpha * op(A) * op(B) + beta * C for row-major matrices (BLAS `gemm`).
  static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Self, a: UnsafePointer<Self>, lda: Int,
    b: UnsafePointer<Self>, ldb: Int,
    beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
}

extension Float: EngineScalar {
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
