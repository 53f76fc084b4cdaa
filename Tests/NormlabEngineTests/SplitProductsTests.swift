import NormlabEngine
import Testing

/// A product split across two threads must give the same bits as the whole product, so
/// `normlab bench --threads 2` measures the same training as one thread.
@Suite struct SplitProductsTests {
  static func matrix(_ count: Int, seed: UInt64) -> [Float] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in Float(rng.nextUniform() * 2 - 1) }
  }

  @Test(arguments: [
    (false, false, 60, 100, 784), (true, false, 784, 100, 60), (false, true, 60, 784, 100),
    (false, false, 7, 130, 999), (true, true, 301, 45, 33),
  ])
  func splitProductEqualsWholeProduct(shape: (Bool, Bool, Int, Int, Int)) throws {
    let (transposeA, transposeB, m, n, k) = shape
    let a = Self.matrix(m * k, seed: 1)
    let b = Self.matrix(k * n, seed: 2)
    let lda = transposeA ? m : k
    let ldb = transposeB ? k : n
    var whole = Self.matrix(m * n, seed: 3)
    var split = whole
    Float.gemm(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 0.5, a: a, lda: lda,
      b: b, ldb: ldb, beta: 0.25, c: &whole, ldc: n)
    let splitter = try #require(ProductSplitter(minimumWork: 1))
    splitter.gemm(
      transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: Float(0.5), a: a,
      lda: lda, b: b, ldb: ldb, beta: 0.25, c: &split, ldc: n)
    #expect(split == whole)
    // A plain product differs from the accumulated one, so the comparison above had work to do.
    #expect(whole != Self.matrix(m * n, seed: 3))
  }

  @Test func trainingWithASecondThreadIsBitIdentical() throws {
    let data = BehaviourTests.data(count: 400, seed: 9)
    let spec = BehaviourTests.spec([256, 256], activation: .relu, batchNorm: true)
    let options = BehaviourTests.options(steps: 30, batch: 128, optimizer: .adam, lr: 0.01)
    var single = TrainingSession<Float>(spec: spec, options: options, seed: 4, train: data)
    var double = single
    guard let splitter = ProductSplitter(minimumWork: 1) else {
      Issue.record("the system refused the helper thread")
      return
    }
    double.splitProducts(with: splitter)
    var losses: [Double] = []
    for _ in 0..<30 {
      let loss = single.trainStep()
      #expect(double.trainStep() == loss)
      losses.append(loss)
    }
    #expect(losses.last! < losses.first!)
    for (left, right) in zip(single.network.layers, double.network.layers) {
      #expect(left.weights == right.weights)
    }
  }
}
