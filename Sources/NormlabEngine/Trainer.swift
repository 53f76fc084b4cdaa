import NormlabStatistics
import RealModule

/// How a network is trained.
public struct TrainingOptions: Sendable, Codable, Equatable {
  public var epochs: Int
  /// When set, training stops after this many steps (overrides `epochs`).
  public var steps: Int?
  /// Mini-batch size; 0 means full batch gradient descent, 1 stochastic gradient descent.
  public var batchSize: Int
  public var shuffle: Bool
  public var optimizer: OptimizerOptions
  public var schedule: LearningRateSchedule
  /// Record metrics every this many steps (and at the first and last step).
  public var logEvery: Int
  /// Evaluate the training loss on at most this many training samples (0 = all).
  public var evaluationSamples: Int
  /// Hidden layer whose unit 0 is watched for the percentile view; nil = last hidden layer.
  public var probeLayer: Int?

  public init(
    epochs: Int = 20, steps: Int? = nil, batchSize: Int = 64, shuffle: Bool = true,
    optimizer: OptimizerOptions = OptimizerOptions(kind: .sgd, lr: 0.1),
    schedule: LearningRateSchedule = LearningRateSchedule(), logEvery: Int = 10,
    evaluationSamples: Int = 2000, probeLayer: Int? = nil
  ) {
    self.epochs = epochs
    self.steps = steps
    self.batchSize = batchSize
    self.shuffle = shuffle
    self.optimizer = optimizer
    self.schedule = schedule
    self.logEvery = logEvery
    self.evaluationSamples = evaluationSamples
    self.probeLayer = probeLayer
  }
}

/// Metrics recorded at each logging point. Values may be NaN or infinite after divergence.
public struct TrainingHistory: Sendable, Codable, Equatable {
  public var step: [Int] = []
  public var epoch: [Double] = []
  public var trainLoss: [Double] = []
  public var testLoss: [Double] = []
  public var trainAccuracy: [Double] = []
  public var testAccuracy: [Double] = []
  /// Loss and accuracy on the development set; empty when there is none.
  public var devLoss: [Double] = []
  public var devAccuracy: [Double] = []
  public var learningRate: [Double] = []
  /// Loss of the mini-batch just trained on (the noisy series that smoothing is for).
  public var batchLoss: [Double] = []
  /// Per logging point, one Frobenius norm of dW per layer.
  public var gradientNorms: [[Double]] = []
  /// Per logging point, one Frobenius norm of W per layer.
  public var weightNorms: [[Double]] = []
  /// 15th, 50th and 85th percentiles of the watched unit's activation input over the probe set.
  public var probePercentiles: [[Double]] = []
  /// Per logging point and hidden layer, the fraction of saturated (sigmoid/tanh) or dead (ReLU)
  /// units.
  public var saturation: [[Double]] = []
  /// Per logging point and hidden layer, the mean over units of BN's running mean (NaN for a
  /// layer without BN): how far the inference statistics have travelled.
  public var batchNormRunningMean: [[Double]] = []
  /// Per logging point and hidden layer, the mean over units of BN's running variance.
  public var batchNormRunningVariance: [[Double]] = []

  public init() {}
}

public struct TrainingSummary: Sendable, Codable, Equatable {
  public var trainLoss: Double
  public var testLoss: Double
  public var trainAccuracy: Double
  public var testAccuracy: Double
  /// NaN without a development set.
  public var devLoss: Double = .nan
  public var devAccuracy: Double = .nan
  public var steps: Int
  public var epochs: Double
  public var diverged: Bool
  /// Step at which the loss became NaN or infinite, if it did.
  public var divergedAtStep: Int?
  public var interrupted: Bool
}

public struct TrainingResult: Sendable {
  public var history: TrainingHistory
  public var summary: TrainingSummary
  public var network: Network<Float>
}

/// Why training stopped early, if asked to by its caller.
public protocol TrainingObserver: Sendable {
  /// Called after each step; return false to stop (e.g. on Ctrl-C).
  func shouldContinue(step: Int, of totalSteps: Int) -> Bool
}

public struct UninterruptedObserver: TrainingObserver {
  public init() {}
  public func shouldContinue(step: Int, of totalSteps: Int) -> Bool { true }
}

/// The whole training loop in one readable place: shuffle, gather a mini-batch, forward, loss,
/// backward, update; evaluate at logging points; stop on divergence.
public struct Trainer: Sendable {
  public let spec: NetworkSpec
  public let options: TrainingOptions
  public let seed: UInt64

  public init(spec: NetworkSpec, options: TrainingOptions, seed: UInt64) {
    self.spec = spec
    self.options = options
    self.seed = seed
  }

  /// Steps of one epoch, counting the last partial batch.
  public static func stepsPerEpoch(samples: Int, batchSize: Int) -> Int {
    let batch = batchSize <= 0 ? max(samples, 1) : batchSize
    return max(1, (samples + batch - 1) / batch)
  }

  public func totalSteps(samples: Int) -> Int {
    options.steps ?? options.epochs * Trainer.stepsPerEpoch(
      samples: samples, batchSize: options.batchSize)
  }

  /// Trains on `train`, evaluating the training loss, `test` and (when given) `dev` at every
  /// logging point.
  public func train(
    train: Dataset<Float>, test: Dataset<Float>, dev: Dataset<Float>? = nil,
    observer: some TrainingObserver = UninterruptedObserver()
  ) -> TrainingResult {
    var session = TrainingSession<Float>(spec: spec, options: options, seed: seed, train: train)
    let perEpoch = session.stepsPerEpoch
    let total = totalSteps(samples: train.count)
    let logEvery = max(options.logEvery, 1)
    let evaluation = Trainer.evaluationSubset(of: train, limit: options.evaluationSamples)
    let probe = test.count > 0 ? Trainer.evaluationSubset(of: test, limit: 1000) : evaluation
    let probeLayer = options.probeLayer ?? (spec.hidden.count - 1)

    var history = TrainingHistory()
    var divergedAt: Int?
    var interrupted = false

    func record(_ session: inout TrainingSession<Float>, gradientsFresh: Bool) {
      let step = session.step
      let trainEval = Trainer.evaluate(&session.network, on: evaluation)
      let testEval =
        test.count > 0 ? Trainer.evaluate(&session.network, on: test) : (Double.nan, Double.nan)
      let network = session.network
      history.step.append(step)
      history.epoch.append(Double(step) / Double(perEpoch))
      history.trainLoss.append(trainEval.loss)
      history.testLoss.append(testEval.0)
      history.trainAccuracy.append(trainEval.accuracy)
      history.testAccuracy.append(testEval.1)
      if let dev, dev.count > 0 {
        let devEval = Trainer.evaluate(&session.network, on: dev)
        history.devLoss.append(devEval.loss)
        history.devAccuracy.append(devEval.accuracy)
      }
      history.learningRate.append(session.learningRate)
      history.batchLoss.append(session.lastBatchLoss)
      history.gradientNorms.append(
        network.layers.map { gradientsFresh ? Trainer.norm($0.weightsGradient) : Double.nan })
      history.weightNorms.append(network.layers.map { Trainer.norm($0.weights) })
      let diagnostics = Trainer.probeDiagnostics(network, probe: probe, layer: probeLayer)
      history.probePercentiles.append(diagnostics.percentiles)
      history.saturation.append(diagnostics.saturation)
      history.batchNormRunningMean.append(
        network.layers.dropLast().map { $0.runningMean.isEmpty ? Double.nan : Trainer.mean($0.runningMean) })
      history.batchNormRunningVariance.append(
        network.layers.dropLast().map {
          $0.runningVariance.isEmpty ? Double.nan : Trainer.mean($0.runningVariance)
        })
    }

    record(&session, gradientsFresh: false)

    while session.step < total {
      let loss = session.trainStep()
      let step = session.step
      if !loss.isFinite {
        divergedAt = step
        record(&session, gradientsFresh: false)
        break
      }
      let isLast = step == total
      let stop = !observer.shouldContinue(step: step, of: total)
      if step % logEvery == 0 || isLast || stop {
        record(&session, gradientsFresh: true)
        if let last = history.trainLoss.last, !last.isFinite {
          divergedAt = step
          break
        }
      }
      if stop {
        interrupted = !isLast
        break
      }
    }

    let step = session.step
    let summary = TrainingSummary(
      trainLoss: history.trainLoss.last ?? .nan,
      testLoss: history.testLoss.last ?? .nan,
      trainAccuracy: history.trainAccuracy.last ?? .nan,
      testAccuracy: history.testAccuracy.last ?? .nan,
      devLoss: history.devLoss.last ?? .nan,
      devAccuracy: history.devAccuracy.last ?? .nan,
      steps: step,
      epochs: Double(step) / Double(perEpoch),
      diverged: divergedAt != nil,
      divergedAtStep: divergedAt,
      interrupted: interrupted)
    return TrainingResult(history: history, summary: summary, network: session.network)
  }

  // MARK: Helpers

  /// A deterministic, evenly spread subset (every k-th sample), so evaluation cost is bounded.
  static func evaluationSubset(of data: Dataset<Float>, limit: Int) -> Dataset<Float> {
    guard limit > 0, data.count > limit else { return data }
    let stride = Double(data.count) / Double(limit)
    return data.subset((0..<limit).map { Int(Double($0) * stride) })
  }

  /// Mean loss (without the L2 term) and accuracy in inference mode, in chunks of bounded size.
  public static func evaluate<T: EngineScalar>(_ network: inout Network<T>, on data: Dataset<T>)
    -> (loss: Double, accuracy: Double)
  {
    guard data.count > 0 else { return (.nan, .nan) }
    let chunk = 1024
    var lossSum = 0.0
    var correct = 0
    var noRNG = SplitMix64(seed: 0)
    var start = 0
    while start < data.count {
      let rows = min(chunk, data.count - start)
      let d = data.featureCount
      data.features[(start * d)..<((start + rows) * d)].withUnsafeBufferPointer { x in
        guard let x = x.baseAddress else { return }
        network.forward(input: x, rows: rows, mode: .inference, rng: &noRNG)
      }
      let labels = Array(data.labels[start..<(start + rows)])
      lossSum += labels._withPointer { y in
        network.lossAndOutputGradient(labels: y, computeGradient: false, regularized: false)
      } * Double(rows)
      let predicted = network.predictedClasses()
      for r in 0..<rows where predicted[r] == Int(labels[r]) { correct += 1 }
      start += rows
    }
    // NaN outputs (a diverged network) argmax to class 0: that is not an accuracy.
    let accuracy = lossSum.isNaN ? Double.nan : Double(correct) / Double(data.count)
    return (lossSum / Double(data.count), accuracy)
  }

  static func probeDiagnostics(_ network: Network<Float>, probe: Dataset<Float>, layer: Int)
    -> (percentiles: [Double], saturation: [Double])
  {
    guard probe.count > 0, !network.spec.hidden.isEmpty else { return ([], []) }
    var copy = network
    var noRNG = SplitMix64(seed: 0)
    probe.features._withPointer { x in
      copy.forward(input: x, rows: probe.count, mode: .inference, rng: &noRNG)
    }
    var percentiles: [Double] = []
    let watched = min(max(layer, 0), network.spec.hidden.count - 1)
    let units = network.layers[watched].units
    let inputs = copy.activationInput(layer: watched)
    var column = stride(from: inputs.startIndex, to: inputs.endIndex, by: units).map {
      Double(inputs[$0])
    }
    column.sort()
    percentiles = [0.15, 0.5, 0.85].map { Percentile.quantile(sorted: column, $0) ?? .nan }

    var saturation: [Double] = []
    for index in network.spec.hidden.indices {
      let activation = network.spec.hidden[index].activation
      let outputs = copy.activationOutput(layer: index)
      let width = network.layers[index].units
      saturation.append(
        Trainer.saturatedFraction(outputs, units: width, activation: activation))
    }
    return (percentiles, saturation)
  }

  /// Sigmoid: fraction of outputs below 0.05 or above 0.95; tanh: |a| > 0.95;
  /// ReLU-like: fraction of units that output 0 (or less) for every probe sample.
  static func saturatedFraction(
    _ outputs: ArraySlice<Float>, units: Int, activation: Activation
  ) -> Double {
    guard !outputs.isEmpty, units > 0 else { return 0 }
    switch activation {
    case .sigmoid:
      let count = outputs.lazy.filter { $0 < 0.05 || $0 > 0.95 }.count
      return Double(count) / Double(outputs.count)
    case .tanh:
      let count = outputs.lazy.filter { abs($0) > 0.95 }.count
      return Double(count) / Double(outputs.count)
    case .relu, .leakyRelu:
      var alive = [Bool](repeating: false, count: units)
      var index = 0
      for value in outputs {
        if value > 0 { alive[index % units] = true }
        index += 1
      }
      return Double(alive.filter { !$0 }.count) / Double(units)
    case .linear:
      return 0
    }
  }

  static func mean(_ values: [Float]) -> Double {
    guard !values.isEmpty else { return .nan }
    var sum = 0.0
    for v in values { sum += Double(v) }
    return sum / Double(values.count)
  }

  static func norm(_ values: [Float]) -> Double {
    var sum = 0.0
    for v in values { sum += Double(v) * Double(v) }
    return sum.squareRoot()
  }
}
