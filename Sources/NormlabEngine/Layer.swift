import RealModule

/// The parameters, gradients and preallocated workspaces of one dense layer, with optional
/// Batch Normalization (Ioffe & Szegedy 2015) before or after its activation.
///
/// Matrices are row-major with one sample per row: the layer computes z = x W (+ b) with W of
/// shape fanIn x units, so both passes are single BLAS calls.
public struct DenseLayer<T: EngineScalar>: Sendable {
  public let fanIn: Int
  public let units: Int
  /// `nil` for the output layer, whose nonlinearity belongs to the loss.
  public let activation: Activation?
  public let batchNorm: BatchNormPlacement?

  public var weights: [T]
  /// Empty when BN sits before the activation: beta takes the bias's role.
  public var bias: [T]
  public var gamma: [T]
  public var beta: [T]
  public var runningMean: [T]
  public var runningVariance: [T]

  public var weightsGradient: [T]
  public var biasGradient: [T]
  public var gammaGradient: [T]
  public var betaGradient: [T]

  // Workspaces, `capacity` rows each.
  var capacity: Int = 0
  /// x W (+ b); with BN before the activation, overwritten by h = gamma z_norm + beta, so it
  /// always holds the activation's input.
  var z: [T] = []
  /// g(z), the layer's output unless BN-after or dropout follows.
  var a: [T] = []
  /// The layer's output after BN-after or dropout; unused otherwise (the next layer reads `a`).
  var y: [T] = []
  /// Normalized values (z_norm) kept for the BN backward pass.
  var normalized: [T] = []
  /// Inverted-dropout mask, already divided by keep probability.
  var mask: [T] = []
  var usedDropout = false
  /// dL/d(output) for the current batch.
  var delta: [T] = []
  var batchMean: [T]
  /// Shares large matrix products with a second thread (`ProductSplitter`); nil runs them whole.
  var splitter: ProductSplitter?
  var batchInverseStd: [T]

  init(
    fanIn: Int, units: Int, activation: Activation?, batchNorm: BatchNormPlacement?,
    initializer: Initializer, rng: inout SplitMix64
  ) {
    self.fanIn = fanIn
    self.units = units
    self.activation = activation
    self.batchNorm = batchNorm
    weights = DenseLayer.initialWeights(
      fanIn: fanIn, units: units, initializer: initializer, rng: &rng)
    let hasBias = batchNorm != .before
    bias = hasBias ? [T](repeating: 0, count: units) : []
    let bnCount = batchNorm == nil ? 0 : units
    gamma = [T](repeating: 1, count: bnCount)
    beta = [T](repeating: 0, count: bnCount)
    runningMean = [T](repeating: 0, count: bnCount)
    runningVariance = [T](repeating: 1, count: bnCount)
    weightsGradient = [T](repeating: 0, count: weights.count)
    biasGradient = [T](repeating: 0, count: bias.count)
    gammaGradient = [T](repeating: 0, count: bnCount)
    betaGradient = [T](repeating: 0, count: bnCount)
    batchMean = [T](repeating: 0, count: bnCount)
    batchInverseStd = [T](repeating: 0, count: bnCount)
  }

  /// Draws W from the chosen scheme: Glorot & Bengio (2010) for Xavier, He et al. (2015) for He.
  static func initialWeights(
    fanIn: Int, units: Int, initializer: Initializer, rng: inout SplitMix64
  ) -> [T] {
    let count = fanIn * units
    let scale = initializer.scale
    switch initializer.kind {
    case .zeros:
      return [T](repeating: 0, count: count)
    case .random:
      return (0..<count).map { _ in T(rng.nextNormal() * scale) }
    case .xavier:
      let std = (2.0 / Double(fanIn + units)).squareRoot() * scale
      return (0..<count).map { _ in T(rng.nextNormal() * std) }
    case .xavierUniform:
      let limit = (6.0 / Double(fanIn + units)).squareRoot() * scale
      return (0..<count).map { _ in T((2 * rng.nextUniform() - 1) * limit) }
    case .he:
      let std = (2.0 / Double(fanIn)).squareRoot() * scale
      return (0..<count).map { _ in T(rng.nextNormal() * std) }
    }
  }

  mutating func reserve(rows: Int) {
    guard rows > capacity else { return }
    capacity = rows
    let size = rows * units
    z = [T](repeating: 0, count: size)
    a = [T](repeating: 0, count: size)
    y = [T](repeating: 0, count: size)
    normalized = batchNorm == nil ? [] : [T](repeating: 0, count: size)
    mask = [T](repeating: 1, count: size)
    delta = [T](repeating: 0, count: size)
  }
}
