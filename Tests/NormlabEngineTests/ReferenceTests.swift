import Foundation
import NormlabEngine
import Testing

/// BN forward/backward and optimizer updates against values computed independently by
/// `Fixtures/make_reference.py` (NumPy, float64), committed as `Fixtures/reference.json`.
@Suite struct ReferenceTests {
  struct BatchNormCase: Decodable {
    var x: [Double]
    var rows: Int
    var units: Int
    var gamma: [Double]
    var beta: [Double]
    var output_weights: [Double]
    var output_bias: Double
    var labels: [Double]
    var eps: Double
    var momentum: Double
    var loss: Double
    var normalized_output: [Double]
    var gamma_gradient: [Double]
    var beta_gradient: [Double]
    var weights_gradient: [Double]
    var running_mean: [Double]
    var running_variance: [Double]
  }

  struct OptimizerCase: Decodable {
    var initial: [Double]
    var gradients: [[Double]]
    var lr: Double
    var beta1: Double
    var beta2: Double
    var rmsprop_beta: Double
    var eps: Double
    var steps: [String: [[Double]]]
  }

  struct Reference: Decodable {
    var batch_norm: BatchNormCase
    var optimizers: OptimizerCase
  }

  static func reference() throws -> Reference {
    let url = try #require(
      Bundle.module.url(forResource: "reference", withExtension: "json", subdirectory: "Fixtures"))
    return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
  }

  static func expectClose(
    _ actual: [Double], _ expected: [Double], tolerance: Double = 1e-10,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
      #expect(
        abs(a - e) <= tolerance * max(1, abs(e)), "\(a) vs \(e)", sourceLocation: sourceLocation)
    }
  }

  @Test func batchNormForwardAndBackwardMatchNumPy() throws {
    let c = try Self.reference().batch_norm
    let spec = NetworkSpec(
      inputSize: c.units,
      hidden: [HiddenLayerSpec(units: c.units, activation: .linear, batchNorm: true)],
      outputUnits: 1, loss: .meanSquaredError, initializer: Initializer(kind: .zeros),
      batchNorm: BatchNormOptions(momentum: c.momentum, eps: c.eps, placement: .before))
    var rng = SplitMix64(seed: 1)
    var network = Network<Double>(spec: spec, rng: &rng)
    // Identity input weights, so the BN layer sees x itself.
    network.layers[0].weights = (0..<(c.units * c.units)).map { $0 / c.units == $0 % c.units ? 1 : 0 }
    network.layers[0].gamma = c.gamma
    network.layers[0].beta = c.beta
    network.layers[1].weights = c.output_weights
    network.layers[1].bias = [c.output_bias]
    let labels = c.labels.map { Int32($0) }

    c.x._withTestPointer { x in network.forward(input: x, rows: c.rows, mode: .training, rng: &rng) }
    let loss = labels._withTestPointer {
      network.lossAndOutputGradient(labels: $0, computeGradient: true, regularized: true)
    }
    c.x._withTestPointer { network.backward(input: $0) }

    #expect(abs(loss - c.loss) < 1e-12 * max(1, c.loss))
    Self.expectClose(Array(network.activationInput(layer: 0)), c.normalized_output)
    Self.expectClose(network.layers[0].gammaGradient, c.gamma_gradient)
    Self.expectClose(network.layers[0].betaGradient, c.beta_gradient)
    Self.expectClose(network.layers[0].weightsGradient, c.weights_gradient)
    Self.expectClose(network.layers[0].runningMean, c.running_mean)
    Self.expectClose(network.layers[0].runningVariance, c.running_variance)
    #expect(network.layers[0].bias.isEmpty, "BN before the activation replaces the bias by beta")
  }

  @Test(arguments: [OptimizerKind.momentum, .rmsprop, .adam])
  func optimizerStepsMatchNumPy(kind: OptimizerKind) throws {
    let c = try Self.reference().optimizers
    let expected = try #require(c.steps[kind.rawValue])
    let spec = NetworkSpec(
      inputSize: c.initial.count, hidden: [], outputUnits: 1, loss: .meanSquaredError,
      initializer: Initializer(kind: .zeros))
    var rng = SplitMix64(seed: 1)
    var network = Network<Double>(spec: spec, rng: &rng)
    network.layers[0].weights = c.initial
    var optimizer = Optimizer<Double>(
      options: OptimizerOptions(
        kind: kind, lr: c.lr, beta1: c.beta1,
        beta2: kind == .rmsprop ? c.rmsprop_beta : c.beta2, eps: c.eps))
    for (step, gradient) in c.gradients.enumerated() {
      network.layers[0].weightsGradient = gradient
      network.layers[0].biasGradient = [0]
      optimizer.update(&network, lr: c.lr)
      Self.expectClose(network.layers[0].weights, expected[step], tolerance: 1e-12)
    }
    #expect(network.layers[0].bias == [0], "a zero gradient leaves the bias where it was")
  }
}

extension Array {
  func _withTestPointer<R>(_ body: (UnsafePointer<Element>) -> R) -> R {
    withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else {
        let placeholder = UnsafeMutablePointer<Element>.allocate(capacity: 1)
        defer { placeholder.deallocate() }
        return body(placeholder)
      }
      return body(base)
    }
  }
}
