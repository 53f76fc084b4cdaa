import NormlabEngine

extension ExperimentRunner {
  /// The network's prediction over the plane of the two input features, in the data's own
  /// units: with `data.normalize_inputs` the grid is standardized before the network sees it, so
  /// every variant's panel spans the same plane and the test points sit where they belong.
  static func decisionBoundary(_ network: inout Network<Float>, data: LoadedData) -> BoundaryGrid? {
    let resolution = 60
    let xs = stride(from: 0, to: data.train.features.count, by: 2).map { raw(Double(data.train.features[$0]), feature: 0, data.normalizer) }
    let ys = stride(from: 1, to: data.train.features.count, by: 2).map { raw(Double(data.train.features[$0]), feature: 1, data.normalizer) }
    let (xLow, xHigh) = paddedRange(xs)
    let (yLow, yHigh) = paddedRange(ys)
    var grid = [Float](repeating: 0, count: resolution * resolution * 2)
    for row in 0..<resolution {
      for column in 0..<resolution {
        let i = row * resolution + column
        let x = xLow + (xHigh - xLow) * Double(column) / Double(resolution - 1)
        let y = yLow + (yHigh - yLow) * Double(row) / Double(resolution - 1)
        grid[2 * i] = Float(standardized(x, feature: 0, data.normalizer))
        grid[2 * i + 1] = Float(standardized(y, feature: 1, data.normalizer))
      }
    }
    var rng = SplitMix64(seed: 0)
    grid.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      network.forward(input: base, rows: resolution * resolution, mode: .inference, rng: &rng)
    }
    let classes = network.outputUnits == 1 ? 2 : network.outputUnits
    // A diverged network predicts NaN everywhere: there is no boundary to draw.
    guard network.output.allSatisfy(\.isFinite) else { return nil }
    let values: [Double]
    if network.outputUnits == 1 {
      values = network.output.map { Double($0) }
    } else {
      values = network.predictedClasses().map(Double.init)
    }
    return BoundaryGrid(
      xRange: [xLow, xHigh], yRange: [yLow, yHigh], resolution: resolution,
      values: values.map { ($0 * 1e6).rounded() / 1e6 }, classes: classes)
  }

  /// A feature value in the data's own units (undoing the run's standardization, if any).
  static func raw(_ value: Double, feature: Int, _ normalizer: InputNormalizer?) -> Double {
    guard let normalizer, feature < normalizer.mean.count else { return value }
    return value * normalizer.standardDeviation[feature] + normalizer.mean[feature]
  }

  static func standardized(_ value: Double, feature: Int, _ normalizer: InputNormalizer?) -> Double {
    guard let normalizer, feature < normalizer.mean.count else { return value }
    return (value - normalizer.mean[feature]) / normalizer.standardDeviation[feature]
  }

  static func paddedRange(_ values: [Double]) -> (Double, Double) {
    let low = values.min() ?? -1
    let high = values.max() ?? 1
    let pad = max((high - low) * 0.08, 1e-3)
    return (low - pad, high + pad)
  }

  static func dataSample(_ data: LoadedData) -> DataSample? {
    let set = data.test.count > 0 ? data.test : data.train
    guard set.featureCount == 2 else { return nil }
    let count = min(set.count, 400)
    return DataSample(
      x: (0..<count).map { raw(Double(set.features[2 * $0]), feature: 0, data.normalizer) },
      y: (0..<count).map { raw(Double(set.features[2 * $0 + 1]), feature: 1, data.normalizer) },
      label: (0..<count).map { Int(set.labels[$0]) })
  }
}
