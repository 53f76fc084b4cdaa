import NormlabEngine
import RealModule

/// One optimizer's trajectory over a 2-parameter loss surface.
public struct OptimizerPathRecord: Sendable, Codable, Hashable {
  /// `gd`, `momentum`, `rmsprop` or `adam`.
  public var optimizer: String
  public var lr: Double
  public var x: [Double]
  public var y: [Double]
}

/// A 2-parameter loss surface on a grid, its minimum and the optimizers' paths over it.
public struct LossSurfaceRecord: Sendable, Codable, Hashable {
  /// What the inputs were: `raw` or `normalized`.
  public var inputs: String
  /// The two features the model sees (indices into the dataset's columns).
  public var features: [Int]
  public var xRange: [Double]
  public var yRange: [Double]
  public var resolution: Int
  /// Row-major, `resolution` × `resolution`, y rows from bottom.
  public var values: [Double]
  public var minimum: [Double]
  public var minimumLoss: Double
  /// Ratio of the Hessian's eigenvalues: how elongated the valley is.
  public var conditionNumber: Double
  public var paths: [OptimizerPathRecord]

  enum CodingKeys: String, CodingKey {
    case inputs, features, xRange = "x_range", yRange = "y_range", resolution, values, minimum
    case minimumLoss = "minimum_loss", conditionNumber = "condition_number", paths
  }
}

/// Figures computed at run time that training alone does not produce, stored so `report`
/// only draws.
public struct AnalysesRecord: Sendable, Codable, Hashable {
  public var lossSurfaces: [LossSurfaceRecord]

  enum CodingKeys: String, CodingKey {
    case lossSurfaces = "loss_surfaces"
  }
}

/// Deterministic analyses run once per experiment, after training.
public enum ExperimentAnalyses {
  /// Loss surfaces are computed when the report asks for `contours`, or the data is `scaled`
  /// (the dataset made to show what input normalization does to the loss surface).
  public static func wantsLossSurfaces(_ experiment: ExperimentFile) -> Bool {
    let report = experiment.report
    if report.exclude.contains("contours") { return false }
    if report.charts.contains("contours") || report.sections.contains(where: { $0.charts.contains("contours") }) {
      return true
    }
    return experiment.variants.contains { experiment.settings(of: $0).data.dataset == .scaled }
  }

  public static func compute(
    _ experiment: ExperimentFile, prepared: [PreparedRun]
  ) -> AnalysesRecord? {
    guard wantsLossSurfaces(experiment), let data = prepared.first?.data else { return nil }
    let surfaces = LossSurface.beforeAndAfterNormalization(data)
    return surfaces.isEmpty ? nil : AnalysesRecord(lossSurfaces: surfaces)
  }
}

/// Least-squares linear regression with two weights and no bias, J(w) = 1/(2m) Σ (wᵀx − y)²
/// with y = ±1: a quadratic bowl whose Hessian is XᵀX/m, so its shape is exactly what the
/// input scales make it (Ng, "Normalizing inputs": elongated contours for features on
/// different scales, round ones after standardization).
public struct LossSurface: Sendable {
  /// XᵀX / m.
  public var h11: Double, h12: Double, h22: Double
  /// Xᵀy / m.
  public var b1: Double, b2: Double
  /// yᵀy / m.
  public var c: Double

  public init(x1: [Double], x2: [Double], y: [Double]) {
    let m = Double(max(y.count, 1))
    var s = (h11: 0.0, h12: 0.0, h22: 0.0, b1: 0.0, b2: 0.0, c: 0.0)
    for i in y.indices {
      s.h11 += x1[i] * x1[i]
      s.h12 += x1[i] * x2[i]
      s.h22 += x2[i] * x2[i]
      s.b1 += x1[i] * y[i]
      s.b2 += x2[i] * y[i]
      s.c += y[i] * y[i]
    }
    h11 = s.h11 / m
    h12 = s.h12 / m
    h22 = s.h22 / m
    b1 = s.b1 / m
    b2 = s.b2 / m
    c = s.c / m
  }

  /// The bowl with Hessian `h` (h11, h12, h22) and its minimum, of height 0, at `minimum`.
  public init(hessian h: (Double, Double, Double), minimum: (Double, Double)) {
    h11 = h.0
    h12 = h.1
    h22 = h.2
    b1 = h11 * minimum.0 + h12 * minimum.1
    b2 = h12 * minimum.0 + h22 * minimum.1
    c = minimum.0 * b1 + minimum.1 * b2
  }

  /// The picture of the course notes' optimizer lectures, independent of any data: a bowl
  /// `condition` times steeper across its valley than along it, the valley turned 30° from the
  /// axes, with the same four paths as `contours`. Drawn by the `optimizer_paths` chart.
  public static func illustration(condition: Double = 20) -> LossSurfaceRecord? {
    let angle = Double.pi / 6
    let (cosine, sine) = (Double.cos(angle), Double.sin(angle))
    // H = R diag(1, condition) Rᵀ with R the rotation by `angle`: slow along (cos, sin).
    let steep = max(condition, 1)
    let h11 = cosine * cosine + steep * sine * sine
    let h12 = cosine * sine * (1 - steep)
    let h22 = sine * sine + steep * cosine * cosine
    return LossSurface(hessian: (h11, h12, h22), minimum: (1, 0.5))
      .record(inputs: "illustration", features: [], across: 0.4)
  }

  public func loss(_ w1: Double, _ w2: Double) -> Double {
    0.5 * (h11 * w1 * w1 + 2 * h12 * w1 * w2 + h22 * w2 * w2) - b1 * w1 - b2 * w2 + 0.5 * c
  }

  public func gradient(_ w1: Double, _ w2: Double) -> (Double, Double) {
    (h11 * w1 + h12 * w2 - b1, h12 * w1 + h22 * w2 - b2)
  }

  /// H⁻¹ b; nil when the features are collinear.
  public var minimum: (Double, Double)? {
    let det = h11 * h22 - h12 * h12
    guard abs(det) > 1e-300 * max(h11 * h22, 1e-300), det.isFinite, det > 0 else { return nil }
    return ((h22 * b1 - h12 * b2) / det, (h11 * b2 - h12 * b1) / det)
  }

  /// Eigenvalues (large, small) and the unit eigenvector of the small one.
  public var eigen: (large: Double, small: Double, slowDirection: (Double, Double)) {
    let mean = (h11 + h22) / 2
    let radius = (((h11 - h22) / 2) * ((h11 - h22) / 2) + h12 * h12).squareRoot()
    let large = mean + radius
    let small = max(mean - radius, large * 1e-16)
    // (H − small·I) v = 0 → v ∝ (h12, small − h11) or (small − h22, h12).
    var v = abs(h12) > 1e-300 ? (h12, small - h11) : (h11 <= h22 ? (1.0, 0.0) : (0.0, 1.0))
    if abs(h12) > 1e-300, abs(v.0) + abs(v.1) < 1e-300 { v = (small - h22, h12) }
    let norm = (v.0 * v.0 + v.1 * v.1).squareRoot()
    return (large, small, norm > 0 ? (v.0 / norm, v.1 / norm) : (1, 0))
  }

  /// The surface of the raw inputs and of the same inputs standardized, each with the paths of
  /// GD, momentum, RMSprop and Adam. Uses the first and last feature (the widest scale gap of
  /// the `scaled` dataset).
  public static func beforeAndAfterNormalization(_ data: LoadedData) -> [LossSurfaceRecord] {
    let train = data.train
    let d = train.featureCount
    guard d >= 2, train.count >= 4 else { return [] }
    let columns = [0, d - 1]
    func column(_ j: Int) -> [Double] {
      (0..<train.count).map { r in
        let z = Double(train.features[r * d + j])
        // Undo the run's own normalization, if any: the "before" surface needs raw inputs.
        guard let normalizer = data.normalizer else { return z }
        return z * normalizer.standardDeviation[j] + normalizer.mean[j]
      }
    }
    let raw1 = column(columns[0])
    let raw2 = column(columns[1])
    let y = train.labels.map { $0 > 0 ? 1.0 : -1.0 }
    func standardized(_ v: [Double]) -> [Double] {
      let mean = v.reduce(0, +) / Double(v.count)
      let std = (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)).squareRoot()
      return v.map { ($0 - mean) / (std > 1e-12 ? std : 1) }
    }
    var records: [LossSurfaceRecord] = []
    for (inputs, x1, x2) in [("raw", raw1, raw2), ("normalized", standardized(raw1), standardized(raw2))] {
      if let record = LossSurface(x1: x1, x2: x2, y: y).record(inputs: inputs, features: columns) {
        records.append(record)
      }
    }
    return records.count == 2 ? records : []
  }

  /// Grid over a window around the minimum that holds the start, and the four optimizers'
  /// paths from that common start.
  /// `across` is how far up the steep wall the start sits, as a fraction of the distance along
  /// the valley.
  public func record(inputs: String, features: [Int], resolution: Int = 81, steps: Int = 50, across: Double = 0.15)
    -> LossSurfaceRecord?
  {
    guard let (m1, m2) = minimum, m1.isFinite, m2.isFinite else { return nil }
    let (large, small, slow) = eigen
    guard large > 0, large.isFinite else { return nil }
    // Start where the slow direction alone raises the loss by 1 (J(0) = 0.5 for y = ±1), and
    // a little way up the steep wall, so gradient descent has a valley to zig-zag across.
    let reach = min((2 / small).squareRoot(), 1e6 * max(abs(m1), abs(m2), 1))
    let fast = (-slow.1, slow.0)
    let sign = slow.0 + slow.1 < 0 ? -1.0 : 1.0
    let start = (
      m1 - sign * reach * slow.0 + across * reach * fast.0,
      m2 - sign * reach * slow.1 + across * reach * fast.1)
    // A long valley gets a window fitting the start in each coordinate separately (as
    // matplotlib's autoscaling would): with equal scales a valley a thousand times longer than
    // wide is a line.
    // A mildly elongated bowl keeps equal scales, so its true shape shows.
    var halfX = 1.4 * max(abs(start.0 - m1), 0.05 * reach)
    var halfY = 1.4 * max(abs(start.1 - m2), 0.05 * reach)
    if large / small < 100 {
      halfX = 1.4 * reach
      halfY = halfX
    }
    let xRange = [m1 - halfX, m1 + halfX]
    let yRange = [m2 - halfY, m2 + halfY]
    var values: [Double] = []
    values.reserveCapacity(resolution * resolution)
    for row in 0..<resolution {
      let w2 = yRange[0] + (yRange[1] - yRange[0]) * Double(row) / Double(resolution - 1)
      for col in 0..<resolution {
        let w1 = xRange[0] + (xRange[1] - xRange[0]) * Double(col) / Double(resolution - 1)
        values.append(Self.rounded(loss(w1, w2)))
      }
    }
    // GD and momentum share the largest comfortable rate of the steep direction; RMSprop and
    // Adam take steps of a fixed size in parameter units, a small fraction of the window.
    let gdRate = 1.6 / large
    let adaptiveRate = 0.03 * reach
    let paths = [
      path(.sgd, lr: gdRate, beta1: 0.9, beta2: 0.999, start: start, steps: steps, name: "gd"),
      path(.momentum, lr: gdRate, beta1: 0.9, beta2: 0.999, start: start, steps: steps, name: "momentum"),
      path(.rmsprop, lr: adaptiveRate, beta1: 0.9, beta2: 0.9, start: start, steps: steps, name: "rmsprop"),
      path(.adam, lr: adaptiveRate, beta1: 0.9, beta2: 0.999, start: start, steps: steps, name: "adam"),
    ]
    return LossSurfaceRecord(
      inputs: inputs, features: features, xRange: xRange.map(Self.rounded),
      yRange: yRange.map(Self.rounded), resolution: resolution, values: values,
      minimum: [Self.rounded(m1), Self.rounded(m2)], minimumLoss: Self.rounded(loss(m1, m2)),
      conditionNumber: Self.rounded(large / small), paths: paths)
  }

  /// Full-batch updates with the engine's update rules (see `OptimizerKind`): momentum in its
  /// exponentially weighted form, RMSprop (Hinton 2012), Adam with bias correction (Kingma &
  /// Ba 2014, Algorithm 1).
  func path(
    _ kind: OptimizerKind, lr: Double, beta1: Double, beta2: Double, start: (Double, Double),
    steps: Int, name: String
  ) -> OptimizerPathRecord {
    let options = OptimizerOptions(kind: kind, lr: lr, beta1: beta1, beta2: beta2, eps: 1e-8)
    var w = [start.0, start.1]
    var v = [0.0, 0.0]
    var s = [0.0, 0.0]
    var xs = [Self.rounded(w[0])]
    var ys = [Self.rounded(w[1])]
    for t in 1...max(steps, 1) {
      let (g1, g2) = gradient(w[0], w[1])
      let g = [g1, g2]
      // The engine's own update rules, so these paths are what training would do.
      let rule = UpdateRule.Step<Double>(options: options, lr: lr, t: t)
      for i in 0..<2 {
        switch kind {
        case .sgd: w[i] = UpdateRule.sgd(w[i], g[i], rule)
        case .momentum: (w[i], v[i]) = UpdateRule.momentum(w[i], g[i], velocity: v[i], rule)
        case .rmsprop: (w[i], s[i]) = UpdateRule.rmsprop(w[i], g[i], square: s[i], rule)
        case .adam: (w[i], v[i], s[i]) = UpdateRule.adam(w[i], g[i], velocity: v[i], square: s[i], rule)
        }
      }
      guard w[0].isFinite, w[1].isFinite else { break }
      xs.append(Self.rounded(w[0]))
      ys.append(Self.rounded(w[1]))
    }
    return OptimizerPathRecord(optimizer: name, lr: Self.rounded(lr), x: xs, y: ys)
  }

  /// Seven significant digits keep metrics.json small; the figures cannot show more.
  static func rounded(_ value: Double) -> Double { SignificantDigits.round(value, digits: 7) }
}
