import RealModule

extension DenseLayer {
  /// Gives the output layer's z, activations and delta buffers to the loss.
  mutating func withOutputBuffers(
    _ body: (UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void
  ) {
    z._withPointer { z in
      a._withPointer { a in
        delta._withMutablePointer { delta in body(z, a, delta) }
      }
    }
  }

  // MARK: Forward

  mutating func forward(
    input: UnsafePointer<T>, rows: Int, batchStatistics: Bool, updateRunning: Bool,
    options: BatchNormOptions, dropoutKeep: T?, loss: OutputLoss, rng: inout SplitMix64
  ) {
    let units = self.units
    let fanIn = self.fanIn
    let count = rows * units
    weights._withPointer { w in
      z._withMutablePointer { z in
        T.gemm(
          transposeA: false, transposeB: false, m: rows, n: units, k: fanIn,
          alpha: 1, a: input, lda: fanIn, b: w, ldb: units, beta: 0, c: z, ldc: units)
      }
    }
    if !bias.isEmpty { addBias(rows: rows) }

    guard let activation else {
      applyOutputActivation(rows: rows, loss: loss)
      return
    }

    switch batchNorm {
    case nil:
      applyActivation(activation, from: \.z, count: count)
    case .before:
      normalize(
        source: \.z, rows: rows, batchStatistics: batchStatistics, updateRunning: updateRunning,
        options: options, destination: \.h)
      applyActivation(activation, from: \.h, count: count)
    case .after:
      applyActivation(activation, from: \.z, count: count)
      normalize(
        source: \.a, rows: rows, batchStatistics: batchStatistics, updateRunning: updateRunning,
        options: options, destination: \.y)
    }
    if batchNorm != .after {
      // y = a; copied so BN-after and dropout can write y without touching a.
      a._withPointer { a in y._withMutablePointer { y in y.update(from: a, count: count) } }
    }
    if let keep = dropoutKeep {
      usedDropout = true
      let inverse = 1 / keep
      let keepProbability = Double(keep)
      mask._withMutablePointer { mask in
        y._withMutablePointer { y in
          for i in 0..<count {
            let m: T = rng.nextUniform() < keepProbability ? inverse : 0
            mask[i] = m
            y[i] *= m
          }
        }
      }
    } else {
      usedDropout = false
    }
  }

  private mutating func addBias(rows: Int) {
    let units = self.units
    bias._withPointer { b in
      z._withMutablePointer { z in
        for r in 0..<rows {
          let row = z + r * units
          for j in 0..<units { row[j] += b[j] }
        }
      }
    }
  }

  private mutating func applyActivation(
    _ activation: Activation, from source: WritableKeyPath<DenseLayer, [T]>, count: Int
  ) {
    var input: [T] = []
    swap(&input, &self[keyPath: source])
    input._withPointer { x in
      a._withMutablePointer { a in
        switch activation {
        case .sigmoid: for i in 0..<count { a[i] = _sigmoid(x[i]) }
        case .tanh: for i in 0..<count { a[i] = T.tanh(x[i]) }
        case .relu: for i in 0..<count { a[i] = x[i] > 0 ? x[i] : 0 }
        case .leakyRelu:
          let slope = T(Activation.leakySlope)
          for i in 0..<count { a[i] = x[i] > 0 ? x[i] : slope * x[i] }
        case .linear: a.update(from: x, count: count)
        }
      }
    }
    swap(&input, &self[keyPath: source])
  }

  private mutating func applyOutputActivation(rows: Int, loss: OutputLoss) {
    let units = self.units
    let count = rows * units
    z._withPointer { z in
      a._withMutablePointer { a in
        switch loss {
        case .sigmoidCrossEntropy:
          for i in 0..<count { a[i] = _sigmoid(z[i]) }
        case .meanSquaredError:
          a.update(from: z, count: count)
        case .softmaxCrossEntropy:
          for r in 0..<rows {
            let zr = z + r * units
            let ar = a + r * units
            var maxZ = zr[0]
            for k in 1..<max(units, 1) where zr[k] > maxZ { maxZ = zr[k] }
            var sum: T = 0
            for k in 0..<units {
              let e = T.exp(zr[k] - maxZ)
              ar[k] = e
              sum += e
            }
            let inverse = 1 / sum
            for k in 0..<units { ar[k] *= inverse }
          }
        }
      }
    }
  }

  /// z_norm = (x - mu) / sqrt(sigma^2 + eps); out = gamma * z_norm + beta (Ioffe & Szegedy 2015,
  /// Algorithm 1), with mu and the biased sigma^2 of the batch, or the running estimates.
  private mutating func normalize(
    source: WritableKeyPath<DenseLayer, [T]>, rows: Int, batchStatistics: Bool,
    updateRunning: Bool, options: BatchNormOptions,
    destination: WritableKeyPath<DenseLayer, [T]>
  ) {
    let units = self.units
    let eps = T(options.eps)
    var input: [T] = []
    var output: [T] = []
    swap(&input, &self[keyPath: source])
    swap(&output, &self[keyPath: destination])
    defer {
      swap(&input, &self[keyPath: source])
      swap(&output, &self[keyPath: destination])
    }
    input._withPointer { x in
      if batchStatistics {
        batchMean._withMutablePointer { mean in
          batchInverseStd._withMutablePointer { inverseStd in
            for j in 0..<units { mean[j] = 0 }
            for r in 0..<rows {
              let row = x + r * units
              for j in 0..<units { mean[j] += row[j] }
            }
            let inverseRows = 1 / T(rows)
            for j in 0..<units { mean[j] *= inverseRows }
            // Two-pass variance: accurate even when the mean is large.
            for j in 0..<units { inverseStd[j] = 0 }
            for r in 0..<rows {
              let row = x + r * units
              for j in 0..<units {
                let d = row[j] - mean[j]
                inverseStd[j] += d * d
              }
            }
            let momentum = T(options.momentum)
            let correction: T =
              options.unbiasedRunningVariance && rows > 1 ? T(rows) / T(rows - 1) : 1
            for j in 0..<units {
              let variance = inverseStd[j] * inverseRows
              if updateRunning {
                runningMean[j] = (1 - momentum) * runningMean[j] + momentum * mean[j]
                runningVariance[j] =
                  (1 - momentum) * runningVariance[j] + momentum * variance * correction
              }
              inverseStd[j] = 1 / (variance + eps).squareRoot()
            }
          }
        }
      } else {
        for j in 0..<units {
          batchMean[j] = runningMean[j]
          batchInverseStd[j] = 1 / (runningVariance[j] + eps).squareRoot()
        }
      }
      batchMean._withPointer { mean in
        batchInverseStd._withPointer { inverseStd in
          gamma._withPointer { gamma in
            beta._withPointer { beta in
              normalized._withMutablePointer { n in
                output._withMutablePointer { out in
                  for r in 0..<rows {
                    let base = r * units
                    for j in 0..<units {
                      let value = (x[base + j] - mean[j]) * inverseStd[j]
                      n[base + j] = value
                      out[base + j] = gamma[j] * value + beta[j]
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  // MARK: Backward

  /// Turns `delta` (dL/dy) into parameter gradients and, when asked, dL/dx for the layer below.
  mutating func backward(
    input: UnsafePointer<T>, rows: Int, l2: T, options: BatchNormOptions,
    inputDelta: UnsafeMutablePointer<T>?
  ) {
    let units = self.units
    let fanIn = self.fanIn
    let count = rows * units
    if let activation {
      if usedDropout {
        mask._withPointer { mask in
          delta._withMutablePointer { d in for i in 0..<count { d[i] *= mask[i] } }
        }
      }
      switch batchNorm {
      case nil:
        multiplyByDerivative(activation, input: \.z, count: count)
      case .before:
        multiplyByDerivative(activation, input: \.h, count: count)
        normalizeBackward(rows: rows)
      case .after:
        normalizeBackward(rows: rows)
        multiplyByDerivative(activation, input: \.z, count: count)
      }
    }
    // delta now holds dL/dz.
    delta._withPointer { dz in
      if !biasGradient.isEmpty {
        biasGradient._withMutablePointer { gb in
          for j in 0..<units { gb[j] = 0 }
          for r in 0..<rows {
            let row = dz + r * units
            for j in 0..<units { gb[j] += row[j] }
          }
        }
      }
      weights._withPointer { w in
        weightsGradient._withMutablePointer { gw in
          if l2 > 0 {
            // gW = x^T dz + (lambda / m) W, seeded with the L2 term so one GEMM adds the rest.
            for i in 0..<(fanIn * units) { gw[i] = l2 * w[i] }
          }
          T.gemm(
            transposeA: true, transposeB: false, m: fanIn, n: units, k: rows,
            alpha: 1, a: input, lda: fanIn, b: dz, ldb: units, beta: l2 > 0 ? 1 : 0, c: gw,
            ldc: units)
        }
        if let inputDelta {
          T.gemm(
            transposeA: false, transposeB: true, m: rows, n: fanIn, k: units,
            alpha: 1, a: dz, lda: units, b: w, ldb: units, beta: 0, c: inputDelta, ldc: fanIn)
        }
      }
    }
  }

  private mutating func multiplyByDerivative(
    _ activation: Activation, input source: KeyPath<DenseLayer, [T]>, count: Int
  ) {
    let inputValues = self[keyPath: source]
    inputValues._withPointer { x in
      a._withPointer { a in
        delta._withMutablePointer { d in
          switch activation {
          case .sigmoid: for i in 0..<count { d[i] *= a[i] * (1 - a[i]) }
          case .tanh: for i in 0..<count { d[i] *= 1 - a[i] * a[i] }
          case .relu: for i in 0..<count where x[i] <= 0 { d[i] = 0 }
          case .leakyRelu:
            let slope = T(Activation.leakySlope)
            for i in 0..<count where x[i] <= 0 { d[i] *= slope }
          case .linear: break
          }
        }
      }
    }
  }

  /// Closed-form BN gradient (Ioffe & Szegedy 2015, section 3), in place on `delta`:
  /// dx = gamma * invstd / m * (m * dy - sum(dy) - z_norm * sum(dy * z_norm)).
  private mutating func normalizeBackward(rows: Int) {
    let units = self.units
    let inverseRows = 1 / T(rows)
    normalized._withPointer { n in
      gamma._withPointer { gamma in
        batchInverseStd._withPointer { inverseStd in
          gammaGradient._withMutablePointer { gg in
            betaGradient._withMutablePointer { gb in
              delta._withMutablePointer { d in
                for j in 0..<units {
                  gg[j] = 0
                  gb[j] = 0
                }
                for r in 0..<rows {
                  let base = r * units
                  for j in 0..<units {
                    gb[j] += d[base + j]
                    gg[j] += d[base + j] * n[base + j]
                  }
                }
                for r in 0..<rows {
                  let base = r * units
                  for j in 0..<units {
                    let scale = gamma[j] * inverseStd[j]
                    d[base + j] =
                      scale * (d[base + j] - inverseRows * (gb[j] + n[base + j] * gg[j]))
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
