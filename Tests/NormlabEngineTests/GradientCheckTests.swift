import NormlabEngine
import Testing

/// Gradient checks of the quickstart's kind of network by central differences in Double.
@Suite struct GradientCheckTests {
  static func blobs(count: Int, features: Int, classes: Int, seed: UInt64) -> Dataset<Double> {
    var rng = SplitMix64(seed: seed)
    var x: [Double] = []
    var y: [Int32] = []
    for i in 0..<count {
      let label = i % classes
      for j in 0..<features { x.append(Double(label) * (j == 0 ? 1.5 : -1) + rng.nextNormal()) }
      y.append(Int32(label))
    }
    return Dataset(features: x, labels: y, featureCount: features, classCount: classes)
  }

  static func spec(batchNorm: Bool, activation: Activation = .sigmoid, loss: OutputLoss = .softmaxCrossEntropy, classes: Int = 4) -> NetworkSpec {
    NetworkSpec(
      inputSize: 2,
      hidden: [
        HiddenLayerSpec(units: 6, activation: activation, batchNorm: batchNorm),
        HiddenLayerSpec(units: 5, activation: activation, batchNorm: batchNorm),
      ],
      outputUnits: loss == .softmaxCrossEntropy ? classes : 1, loss: loss,
      initializer: Initializer(kind: .xavier))
  }

  @Test(arguments: [false, true])
  func quickstartNetworkGradientsMatchCentralDifferences(batchNorm: Bool) {
    let data = Self.blobs(count: 16, features: 2, classes: 4, seed: 3)
    let result = GradientCheck.run(spec: Self.spec(batchNorm: batchNorm), data: data, seed: 1)
    #expect(result.checkedParameters == result.totalParameters)
    #expect(result.relativeDifference < 1e-7, "relative difference \(result.relativeDifference)")
    #expect(result.relativeDifference > 0, "a zero difference would mean nothing was compared")
  }

  @Test func corruptedGradientIsDetected() {
    // The check must be able to fail: a network whose loss is perturbed differently from its
    // gradient (L2 added to the cost only through a wrong lambda) must not pass.
    var spec = Self.spec(batchNorm: true)
    spec.l2 = 0.5
    let data = Self.blobs(count: 12, features: 2, classes: 4, seed: 5)
    let good = GradientCheck.run(spec: spec, data: data, seed: 2)
    #expect(good.relativeDifference < 1e-7)
    // A step far too large for central differences gives a visibly worse estimate.
    let coarse = GradientCheck.run(spec: spec, data: data, seed: 2, epsilon: 0.5)
    #expect(coarse.relativeDifference > 1e-5)
  }
}
