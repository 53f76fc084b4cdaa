import RealModule

/// Whether a forward pass trains (batch statistics, dropout, running-statistics update) or infers.
public enum PassMode: Sendable {
  case training
  case inference
}

/// A fully connected network with its parameters and workspaces. A value type: copying a
/// network copies its weights, so a snapshot can be kept while training goes on.
public struct Network<T: EngineScalar>: Sendable {
  public let spec: NetworkSpec
  public var layers: [DenseLayer<T>]
  /// Input rows of the last forward pass are read again by the backward pass.
  var rowsInPass = 0

  /// Builds the network, drawing initial weights from `rng` layer by layer.
  public init(spec: NetworkSpec, rng: inout SplitMix64) {
    self.spec = spec
    var layers: [DenseLayer<T>] = []
    var fanIn = spec.inputSize
    for hidden in spec.hidden {
      layers.append(
        DenseLayer(
          fanIn: fanIn, units: hidden.units, activation: hidden.activation,
          batchNorm: hidden.batchNorm ? spec.batchNorm.placement : nil,
          initializer: spec.initializer, rng: &rng))
      fanIn = hidden.units
    }
    layers.append(
      DenseLayer(
        fanIn: fanIn, units: spec.outputUnits, activation: nil, batchNorm: nil,
        initializer: spec.initializer, rng: &rng))
    self.layers = layers
  }

  public var outputUnits: Int { spec.outputUnits }

  /// Output activations (probabilities, or the linear output for MSE) of the last forward pass.
  public var output: ArraySlice<T> {
    let last = layers[layers.count - 1]
    return last.a[0..<(rowsInPass * last.units)]
  }

  /// The activation input h of hidden layer `layer` for the last forward pass (row-major).
  public func activationInput(layer: Int) -> ArraySlice<T> {
    let l = layers[layer]
    return l.z[0..<(rowsInPass * l.units)]
  }

  /// The activation output g(h) of hidden layer `layer` for the last forward pass.
  public func activationOutput(layer: Int) -> ArraySlice<T> {
    let l = layers[layer]
    return l.a[0..<(rowsInPass * l.units)]
  }

  /// Lets every layer share its large matrix products with `splitter`'s thread (nil: one thread).
  public mutating func splitProducts(with splitter: ProductSplitter?) {
    for i in layers.indices { layers[i].splitter = splitter }
  }

  public mutating func reserve(rows: Int) {
    for i in layers.indices { layers[i].reserve(rows: rows) }
  }

  // MARK: Forward

  /// Runs the network on `rows` samples stored row-major at `input`.
  ///
  /// In training mode BN normalizes with the batch's mean and biased variance and updates the
  /// running statistics; dropout draws a fresh mask from `rng`.
  public mutating func forward(
    input: UnsafePointer<T>, rows: Int, mode: PassMode, rng: inout SplitMix64
  ) {
    reserve(rows: rows)
    rowsInPass = rows
    let keep = T(spec.keepProbability)
    let options = spec.batchNorm
    let lastIndex = layers.count - 1
    for index in layers.indices {
      let dropout = mode == .training && index < lastIndex && spec.keepProbability < 1
      let batchStatistics = mode == .training || options.inference == .batch
      if index == 0 {
        layers[index].forward(
          input: input, rows: rows, batchStatistics: batchStatistics,
          updateRunning: mode == .training, options: options, dropoutKeep: dropout ? keep : nil,
          loss: spec.loss, rng: &rng)
      } else {
        // A second reference to the previous layer's buffer, read only: no copy.
        let previousOutput = layers[index - 1].outputIsY ? layers[index - 1].y : layers[index - 1].a
        previousOutput._withPointer { previous in
          layers[index].forward(
            input: previous, rows: rows, batchStatistics: batchStatistics,
            updateRunning: mode == .training, options: options,
            dropoutKeep: dropout ? keep : nil, loss: spec.loss, rng: &rng)
        }
      }
    }
  }

  // MARK: Loss

  /// Mean cost of the last forward pass against integer labels (class index, or target value
  /// for MSE), plus, when `regularized`, the L2 term lambda / (2m) * sum W^2. When
  /// `computeGradient`, writes dL/dz of the output layer for `backward`.
  @discardableResult
  public mutating func lossAndOutputGradient(
    labels: UnsafePointer<Int32>, computeGradient: Bool, regularized: Bool
  ) -> Double {
    let rows = rowsInPass
    let last = layers.count - 1
    let units = layers[last].units
    let loss = spec.loss
    let scale = T(1) / T(rows)
    var total = 0.0
    layers[last].withOutputBuffers { z, a, delta in
      for r in 0..<rows {
        let label = Int(labels[r])
        let base = r * units
        switch loss {
        case .sigmoidCrossEntropy:
          let zi = Double(z[base])
          let yi = Double(label)
          // Stable form of -[y log s(z) + (1 - y) log(1 - s(z))].
          total += max(zi, 0) - zi * yi + Double.log(1 + Double.exp(-abs(zi)))
          if computeGradient { delta[base] = (a[base] - T(label)) * scale }
        case .softmaxCrossEntropy:
          var maxZ = z[base]
          for k in 1..<max(units, 1) where z[base + k] > maxZ { maxZ = z[base + k] }
          var sum = 0.0
          for k in 0..<units { sum += Double.exp(Double(z[base + k] - maxZ)) }
          let logSumExp = Double(maxZ) + Double.log(sum)
          let safeLabel = min(max(label, 0), units - 1)
          total += logSumExp - Double(z[base + safeLabel])
          if computeGradient {
            for k in 0..<units {
              let target: T = k == safeLabel ? 1 : 0
              delta[base + k] = (a[base + k] - target) * scale
            }
          }
        case .meanSquaredError:
          let diff = a[base] - T(label)
          total += 0.5 * Double(diff * diff)
          if computeGradient { delta[base] = diff * scale }
        }
      }
    }
    var cost = total / Double(rows)
    if regularized && spec.l2 > 0 {
      var squares = 0.0
      for layer in layers {
        for w in layer.weights { squares += Double(w * w) }
      }
      cost += spec.l2 / (2 * Double(rows)) * squares
    }
    return cost
  }

  // MARK: Backward

  /// Back-propagates the output gradient written by `lossAndOutputGradient`, filling every
  /// layer's parameter gradients. `input` must be the input of the last forward pass.
  public mutating func backward(input: UnsafePointer<T>) {
    let rows = rowsInPass
    let l2 = T(spec.l2) / T(rows)
    let options = spec.batchNorm
    for index in stride(from: layers.count - 1, through: 0, by: -1) {
      let isFirst = index == 0
      if isFirst {
        layers[0].backward(
          input: input, rows: rows, l2: l2, options: options, inputDelta: nil)
      } else {
        let previousY = layers[index - 1].outputIsY ? layers[index - 1].y : layers[index - 1].a
        // Moved out and back (O(1)) so it can be written while layer `index` is borrowed.
        var previousDelta: [T] = []
        swap(&previousDelta, &layers[index - 1].delta)
        previousY._withPointer { prevY in
          previousDelta._withMutablePointer { prevDelta in
            layers[index].backward(
              input: prevY, rows: rows, l2: l2, options: options, inputDelta: prevDelta)
          }
        }
        swap(&previousDelta, &layers[index - 1].delta)
      }
    }
  }

  // MARK: Predictions

  /// Predicted class per row of the last forward pass (hardmax; threshold 0.5 for sigmoid).
  public func predictedClasses() -> [Int] {
    let units = outputUnits
    let out = output
    let start = out.startIndex
    return (0..<rowsInPass).map { r in
      let base = start + r * units
      switch spec.loss {
      case .sigmoidCrossEntropy:
        return out[base] >= T(0.5) ? 1 : 0
      case .meanSquaredError:
        // A diverged network's output may be NaN or infinite: no class, never a trap.
        let value = Double(out[base]).rounded()
        return value.isFinite && abs(value) < 1e9 ? Int(value) : -1
      case .softmaxCrossEntropy:
        var best = 0
        for k in 1..<max(units, 1) where out[base + k] > out[base + best] { best = k }
        return best
      }
    }
  }
}
