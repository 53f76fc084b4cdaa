import NormlabEngine
import Testing

/// Gradient checks by central differences in Double (eps 1e-7) for every activation, loss, BN
/// placement and L2, with and without BN.
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

  static func spec(
    batchNorm: BatchNormPlacement?, activation: Activation = .sigmoid,
    loss: OutputLoss = .softmaxCrossEntropy, classes: Int = 4, l2: Double = 0
  ) -> NetworkSpec {
    NetworkSpec(
      inputSize: 2,
      hidden: [
        HiddenLayerSpec(units: 6, activation: activation, batchNorm: batchNorm != nil),
        HiddenLayerSpec(units: 5, activation: activation, batchNorm: batchNorm != nil),
      ],
      outputUnits: loss == .softmaxCrossEntropy ? classes : 1, loss: loss,
      initializer: Initializer(kind: .xavier),
      batchNorm: BatchNormOptions(placement: batchNorm ?? .before), l2: l2)
  }

  static let placements: [BatchNormPlacement?] = [nil, .before, .after]

  static func check(_ spec: NetworkSpec, seed: UInt64 = 1) -> GradientCheckResult {
    let classes = spec.loss == .softmaxCrossEntropy ? spec.outputUnits : 2
    let data = blobs(count: 16, features: 2, classes: classes, seed: 3)
    return GradientCheck.run(spec: spec, data: data, seed: seed)
  }

  @Test(arguments: Activation.allCases, placements)
  func everyActivationGradientMatchesCentralDifferences(
    activation: Activation, batchNorm: BatchNormPlacement?
  ) {
    let result = Self.check(Self.spec(batchNorm: batchNorm, activation: activation))
    #expect(result.checkedParameters == result.totalParameters)
    #expect(result.relativeDifference < 1e-7, "\(result.relativeDifference) worst \(String(describing: result.worst))")
    #expect(result.relativeDifference > 0, "a zero difference would mean nothing was compared")
  }

  @Test(arguments: OutputLoss.allCases, placements)
  func everyLossGradientMatchesCentralDifferences(loss: OutputLoss, batchNorm: BatchNormPlacement?) {
    let result = Self.check(Self.spec(batchNorm: batchNorm, activation: .tanh, loss: loss))
    #expect(result.relativeDifference < 1e-7, "\(result.relativeDifference) worst \(String(describing: result.worst))")
    #expect(result.relativeDifference > 0)
  }

  @Test(arguments: placements)
  func l2GradientMatchesCentralDifferences(batchNorm: BatchNormPlacement?) {
    let result = Self.check(Self.spec(batchNorm: batchNorm, activation: .relu, l2: 0.7))
    #expect(result.relativeDifference < 1e-7, "\(result.relativeDifference)")
  }

  @Test func coarseStepIsDetected() {
    // The check must be able to fail: a step far too large for central differences gives a
    // visibly worse estimate than the default one.
    var spec = Self.spec(batchNorm: .before)
    spec.l2 = 0.5
    let data = Self.blobs(count: 12, features: 2, classes: 4, seed: 5)
    let good = GradientCheck.run(spec: spec, data: data, seed: 2)
    #expect(good.relativeDifference < 1e-7)
    let coarse = GradientCheck.run(spec: spec, data: data, seed: 2, epsilon: 0.5)
    #expect(coarse.relativeDifference > 1e-5)
  }
}
