import RealModule

/// Calls `body(j, width)` for the column blocks of a row: full blocks of eight, then the rest.
@inlinable @inline(__always)
func _columnBlocks(_ units: Int, _ body: (_ j: Int, _ width: Int) -> Void) {
  var j = 0
  while j + _lanes <= units {
    body(j, _lanes)
    j += _lanes
  }
  if j < units { body(j, units - j) }
}

@inlinable @inline(__always)
func _load<T: EngineScalar>(_ p: UnsafePointer<T>, _ i: Int, _ width: Int) -> SIMD8<T> {
  width == _lanes ? p._vector(i) : _partialLoad(p + i, width)
}

@inlinable @inline(__always)
func _load<T: EngineScalar>(_ p: UnsafeMutablePointer<T>, _ i: Int, _ width: Int) -> SIMD8<T> {
  _load(UnsafePointer(p), i, width)
}

@inlinable @inline(__always)
func _store<T: EngineScalar>(
  _ v: SIMD8<T>, _ p: UnsafeMutablePointer<T>, _ i: Int, _ width: Int
) {
  if width == _lanes { p._store(v, i) } else { _partialStore(v, p + i, width) }
}

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

  /// One matrix product, split across the session's second core when it has one.
  @inline(__always)
  private static func product(
    _ splitter: ProductSplitter?, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: T, a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
    beta: T, c: UnsafeMutablePointer<T>, ldc: Int
  ) {
    if let splitter {
      splitter.gemm(
        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a,
        lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    } else {
      T.gemm(
        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a,
        lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
  }

  /// The buffer the next layer reads: `y` when BN-after or dropout wrote it, else `a`.
  var outputIsY: Bool { batchNorm == .after || usedDropout }

  // MARK: Forward

  /// z = x W (one GEMM), then one fused pass per stage: bias + activation, or BN statistics
  /// followed by normalize + scale/shift + activation.
  mutating func forward(
    input: UnsafePointer<T>, rows: Int, batchStatistics: Bool, updateRunning: Bool,
    options: BatchNormOptions, dropoutKeep: T?, loss: OutputLoss, rng: inout SplitMix64
  ) {
    let units = self.units
    let fanIn = self.fanIn
    let splitter = self.splitter
    weights._withPointer { w in
      z._withMutablePointer { z in
        Self.product(
          splitter, transposeA: false, transposeB: false, m: rows, n: units, k: fanIn,
          alpha: 1, a: input, lda: fanIn, b: w, ldb: units, beta: 0, c: z, ldc: units)
      }
    }
    guard let activation else {
      addBiasAndActivate(nil, rows: rows)
      applyOutputActivation(rows: rows, loss: loss)
      usedDropout = false
      return
    }
    switch batchNorm {
    case nil:
      addBiasAndActivate(activation, rows: rows)
    case .before:
      // h = gamma * z_norm + beta overwrites z; the activation reads it in the same pass.
      z._withPointer { z in
        computeStatistics(z, rows: rows, batchStatistics: batchStatistics,
          updateRunning: updateRunning, options: options)
      }
      normalizeBeforeActivation(activation, rows: rows)
    case .after:
      addBiasAndActivate(activation, rows: rows)
      a._withPointer { a in
        computeStatistics(a, rows: rows, batchStatistics: batchStatistics,
          updateRunning: updateRunning, options: options)
      }
      normalizeAfterActivation(rows: rows)
    }
    if let keep = dropoutKeep {
      applyDropout(keep: keep, rows: rows, rng: &rng)
    } else {
      usedDropout = false
    }
  }

  /// z += b (when the layer has a bias); a = g(z). The output layer (`nil`) only adds b.
  private mutating func addBiasAndActivate(_ activation: Activation?, rows: Int) {
    let units = self.units
    let count = rows * units
    bias._withPointer { b in
      z._withMutablePointer { z in
        if !bias.isEmpty {
          for r in 0..<rows {
            let row = z + r * units
            for j in 0..<units { row[j] += b[j] }
          }
        }
        if let activation {
          a._withMutablePointer { a in activation._apply(UnsafePointer(z), a, count: count) }
        }
      }
    }
  }

  /// Softmax by a stable max-shift per row; sigmoid; identity for MSE. Reads z, writes a.
  private mutating func applyOutputActivation(rows: Int, loss: OutputLoss) {
    let units = self.units
    let count = rows * units
    z._withPointer { z in
      a._withMutablePointer { a in
        switch loss {
        case .sigmoidCrossEntropy:
          Activation.sigmoid._apply(z, a, count: count)
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

  /// Fills `batchMean` and `batchInverseStd` with the batch's mean and 1 / sqrt(sigma^2 + eps)
  /// (biased sigma^2, two passes for accuracy), updating the running estimates by the PyTorch
  /// convention; or with the running estimates at inference.
  private mutating func computeStatistics(
    _ x: UnsafePointer<T>, rows: Int, batchStatistics: Bool, updateRunning: Bool,
    options: BatchNormOptions
  ) {
    let units = self.units
    let eps = T(options.eps)
    guard batchStatistics else {
      for j in 0..<units {
        batchMean[j] = runningMean[j]
        batchInverseStd[j] = 1 / (runningVariance[j] + eps).squareRoot()
      }
      return
    }
    let momentum = T(options.momentum)
    let correction: T = options.unbiasedRunningVariance && rows > 1 ? T(rows) / T(rows - 1) : 1
    let inverseRows = 1 / T(rows)
    // Row-major sweeps with the per-unit sums in the inner loop: contiguous, so LLVM vectorises.
    batchMean._withMutablePointer { mean in
      batchInverseStd._withMutablePointer { inverseStd in
        runningMean._withMutablePointer { runningMean in
          runningVariance._withMutablePointer { runningVariance in
            for j in 0..<units { mean[j] = 0 }
            for r in 0..<rows {
              let row = x + r * units
              for j in 0..<units { mean[j] += row[j] }
            }
            for j in 0..<units { mean[j] *= inverseRows }
            // Two-pass variance: accurate even when the mean is large. inverseStd holds the
            // sum of squares until the last loop.
            for j in 0..<units { inverseStd[j] = 0 }
            for r in 0..<rows {
              let row = x + r * units
              for j in 0..<units {
                let d = row[j] - mean[j]
                inverseStd[j] += d * d
              }
            }
            for j in 0..<units {
              let variance = inverseStd[j] * inverseRows
              if updateRunning {
                runningMean[j] = (1 - momentum) * runningMean[j] + momentum * mean[j]
                runningVariance[j] =
                  (1 - momentum) * runningVariance[j] + momentum * (variance * correction)
              }
              inverseStd[j] = 1 / T._sqrt(variance + eps)
            }
          }
        }
      }
    }
  }

  /// z_norm = (z - mu) * invstd kept for backward; h = gamma z_norm + beta written over z;
  /// a = g(h) (Ioffe & Szegedy 2015, Algorithm 1).
  private mutating func normalizeBeforeActivation(_ activation: Activation, rows: Int) {
    let units = self.units
    batchMean._withPointer { mean in
      batchInverseStd._withPointer { inverseStd in
        gamma._withPointer { gamma in
          beta._withPointer { beta in
            normalized._withMutablePointer { n in
              z._withMutablePointer { z in
                a._withMutablePointer { a in
                  let isSigmoid = activation == .sigmoid
                  for r in 0..<rows {
                    let base = r * units
                    let zr = z + base
                    let nr = n + base
                    let ar = a + base
                    for j in 0..<units {
                      let value = (zr[j] - mean[j]) * inverseStd[j]
                      nr[j] = value
                      let h = gamma[j] * value + beta[j]
                      zr[j] = h
                      if isSigmoid { ar[j] = activation._negatedClamp(h) }
                    }
                  }
                  if isSigmoid {
                    activation._sigmoidOfNegated(a, count: rows * units)
                  } else {
                    activation._apply(UnsafePointer(z), a, count: rows * units)
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// BN after the activation: z_norm from a, y = gamma z_norm + beta.
  private mutating func normalizeAfterActivation(rows: Int) {
    let units = self.units
    batchMean._withPointer { mean in
      batchInverseStd._withPointer { inverseStd in
        gamma._withPointer { gamma in
          beta._withPointer { beta in
            normalized._withMutablePointer { n in
              a._withPointer { a in
                y._withMutablePointer { y in
                  for r in 0..<rows {
                    let base = r * units
                    for j in 0..<units {
                      let value = (a[base + j] - mean[j]) * inverseStd[j]
                      n[base + j] = value
                      y[base + j] = gamma[j] * value + beta[j]
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

  /// Inverted dropout: y = out * mask with mask in {0, 1 / keep}, drawn from `rng`.
  private mutating func applyDropout(keep: T, rows: Int, rng: inout SplitMix64) {
    let count = rows * units
    let inverse = 1 / keep
    let keepProbability = Double(keep)
    let fromY = batchNorm == .after
    a._withPointer { a in
      mask._withMutablePointer { mask in
        y._withMutablePointer { y in
          let source = fromY ? UnsafePointer(y) : a
          for i in 0..<count {
            let m: T = rng.nextUniform() < keepProbability ? inverse : 0
            mask[i] = m
            y[i] = source[i] * m
          }
        }
      }
    }
    usedDropout = true
  }

  // MARK: Backward

  /// Turns `delta` (dL/d output) into parameter gradients and, when asked, dL/dx for the layer
  /// below: fused elementwise passes, then dW = x^T dz and dx = dz W^T as two GEMMs.
  mutating func backward(
    input: UnsafePointer<T>, rows: Int, l2: T, options: BatchNormOptions,
    inputDelta: UnsafeMutablePointer<T>?
  ) {
    let units = self.units
    let fanIn = self.fanIn
    let splitter = self.splitter
    if let activation {
      switch batchNorm {
      case nil:
        multiplyByDerivative(activation, rows: rows, accumulate: .bias)
      case .before:
        multiplyByDerivative(activation, rows: rows, accumulate: .batchNorm)
        normalizeBackward(rows: rows)
      case .after:
        if usedDropout { multiplyByMask(rows: rows) }
        batchNormSums(rows: rows)
        normalizeBackward(rows: rows)
        multiplyByDerivative(activation, rows: rows, accumulate: .bias, maskApplied: true)
      }
    } else {
      columnSums(rows: rows)
    }
    // delta now holds dL/dz.
    delta._withPointer { dz in
      weights._withPointer { w in
        weightsGradient._withMutablePointer { gw in
          if l2 > 0 {
            // gW = x^T dz + (lambda / m) W, seeded with the L2 term so one GEMM adds the rest.
            for i in 0..<(fanIn * units) { gw[i] = l2 * w[i] }
          }
          Self.product(
            splitter, transposeA: true, transposeB: false, m: fanIn, n: units, k: rows,
            alpha: 1, a: input, lda: fanIn, b: dz, ldb: units, beta: l2 > 0 ? 1 : 0, c: gw,
            ldc: units)
        }
        if let inputDelta {
          Self.product(
            splitter, transposeA: false, transposeB: true, m: rows, n: fanIn, k: units,
            alpha: 1, a: dz, lda: units, b: w, ldb: units, beta: 0, c: inputDelta, ldc: fanIn)
        }
      }
    }
  }

  enum ColumnSums { case bias, batchNorm }

  /// delta *= mask * g'(a) in one pass, accumulating the column sums the next stage needs:
  /// db = sum over rows (plain layer), or dbeta and dgamma = sum(delta * z_norm) (BN before).
  private mutating func multiplyByDerivative(
    _ activation: Activation, rows: Int, accumulate: ColumnSums, maskApplied: Bool = false
  ) {
    let units = self.units
    let useMask = usedDropout && !maskApplied
    let sumsBias = accumulate == .bias && !biasGradient.isEmpty
    let sumsBatchNorm = accumulate == .batchNorm
    a._withPointer { a in
      mask._withPointer { mask in
        normalized._withPointer { n in
          biasGradient._withMutablePointer { gb in
            betaGradient._withMutablePointer { gbeta in
              gammaGradient._withMutablePointer { ggamma in
                delta._withMutablePointer { d in
                  let sums = sumsBias ? gb : gbeta
                  if sumsBias || sumsBatchNorm {
                    for j in 0..<units { sums[j] = 0 }
                  }
                  if sumsBatchNorm {
                    for j in 0..<units { ggamma[j] = 0 }
                  }
                  for r in 0..<rows {
                    let base = r * units
                    let dr = d + base
                    let ar = a + base
                    let mr: UnsafePointer<T>? = useMask ? mask + base : nil
                    // One loop per activation: a switch inside the loop would stop vectorisation.
                    // g' is written through the output a = g(x); for (leaky) ReLU a > 0 exactly
                    // when x > 0.
                    switch activation {
                    case .sigmoid: Self._scale(dr, ar, mr, units) { a in a * (1 - a) }
                    case .tanh: Self._scale(dr, ar, mr, units) { a in 1 - a * a }
                    case .relu: Self._scale(dr, ar, mr, units) { a in a > 0 ? 1 : 0 }
                    case .leakyRelu:
                      let slope = T(Activation.leakySlope)
                      Self._scale(dr, ar, mr, units) { a in a > 0 ? 1 : slope }
                    case .linear: Self._scale(dr, ar, mr, units) { _ in 1 }
                    }
                    if sumsBias || sumsBatchNorm {
                      for j in 0..<units { sums[j] += dr[j] }
                    }
                    if sumsBatchNorm {
                      let nr = n + base
                      for j in 0..<units { ggamma[j] += dr[j] * nr[j] }
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

  /// d[j] *= g'(a[j]) (* mask[j]) along one row.
  @inline(__always)
  private static func _scale(
    _ d: UnsafeMutablePointer<T>, _ a: UnsafePointer<T>, _ mask: UnsafePointer<T>?, _ count: Int,
    _ derivative: (T) -> T
  ) {
    if let mask {
      for j in 0..<count { d[j] *= mask[j] * derivative(a[j]) }
    } else {
      for j in 0..<count { d[j] *= derivative(a[j]) }
    }
  }

  private mutating func multiplyByMask(rows: Int) {
    let count = rows * units
    mask._withPointer { mask in
      delta._withMutablePointer { d in for i in 0..<count { d[i] *= mask[i] } }
    }
  }

  /// db = column sums of delta (the output layer).
  private mutating func columnSums(rows: Int) {
    let units = self.units
    guard !biasGradient.isEmpty else { return }
    delta._withPointer { d in
      biasGradient._withMutablePointer { gb in
        _columnBlocks(units) { j, width in
          var sum = SIMD8<T>()
          for r in 0..<rows { sum += _load(d, r * units + j, width) }
          _store(sum, gb, j, width)
        }
      }
    }
  }

  /// dbeta = sum(delta), dgamma = sum(delta * z_norm) over the batch.
  private mutating func batchNormSums(rows: Int) {
    let units = self.units
    delta._withPointer { d in
      normalized._withPointer { n in
        betaGradient._withMutablePointer { gbeta in
          gammaGradient._withMutablePointer { ggamma in
            _columnBlocks(units) { j, width in
              var sum = SIMD8<T>()
              var weighted = SIMD8<T>()
              for r in 0..<rows {
                let v = _load(d, r * units + j, width)
                sum += v
                weighted += v * _load(n, r * units + j, width)
              }
              _store(sum, gbeta, j, width)
              _store(weighted, ggamma, j, width)
            }
          }
        }
      }
    }
  }

  /// Closed-form BN gradient (Ioffe & Szegedy 2015, section 3), in place on `delta`, with
  /// dbeta and dgamma already summed: dx = gamma * invstd * (dy - (dbeta + z_norm * dgamma) / m).
  private mutating func normalizeBackward(rows: Int) {
    let units = self.units
    let inverseRows = 1 / T(rows)
    normalized._withPointer { n in
      gamma._withPointer { gamma in
        batchInverseStd._withPointer { inverseStd in
          gammaGradient._withPointer { ggamma in
            betaGradient._withPointer { gbeta in
              delta._withMutablePointer { d in
                for r in 0..<rows {
                  let base = r * units
                  for j in 0..<units {
                    let scale = gamma[j] * inverseStd[j]
                    let sumBeta = gbeta[j] * inverseRows
                    let sumGamma = ggamma[j] * inverseRows
                    d[base + j] = scale * (d[base + j] - (sumBeta + n[base + j] * sumGamma))
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
