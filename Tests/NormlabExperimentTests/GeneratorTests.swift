import Foundation
import NormlabEngine
import Testing

@testable import NormlabExperiment

@Suite struct GeneratorTests {
  static func config(_ yaml: String) throws -> DataSettings {
    try ExperimentParser.parse(text: "data: \(yaml)\n", file: "e", defaultName: "e").base.data
  }

  static func spread(_ data: Dataset<Float>, feature: Int) -> Double {
    let values = (0..<data.count).map { Double(data.features[$0 * data.featureCount + feature]) }
    let mean = values.reduce(0, +) / Double(values.count)
    return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
  }

  @Test(arguments: ["blobs", "moons", "circles", "spirals", "scaled"])
  func everyGeneratorHonoursSizeSeedAndNoise(_ name: String) throws {
    let base = try Self.config("{ dataset: \(name), samples: 300, seed: 4, noise: 0.1 }")
    let data = Generators.generate(base)
    #expect(data.count == 300)
    #expect(Generators.generate(base).features == data.features)
    var other = base
    other.seed = 5
    #expect(Generators.generate(other).features != data.features)
    // More noise spreads the points of one class further from their curve or centre.
    var noisy = base
    noisy.noise = 0.6
    let quiet = Generators.generate(base)
    let loud = Generators.generate(noisy)
    let classZero = { (d: Dataset<Float>) in d.subset((0..<d.count).filter { d.labels[$0] == 0 }) }
    #expect(Self.spread(classZero(loud), feature: 0) > Self.spread(classZero(quiet), feature: 0))
  }

  @Test(arguments: [("blobs", 5), ("spirals", 3)]) func classesAreHonoured(_ name: String, _ classes: Int) throws {
    let data = Generators.generate(try Self.config("{ dataset: \(name), classes: \(classes), samples: 100 }"))
    #expect(Set(data.labels) == Set((0..<Int32(classes)).map { $0 }))
  }

  @Test func scaledFeaturesDifferByTheScaleRatio() throws {
    let data = Generators.generate(try Self.config("{ dataset: scaled, samples: 2000 }"))
    let ratio = Self.spread(data, feature: 1) / Self.spread(data, feature: 0)
    #expect(abs(ratio / 1000 - 1) < 0.05)
    let three = Generators.generate(try Self.config("{ dataset: scaled, features: 3, scale_ratio: 100, samples: 2000 }"))
    #expect(abs(Self.spread(three, feature: 2) / Self.spread(three, feature: 0) / 100 - 1) < 0.05)
  }

  @Test func testFractionSplitsAndNormalizationUsesTrainingStatistics() throws {
    let config = try Self.config("{ dataset: scaled, samples: 500, test_fraction: 0.3, normalize_inputs: true }")
    let loaded = try DataLoader.load(config, reader: nil)
    #expect(loaded.train.count == 350 && loaded.test.count == 150)
    var raw = config
    raw.normalizeInputs = false
    let plain = try DataLoader.load(raw, reader: nil)
    for feature in 0..<2 {
      let column = (0..<plain.train.count).map { Double(plain.train.features[$0 * 2 + feature]) }
      let mean = column.reduce(0, +) / Double(column.count)
      let sd = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count)).squareRoot()
      // The test set is standardised with the training mean and deviation, not its own.
      for i in 0..<plain.test.count {
        let expected = (Double(plain.test.features[i * 2 + feature]) - mean) / sd
        #expect(abs(Double(loaded.test.features[i * 2 + feature]) - expected) < 1e-3 * max(1, abs(expected)))
      }
    }
  }
}
