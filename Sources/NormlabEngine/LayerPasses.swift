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
}
