import NormlabEngine
import Testing

/// Training behaviour the course notes teach, checked on small seeded problems.
@Suite struct BehaviourTests {
  static func data(count: Int, seed: UInt64) -> Dataset<Float> {
    GradientCheckTests.blobs(count: count, features: 2, classes: 3, seed: seed).converted(to: Float.self)
  }

  static func spec(
    _ units: [Int], activation: Activation = .tanh, batchNorm: Bool = false,
    initializer: InitializerKind = .xavier, bn: BatchNormOptions = BatchNormOptions()
  ) -> NetworkSpec {
    NetworkSpec(
      inputSize: 2,
      hidden: units.map { HiddenLayerSpec(units: $0, activation: activation, batchNorm: batchNorm) },
      outputUnits: 3, loss: .softmaxCrossEntropy, initializer: Initializer(kind: initializer),
      batchNorm: bn)
  }

  static func options(
    steps: Int, batch: Int = 16, optimizer: OptimizerKind = .sgd, lr: Double = 0.1,
    schedule: LearningRateSchedule = LearningRateSchedule()
  ) -> TrainingOptions {
    TrainingOptions(
      steps: steps, batchSize: batch, optimizer: OptimizerOptions(kind: optimizer, lr: lr),
      schedule: schedule, logEvery: 5, evaluationSamples: 200)
  }

  /// Largest |W[i, j] - W[i, 0]| over the layer: 0 when every unit has the same incoming weights.
  static func spreadAcrossUnits(_ layer: DenseLayer<Float>) -> Float {
    var spread: Float = 0
    for i in 0..<layer.fanIn {
      for j in 0..<layer.units {
        spread = max(spread, abs(layer.weights[i * layer.units + j] - layer.weights[i * layer.units]))
      }
    }
    return spread
  }

  @Test func zeroInitializationKeepsHiddenUnitsIdentical() {
    let train = Self.data(count: 90, seed: 1)
    for activation in [Activation.sigmoid, .tanh] {
      let zeros = Trainer(
        spec: Self.spec([5, 4], activation: activation, initializer: .zeros),
        options: Self.options(steps: 40, optimizer: .momentum, lr: 0.5), seed: 3
      ).train(train: train, test: train)
      let first = zeros.network.layers[0]
      let second = zeros.network.layers[1]
      // With tanh(0) = 0 only the output bias can move; sigmoid(0) = 1/2 lets every layer move.
      let output = zeros.network.layers[2]
      let moved = activation == .sigmoid
        ? (first.weights + second.weights + output.weights).contains { $0 != 0 }
        : output.bias.contains { $0 != 0 }
      #expect(moved, "training must change parameters, or the test shows nothing")
      #expect(Self.spreadAcrossUnits(first) <= 1e-6)
      #expect(Self.spreadAcrossUnits(second) <= 1e-6)
      for j in 1..<first.units { #expect(first.bias[j] == first.bias[0]) }
    }
    // Random initialization breaks the symmetry.
    let random = Trainer(
      spec: Self.spec([5, 4]), options: Self.options(steps: 40), seed: 3
    ).train(train: train, test: train)
    #expect(Self.spreadAcrossUnits(random.network.layers[0]) > 1e-2)
  }

  @Test func runningStatisticsConvergeToPopulationStatistics() {
    // With lr 0 the weights stay put, so the population statistics of z = x W are fixed and
    // the exponentially weighted running averages must settle on them.
    let train = Self.data(count: 1200, seed: 2)
    var options = Self.options(steps: 600, batch: 100, lr: 0)
    options.logEvery = 600
    let result = Trainer(spec: Self.spec([4], batchNorm: true), options: options, seed: 5)
      .train(train: train, test: train)
    let layer = result.network.layers[0]
    let n = train.count
    for j in 0..<layer.units {
      var values: [Double] = []
      for r in 0..<n {
        var z = 0.0
        for i in 0..<2 { z += Double(train.features[r * 2 + i]) * Double(layer.weights[i * layer.units + j]) }
        values.append(z)
      }
      let mean = values.reduce(0, +) / Double(n)
      let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
      let std = variance.squareRoot()
      #expect(abs(Double(layer.runningMean[j]) - mean) < 0.1 * std, "unit \(j) mean")
      #expect(abs(Double(layer.runningVariance[j]) / variance - 1) < 0.15, "unit \(j) variance")
    }
    let lastMeans = result.history.batchNormRunningMean.last ?? []
    #expect(lastMeans.count == 1 && lastMeans[0].isFinite, "running statistics are recorded")
  }

  /// Output row 0 after an inference pass over `rows` (sample 0 first, then others).
  static func firstRowOutput(_ network: inout Network<Float>, _ rows: [Float], count: Int) -> [Float] {
    var rng = SplitMix64(seed: 0)
    rows._withTestPointer { network.forward(input: $0, rows: count, mode: .inference, rng: &rng) }
    return Array(network.output.prefix(network.outputUnits))
  }

  @Test func inferenceOfOneSampleIgnoresTheRestOfItsBatch() {
    let train = Self.data(count: 300, seed: 4)
    let trained = Trainer(
      spec: Self.spec([8, 8], batchNorm: true), options: Self.options(steps: 60), seed: 2
    ).train(train: train, test: train)
    let sample = Array(train.features[0..<2])
    let batchA = sample + Array(train.features[2..<40])
    let batchB = sample + Array(train.features[100..<110].map { $0 * 3 })
    var network = trained.network
    let alone = Self.firstRowOutput(&network, sample, count: 1)
    let inA = Self.firstRowOutput(&network, batchA, count: 20)
    let inB = Self.firstRowOutput(&network, batchB, count: 6)
    for k in alone.indices {
      #expect(abs(alone[k] - inA[k]) <= 1e-6)
      #expect(abs(alone[k] - inB[k]) <= 1e-6)
    }
    // With `inference: batch` the same sample's output does depend on its company.
    var batchSpec = network.spec
    batchSpec.batchNorm.inference = .batch
    var rng = SplitMix64(seed: 1)
    var batchNetwork = Network<Float>(spec: batchSpec, rng: &rng)
    batchNetwork.layers = network.layers
    let batchA2 = Self.firstRowOutput(&batchNetwork, batchA, count: 20)
    let batchB2 = Self.firstRowOutput(&batchNetwork, batchB, count: 6)
    #expect(zip(batchA2, batchB2).contains { abs($0 - $1) > 1e-3 })
  }

  @Test func sameSeedGivesIdenticalLossHistories() {
    let train = Self.data(count: 200, seed: 6)
    var spec = Self.spec([8, 6], activation: .relu, batchNorm: true)
    spec.keepProbability = 0.8
    let options = Self.options(steps: 50, optimizer: .adam, lr: 0.01)
    let first = Trainer(spec: spec, options: options, seed: 9).train(train: train, test: train)
    let second = Trainer(spec: spec, options: options, seed: 9).train(train: train, test: train)
    let other = Trainer(spec: spec, options: options, seed: 10).train(train: train, test: train)
    #expect(first.history.trainLoss == second.history.trainLoss)
    #expect(Array(first.history.batchLoss.dropFirst()) == Array(second.history.batchLoss.dropFirst()))
    #expect(first.network.layers[0].weights == second.network.layers[0].weights)
    #expect(first.history.trainLoss != other.history.trainLoss)
  }

  @Test func learningRateSchedulesFollowTheirFormulas() {
    let lr0 = 0.2
    for epoch in 0..<12 {
      let e = Double(epoch)
      #expect(LearningRateSchedule(kind: .none).rate(initial: lr0, epoch: epoch) == lr0)
      #expect(
        abs(LearningRateSchedule(kind: .inverse, decayRate: 0.5).rate(initial: lr0, epoch: epoch)
          - lr0 / (1 + 0.5 * e)) < 1e-15)
      #expect(
        abs(LearningRateSchedule(kind: .exponential, base: 0.95).rate(initial: lr0, epoch: epoch)
          - lr0 * Double.pow(0.95, e)) < 1e-15)
      #expect(
        abs(LearningRateSchedule(kind: .inverseSqrt, k: 0.7).rate(initial: lr0, epoch: epoch)
          - 0.7 / (e + 1).squareRoot() * lr0) < 1e-15)
      let staircase = [0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025][epoch]
      #expect(
        abs(LearningRateSchedule(kind: .step, every: 3, factor: 0.5).rate(initial: lr0, epoch: epoch)
          - staircase) < 1e-15)
    }
    // The trainer changes the rate at epoch boundaries: 100 samples, batch 20 = 5 steps/epoch.
    let train = Self.data(count: 100, seed: 1)
    var options = Self.options(
      steps: 30, batch: 20, lr: lr0, schedule: LearningRateSchedule(kind: .inverse, decayRate: 1))
    options.logEvery = 5
    let result = Trainer(spec: Self.spec([4]), options: options, seed: 1).train(train: train, test: train)
    for (index, step) in result.history.step.enumerated() {
      let epoch = step / 5
      #expect(abs(result.history.learningRate[index] - lr0 / (1 + Double(epoch))) < 1e-15)
    }
  }

  @Test func divergenceStopsTheRunAndMarksIt() {
    let train = Self.data(count: 100, seed: 3)
    let spec = NetworkSpec(
      inputSize: 2, hidden: [HiddenLayerSpec(units: 8, activation: .linear, batchNorm: false)],
      outputUnits: 1, loss: .meanSquaredError, initializer: Initializer(kind: .xavier, scale: 3))
    let result = Trainer(spec: spec, options: Self.options(steps: 500, lr: 50), seed: 1)
      .train(train: train, test: train)
    #expect(result.summary.diverged)
    #expect(result.summary.steps < 500)
    #expect(result.summary.divergedAtStep == result.summary.steps)
    #expect(!(result.history.trainLoss.last ?? 0).isFinite || !(result.history.batchLoss.last ?? 0).isFinite)
    // A sane rate on the same problem does not diverge.
    let calm = Trainer(spec: spec, options: Self.options(steps: 100, lr: 0.01), seed: 1)
      .train(train: train, test: train)
    #expect(!calm.summary.diverged && calm.summary.steps == 100)
  }

  @Test func aNetworkWithNaNWeightsHasNoAccuracy() {
    let data = Self.data(count: 60, seed: 5)
    var rng = SplitMix64(seed: 2)
    var network = Network<Float>(spec: Self.spec([4]), rng: &rng)
    let healthy = Trainer.evaluate(&network, on: data)
    #expect(healthy.loss.isFinite && healthy.accuracy > 0 && healthy.accuracy < 1)
    network.layers[0].weights[0] = .nan
    let broken = Trainer.evaluate(&network, on: data)
    // NaN outputs would argmax to class 0 and score that class's share (1/3) as "accuracy".
    #expect(broken.loss.isNaN && broken.accuracy.isNaN)
  }
}
