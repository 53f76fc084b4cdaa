import COpenBLAS
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A second core for one training run: each large matrix product is cut in two halves of its
/// output, the helper thread computes one while the caller computes the other.
///
/// OpenBLAS's own threading does not pay on products this small (60 x 784 x 100 takes ~0.1 ms:
/// its thread hand-off costs as much as it saves); a helper that spins between products answers
/// in well under a microsecond. Every output element is still one single-threaded BLAS dot
/// product, so results do not depend on whether products are split (`SplitProductsTests`).
///
/// The helper spins while products keep coming and naps once it has been idle for a while, so
/// an idle session costs little CPU. It stops when the last reference goes away.
public final class ProductSplitter: @unchecked Sendable {
  /// Products with fewer multiply-adds than this run whole on the caller's thread.
  public let minimumWork: Int

  private struct Job {
    var isDouble = false
    var transposeA = false
    var transposeB = false
    var m = 0, n = 0, k = 0
    var alpha = 0.0, beta = 0.0
    var a: UnsafeRawPointer?
    var b: UnsafeRawPointer?
    var c: UnsafeMutableRawPointer?
    var lda = 0, ldb = 0, ldc = 0
  }

  // `posted` counts jobs handed over, `finished` the ones done; the job itself is published by
  // the release store of `posted` and read after the helper's acquire load.
  private let posted = Atomic<Int>(0)
  private let finished = Atomic<Int>(0)
  private let stopping = Atomic<Bool>(false)
  private var job = Job()
  private var thread: pthread_t?

  /// Starts the helper thread; `nil` when the system refuses a thread (callers then run whole
  /// products, which is only slower).
  public init?(minimumWork: Int = 300_000) {
    self.minimumWork = minimumWork
    var created = pthread_t()
    let context = Unmanaged.passUnretained(self).toOpaque()
    let status = pthread_create(
      &created, nil,
      { context in
        guard let context else { return nil }
        Unmanaged<ProductSplitter>.fromOpaque(context).takeUnretainedValue().serve()
        return nil
      }, context)
    guard status == 0 else { return nil }
    thread = created
  }

  deinit {
    stopping.store(true, ordering: .releasing)
    if let thread { pthread_join(thread, nil) }
  }

  /// C = alpha op(A) op(B) + beta C (row-major), split by rows of C when it is taller than wide,
  /// else by columns, so each half reads half of the larger operand.
  public func gemm<T: EngineScalar>(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: T, a: UnsafePointer<T>, lda: Int,
    b: UnsafePointer<T>, ldb: Int,
    beta: T, c: UnsafeMutablePointer<T>, ldc: Int
  ) {
    guard m * n * k >= minimumWork, T.self == Float.self || T.self == Double.self else {
      T.gemm(
        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a,
        lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
      return
    }
    if m >= n {
      let top = m / 2
      let aOffset = transposeA ? top : top * lda
      _post(
        T.self, transposeA, transposeB, m - top, n, k, Double(alpha), a + aOffset, lda, b, ldb,
        Double(beta), c + top * ldc, ldc)
      T.gemm(
        transposeA: transposeA, transposeB: transposeB, m: top, n: n, k: k, alpha: alpha, a: a,
        lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    } else {
      // Column halves on a multiple of 8 keep both halves' rows vector-aligned.
      let left = max(8, (n / 2) & ~7)
      let bOffset = transposeB ? left * ldb : left
      _post(
        T.self, transposeA, transposeB, m, n - left, k, Double(alpha), a, lda, b + bOffset, ldb,
        Double(beta), c + left, ldc)
      T.gemm(
        transposeA: transposeA, transposeB: transposeB, m: m, n: left, k: k, alpha: alpha, a: a,
        lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
    _waitForHelper()
  }

  private func _post<T: EngineScalar>(
    _ type: T.Type, _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int,
    _ alpha: Double, _ a: UnsafePointer<T>, _ lda: Int, _ b: UnsafePointer<T>, _ ldb: Int,
    _ beta: Double, _ c: UnsafeMutablePointer<T>, _ ldc: Int
  ) {
    job = Job(
      isDouble: T.self == Double.self, transposeA: transposeA, transposeB: transposeB,
      m: m, n: n, k: k, alpha: alpha, beta: beta, a: UnsafeRawPointer(a),
      b: UnsafeRawPointer(b), c: UnsafeMutableRawPointer(c), lda: lda, ldb: ldb, ldc: ldc)
    posted.add(1, ordering: .releasing)
  }

  private func _waitForHelper() {
    let target = posted.load(ordering: .relaxed)
    while finished.load(ordering: .acquiring) != target {}
  }

  private func serve() {
    var done = 0
    var idleSpins = 0
    while true {
      let available = posted.load(ordering: .acquiring)
      if available != done {
        run(job)
        done = available
        finished.store(done, ordering: .releasing)
        idleSpins = 0
        continue
      }
      if stopping.load(ordering: .acquiring) { return }
      idleSpins += 1
      // ~1 ms of spinning covers the gaps inside a training step; longer idles sleep briefly.
      if idleSpins > 1_000_000 { usleep(200) }
    }
  }

  private func run(_ job: Job) {
    guard let a = job.a, let b = job.b, let c = job.c else { return }
    let transA = job.transposeA ? CblasTrans : CblasNoTrans
    let transB = job.transposeB ? CblasTrans : CblasNoTrans
    if job.isDouble {
      cblas_dgemm(
        CblasRowMajor, transA, transB, blasint(job.m), blasint(job.n), blasint(job.k), job.alpha,
        a.assumingMemoryBound(to: Double.self), blasint(job.lda),
        b.assumingMemoryBound(to: Double.self), blasint(job.ldb), job.beta,
        c.assumingMemoryBound(to: Double.self), blasint(job.ldc))
    } else {
      cblas_sgemm(
        CblasRowMajor, transA, transB, blasint(job.m), blasint(job.n), blasint(job.k),
        Float(job.alpha), a.assumingMemoryBound(to: Float.self), blasint(job.lda),
        b.assumingMemoryBound(to: Float.self), blasint(job.ldb), Float(job.beta),
        c.assumingMemoryBound(to: Float.self), blasint(job.ldc))
    }
  }
}
