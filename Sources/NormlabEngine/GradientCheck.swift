import RealModule

/// Result of comparing back-propagated gradients with central differences.
public struct GradientCheckResult: Sendable, Equatable {
  /// ||g - g_approx|| / (||g|| + ||g_approx||) over the checked coordinates.
  public var relativeDifference: Double
  public var checkedParameters: Int
  public var totalParameters: Int
  /// The worst coordinate, for diagnosis: (layer, tensor name, index, analytic, numeric).
  public var worst: (layer: Int, tensor: String, index: Int, analytic: Double, numeric: Double)?

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.relativeDifference == rhs.relativeDifference
      && lhs.checkedParameters == rhs.checkedParameters
  }
}

/// Numerical gradient checking in Double by central differences,
/// (J(theta + eps) - J(theta - eps)) / (2 eps), eps = 1e-7, as in the course notes.
///
/// Dropout is switched off (its mask would change between the two evaluations). BN runs in
/// training mode, so the check covers the batch-statistics gradient, the hard part.
public enum GradientCheck {
  public static func run(
    spec: NetworkSpec, data: Dataset<Double>, seed: UInt64, epsilon: Double = 1e-7,
    maxParameters: Int = 4000
  ) -> GradientCheckResult {
    var checkedSpec = spec
    checkedSpec.keepProbability = 1
    var initRNG = SplitMix64(seed: seed).derived(1)
    var network = Network<Double>(spec: checkedSpec, rng: &initRNG)
    // Move weights away from zero-init symmetry and BN parameters away from 1/0, so every term
    // of the gradient is exercised.
    var perturbRNG = SplitMix64(seed: seed).derived(9)
    for index in network.layers.indices {
      if spec.initializer.kind == .zeros {
        network.layers[index].weights = network.layers[index].weights.map { _ in
          perturbRNG.nextNormal() * 0.5
        }
      }
      network.layers[index].gamma = network.layers[index].gamma.map { _ in
        1 + 0.3 * perturbRNG.nextNormal()
      }
      network.layers[index].beta = network.layers[index].beta.map { _ in
        0.3 * perturbRNG.nextNormal()
      }
      network.layers[index].bias = network.layers[index].bias.map { _ in
        0.1 * perturbRNG.nextNormal()
      }
    }

    var rng = SplitMix64(seed: 0)
    let rows = data.count
    func cost(_ net: inout Network<Double>) -> Double {
      data.features._withPointer { x in
        net.forward(input: x, rows: rows, mode: .training, rng: &rng)
      }
      return data.labels._withPointer { y in
        net.lossAndOutputGradient(labels: y, computeGradient: true, regularized: true)
      }
    }

    _ = cost(&network)
    data.features._withPointer { x in network.backward(input: x) }

    let tensors: [(String, WritableKeyPath<DenseLayer<Double>, [Double]>, KeyPath<DenseLayer<Double>, [Double]>)] = [
      ("W", \.weights, \.weightsGradient), ("b", \.bias, \.biasGradient),
      ("gamma", \.gamma, \.gammaGradient), ("beta", \.beta, \.betaGradient),
    ]
    var coordinates: [(layer: Int, tensor: Int, index: Int)] = []
    for layer in network.layers.indices {
      for (t, tensor) in tensors.enumerated() {
        for i in network.layers[layer][keyPath: tensor.1].indices {
          coordinates.append((layer, t, i))
        }
      }
    }
    let total = coordinates.count
    if coordinates.count > maxParameters {
      var pick = SplitMix64(seed: seed).derived(7)
      var indices = Array(coordinates.indices)
      pick.shuffle(&indices)
      coordinates = indices.prefix(maxParameters).sorted().map { coordinates[$0] }
    }

    var differenceSquares = 0.0
    var analyticSquares = 0.0
    var numericSquares = 0.0
    var worst: (Int, String, Int, Double, Double)?
    var worstGap = -1.0
    for coordinate in coordinates {
      let (layer, t, i) = coordinate
      let analytic = network.layers[layer][keyPath: tensors[t].2][i]
      var probe = network
      let original = probe.layers[layer][keyPath: tensors[t].1][i]
      probe.layers[layer][keyPath: tensors[t].1][i] = original + epsilon
      let plus = cost(&probe)
      probe.layers[layer][keyPath: tensors[t].1][i] = original - epsilon
      let minus = cost(&probe)
      let numeric = (plus - minus) / (2 * epsilon)
      let gap = abs(analytic - numeric)
      if gap > worstGap {
        worstGap = gap
        worst = (layer, tensors[t].0, i, analytic, numeric)
      }
      differenceSquares += (analytic - numeric) * (analytic - numeric)
      analyticSquares += analytic * analytic
      numericSquares += numeric * numeric
    }
    let denominator = analyticSquares.squareRoot() + numericSquares.squareRoot()
    let relative = denominator > 0 ? differenceSquares.squareRoot() / denominator : 0
    return GradientCheckResult(
      relativeDifference: relative, checkedParameters: coordinates.count, totalParameters: total,
      worst: worst.map { (layer: $0.0, tensor: $0.1, index: $0.2, analytic: $0.3, numeric: $0.4) })
  }
}
