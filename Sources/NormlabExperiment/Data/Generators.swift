import NormlabEngine
import RealModule

/// The built-in dataset generators, all determined by `data.seed`.
public enum Generators {
  public static let defaultNoise: [String: Double] = [
    "blobs": 1.0, "moons": 0.2, "circles": 0.08, "spirals": 0.2, "scaled": 0.5,
  ]

  public static func generate(_ config: DataSettings) -> Dataset<Float> {
    var rng = SplitMix64(seed: UInt64(config.seed))
    let noise = config.noise ?? defaultNoise[config.dataset.rawValue] ?? 0.2
    let n = config.samples
    var features: [Float] = []
    var labels: [Int32] = []
    var featureCount = 2
    var classes = 2
    switch config.dataset {
    case .moons:
      // sklearn's make_moons: two interleaved half circles.
      for i in 0..<n {
        let label = i % 2
        let t = Double.pi * rng.nextUniform()
        let x = label == 0 ? Double.cos(t) : 1 - Double.cos(t)
        let y = label == 0 ? Double.sin(t) : 0.5 - Double.sin(t)
        features += [Float(x + noise * rng.nextNormal()), Float(y + noise * rng.nextNormal())]
        labels.append(Int32(label))
      }
    case .circles:
      // Two concentric circles, the inner one half the radius.
      for i in 0..<n {
        let label = i % 2
        let t = 2 * Double.pi * rng.nextUniform()
        let r = label == 0 ? 1.0 : 0.5
        features += [
          Float(r * Double.cos(t) + noise * rng.nextNormal()),
          Float(r * Double.sin(t) + noise * rng.nextNormal()),
        ]
        labels.append(Int32(label))
      }
    case .spirals:
      // CS231n's spirals: each class is one arm, radius growing along it.
      classes = config.classes
      for i in 0..<n {
        let label = i % classes
        let position = rng.nextUniform()
        let r = position
        let t = Double(label) * 4 + position * 4 + noise * rng.nextNormal()
        features += [Float(r * Double.sin(t)), Float(r * Double.cos(t))]
        labels.append(Int32(label))
      }
    case .scaled:
      // Two Gaussian classes apart along every feature, then feature j multiplied by
      // ratio^(j / (d - 1)): the first on scale 1, the last on scale `scale_ratio`.
      featureCount = config.features
      for i in 0..<n {
        let label = i % 2
        let center = label == 0 ? -1.0 : 1.0
        for j in 0..<featureCount {
          let scale = Double.pow(config.scaleRatio, Double(j) / Double(max(featureCount - 1, 1)))
          features.append(Float((center + noise * 2 * rng.nextNormal()) * scale + 2 * scale))
        }
        labels.append(Int32(label))
      }
    default:
      // blobs: class centres evenly spaced on a circle of radius 3 (extra features centred at
      // 0), isotropic Gaussian noise.
      classes = config.classes
      featureCount = config.features
      for i in 0..<n {
        let label = i % classes
        let angle = 2 * Double.pi * Double(label) / Double(classes)
        for j in 0..<featureCount {
          let center = j == 0 ? 3 * Double.cos(angle) : (j == 1 ? 3 * Double.sin(angle) : 0)
          features.append(Float(center + noise * rng.nextNormal()))
        }
        labels.append(Int32(label))
      }
    }
    return Dataset(features: features, labels: labels, featureCount: featureCount, classCount: classes)
  }
}
