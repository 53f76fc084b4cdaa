/// One run's mutable training state: the network, the optimizer, the epoch's shuffled order, the
/// mini-batch buffers and the run's random streams. `trainStep()` is the whole training step —
/// gather a mini-batch, forward, loss, backward, update — in one readable place; `Trainer` adds
/// logging around it and `normlab bench` times it.
///
/// All buffers are allocated here, so a step does no heap allocation.
public struct TrainingSession<T: EngineScalar>: Sendable {
  public var network: Network<T>
  public private(set) var optimizer: Optimizer<T>
  public let options: TrainingOptions
  public let train: Dataset<T>
  public let batchSize: Int
  public let stepsPerEpoch: Int
  /// Steps taken so far.
  public private(set) var step = 0
  /// Completed epochs.
  public private(set) var epoch = 0
  public private(set) var positionInEpoch = 0
  /// The rate the next step uses (the schedule is evaluated at each epoch start).
  public private(set) var learningRate: Double
  /// Loss of the last mini-batch, L2 term included; NaN before the first step.
  public private(set) var lastBatchLoss = Double.nan

  private var order: [Int]
  private var batchFeatures: [T]
  private var batchLabels: [Int32]
  private var shuffleRNG: SplitMix64
  private var dropoutRNG: SplitMix64

  /// Draws the initial weights from `seed`'s stream 1; shuffling uses stream 2, dropout stream 3.
  @_specialize(exported: true, where T == Float)
  public init(spec: NetworkSpec, options: TrainingOptions, seed: UInt64, train: Dataset<T>) {
    let root = SplitMix64(seed: seed)
    var initRNG = root.derived(1)
    shuffleRNG = root.derived(2)
    dropoutRNG = root.derived(3)
    network = Network<T>(spec: spec, rng: &initRNG)
    optimizer = Optimizer<T>(options: options.optimizer)
    self.options = options
    self.train = train
    let n = train.count
    batchSize = max(1, options.batchSize <= 0 ? n : min(options.batchSize, n))
    stepsPerEpoch = Trainer.stepsPerEpoch(samples: n, batchSize: options.batchSize)
    order = Array(0..<n)
    batchFeatures = [T](repeating: 0, count: batchSize * train.featureCount)
    batchLabels = [Int32](repeating: 0, count: batchSize)
    learningRate = options.schedule.rate(initial: options.optimizer.lr, epoch: 0)
    network.reserve(rows: batchSize)
    optimizer.prepare(for: network)
  }

  /// Uses a second core for the large matrix products of every step (see `ProductSplitter`).
  public mutating func splitProducts(with splitter: ProductSplitter?) {
    network.splitProducts(with: splitter)
  }

  /// Trains on the next mini-batch and returns its loss. A non-finite loss leaves the
  /// parameters untouched (the caller marks the run diverged).
  // Exported specializations: callers in other modules (the CLI's bench, the runner) get the
  // Float code compiled for Float instead of the generic, witness-table version.
  @_specialize(exported: true, where T == Float)
  @_specialize(exported: true, where T == Double)
  @discardableResult
  public mutating func trainStep() -> Double {
    let n = train.count
    guard n > 0 else { return .nan }
    if positionInEpoch == 0 && options.shuffle && batchSize < n {
      shuffleRNG.shuffle(&order)
    }
    let rows = min(batchSize, n - positionInEpoch)
    gatherBatch(rows: rows)
    let loss = batchFeatures._withPointer { x in
      network.forward(input: x, rows: rows, mode: .training, rng: &dropoutRNG)
      let loss = batchLabels._withPointer { y in
        network.lossAndOutputGradient(labels: y, computeGradient: true, regularized: true)
      }
      if loss.isFinite { network.backward(input: x) }
      return loss
    }
    lastBatchLoss = loss
    step += 1
    guard loss.isFinite else { return loss }
    optimizer.update(&network, lr: learningRate)
    positionInEpoch += rows
    if positionInEpoch >= n {
      positionInEpoch = 0
      epoch += 1
      learningRate = options.schedule.rate(initial: options.optimizer.lr, epoch: epoch)
    }
    return loss
  }

  /// Copies the rows of the next mini-batch into the batch buffers: one memcpy per row.
  private mutating func gatherBatch(rows: Int) {
    let d = train.featureCount
    let start = positionInEpoch
    order._withPointer { order in
      train.features._withPointer { source in
        train.labels._withPointer { labels in
          batchLabels._withMutablePointer { batchLabels in
            batchFeatures._withMutablePointer { destination in
              for r in 0..<rows {
                let sample = order[start + r]
                (destination + r * d).update(from: source + sample * d, count: d)
                batchLabels[r] = labels[sample]
              }
            }
          }
        }
      }
    }
  }
}
