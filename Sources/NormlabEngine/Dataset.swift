import RealModule

/// Samples stored row-major with an integer label per row (class index, or target for MSE).
public struct Dataset<T: EngineScalar>: Sendable {
  public var features: [T]
  public var labels: [Int32]
  public let featureCount: Int
  public let classCount: Int

  public init(features: [T], labels: [Int32], featureCount: Int, classCount: Int) {
    self.features = features
    self.labels = labels
    self.featureCount = featureCount
    self.classCount = classCount
  }

  public var count: Int { labels.count }

  /// The rows at `indices`, in that order.
  public func subset(_ indices: [Int]) -> Dataset {
    var rows = [T]()
    rows.reserveCapacity(indices.count * featureCount)
    for i in indices {
      rows.append(contentsOf: features[(i * featureCount)..<((i + 1) * featureCount)])
    }
    return Dataset(
      features: rows, labels: indices.map { labels[$0] }, featureCount: featureCount,
      classCount: classCount)
  }

  public func converted<U: EngineScalar>(to: U.Type) -> Dataset<U> {
    Dataset<U>(
      features: features.map { U($0) }, labels: labels, featureCount: featureCount,
      classCount: classCount)
  }
}

/// Feature standardisation with training-set statistics, reused unchanged on the test set so the
/// test data never leaks into the scaling.
public struct InputNormalizer: Sendable, Codable, Equatable {
  public let mean: [Double]
  public let standardDeviation: [Double]

  /// Mean and (biased) standard deviation of each feature; constant features keep scale 1.
  public init<T>(fitting data: Dataset<T>) {
    let n = max(data.count, 1)
    let d = data.featureCount
    var mean = [Double](repeating: 0, count: d)
    var squares = [Double](repeating: 0, count: d)
    for r in 0..<data.count {
      for j in 0..<d { mean[j] += Double(data.features[r * d + j]) }
    }
    for j in 0..<d { mean[j] /= Double(n) }
    for r in 0..<data.count {
      for j in 0..<d {
        let diff = Double(data.features[r * d + j]) - mean[j]
        squares[j] += diff * diff
      }
    }
    self.mean = mean
    standardDeviation = squares.map { s in
      let std = (s / Double(n)).squareRoot()
      return std > 1e-12 ? std : 1
    }
  }

  public func apply<T>(to data: Dataset<T>) -> Dataset<T> {
    let d = data.featureCount
    var out = data
    for r in 0..<data.count {
      for j in 0..<d {
        let value = (Double(data.features[r * d + j]) - mean[j]) / standardDeviation[j]
        out.features[r * d + j] = T(value)
      }
    }
    return out
  }
}
