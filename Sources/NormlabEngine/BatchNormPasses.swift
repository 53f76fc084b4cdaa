import RealModule

/// Batch Normalization's passes over a layer (Ioffe & Szegedy 2015): batch statistics and
/// running estimates, normalize + scale/shift before or after the activation, and the
/// closed-form backward pass. Forward and backward in `LayerPasses.swift` call them.
extension DenseLayer {
  /// Fills `batchMean` and `batchInverseStd` with the batch's mean and 1 / sqrt(sigma^2 + eps)
  /// (biased sigma^2, two passes for accuracy), updating the running estimates by the PyTorch
  /// convention; or with the running estimates at inference.
  mutating func computeStatistics(
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
  mutating func normalizeBeforeActivation(_ activation: Activation, rows: Int) {
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
  mutating func normalizeAfterActivation(rows: Int) {
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

  /// dbeta = sum(delta), dgamma = sum(delta * z_norm) over the batch.
  mutating func batchNormSums(rows: Int) {
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
  mutating func normalizeBackward(rows: Int) {
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
