import NormlabStatistics

/// A per-seed quantity an `expect:` clause, a report table or inline prose can name after a
/// variant: a final metric, a sweep's best trial, or the number of steps (epochs) a logged
/// curve takes to reach a target, e.g. `steps_to(test_accuracy >= 0.9)`.
public enum ExpectMetric: Sendable, Hashable, CustomStringConvertible {
  case trainLoss, testLoss, trainAccuracy, testAccuracy, devLoss, devAccuracy
  case steps, epochs
  /// Fraction of the variant's runs that diverged.
  case diverged
  /// The best sweep trial's test (or development) metric, mean over seeds. The trial is chosen
  /// on the development set when there is one, else on the test set; diverged trials count as
  /// failed trials of the search, not as a failed clause.
  case bestTestAccuracy, bestTestLoss, bestDevAccuracy, bestDevLoss
  /// The first logged step (epoch) at which a curve meets a target; not reached is +∞ (and
  /// the run's length for a confidence test).
  case stepsTo(Target)
  case epochsTo(Target)

  /// The values the metric can take, where it has bounds: a fraction for accuracies, at least
  /// 0 for losses and counts. An interval around a mean is cut to them.
  public var range: ClosedRange<Double>? {
    switch self {
    case .trainAccuracy, .testAccuracy, .devAccuracy, .bestTestAccuracy, .bestDevAccuracy, .diverged: return 0...1
    case .trainLoss, .testLoss, .devLoss, .bestTestLoss, .bestDevLoss, .steps, .epochs, .stepsTo, .epochsTo:
      return 0...Double.greatestFiniteMagnitude
    }
  }

  /// A curve the target reads.
  public enum Curve: String, Sendable, Hashable, CaseIterable {
    case trainLoss = "train_loss", testLoss = "test_loss"
    case trainAccuracy = "train_accuracy", testAccuracy = "test_accuracy"
    case devLoss = "dev_loss", devAccuracy = "dev_accuracy"

    func values(in history: HistoryRecord) -> [Double?] {
      switch self {
      case .trainLoss: return history.trainLoss
      case .testLoss: return history.testLoss
      case .trainAccuracy: return history.trainAccuracy
      case .testAccuracy: return history.testAccuracy
      case .devLoss: return history.devLoss ?? []
      case .devAccuracy: return history.devAccuracy ?? []
      }
    }
  }

  /// `test_accuracy >= 0.9`: a curve, a direction and a threshold.
  public struct Target: Sendable, Hashable {
    public var curve: Curve
    /// True for `>=` (and `>`), false for `<=` (and `<`).
    public var atLeast: Bool
    public var strict: Bool
    public var threshold: Double

    public var text: String {
      "\(curve.rawValue) \(atLeast ? ">" : "<")\(strict ? "" : "=") \(ExpectMetric.number(threshold))"
    }

    func isMet(by value: Double) -> Bool {
      guard value.isFinite else { return false }
      if atLeast { return strict ? value > threshold : value >= threshold }
      return strict ? value < threshold : value <= threshold
    }
  }

  /// Metrics named by a plain word.
  public static let named: [String: ExpectMetric] = [
    "train_loss": .trainLoss, "test_loss": .testLoss, "train_accuracy": .trainAccuracy,
    "test_accuracy": .testAccuracy, "dev_loss": .devLoss, "dev_accuracy": .devAccuracy,
    "steps": .steps, "epochs": .epochs, "diverged": .diverged,
    "best_test_accuracy": .bestTestAccuracy, "best_test_loss": .bestTestLoss,
    "best_dev_accuracy": .bestDevAccuracy, "best_dev_loss": .bestDevLoss,
  ]

  /// Every name, for messages and docs (the two functions with their argument form).
  public static var names: [String] {
    named.keys.sorted() + ["steps_to(CURVE >= X)", "epochs_to(CURVE >= X)"]
  }

  public var description: String {
    switch self {
    case .stepsTo(let target): return "steps_to(\(target.text))"
    case .epochsTo(let target): return "epochs_to(\(target.text))"
    default: return Self.named.first { $0.value == self }?.key ?? "metric"
    }
  }

  /// Whether a smaller value is better (losses, steps to a target): `compare` and the reports
  /// say "better" and "worse" by it.
  public var lowerIsBetter: Bool {
    switch self {
    case .trainLoss, .testLoss, .devLoss, .bestTestLoss, .bestDevLoss, .diverged, .stepsTo, .epochsTo: return true
    default: return false
    }
  }

  /// Whether the metric reads the development set, which a run has only when the experiment
  /// sets one up (`data.dev_fraction`, development files).
  public var readsDevelopmentSet: Bool {
    switch self {
    case .devLoss, .devAccuracy, .bestDevAccuracy, .bestDevLoss: return true
    case .stepsTo(let target), .epochsTo(let target): return target.curve == .devLoss || target.curve == .devAccuracy
    default: return false
    }
  }

  /// Whether the metric judges a search by its best trial.
  public var isBestOfSweep: Bool {
    switch self {
    case .bestTestAccuracy, .bestTestLoss, .bestDevAccuracy, .bestDevLoss: return true
    default: return false
    }
  }

  /// Reads `steps_to(test_accuracy >= 0.9)` and the plain names; nil with a reason otherwise.
  public static func parse(_ text: String) -> Result<ExpectMetric, MetricProblem> {
    if let metric = named[text] { return .success(metric) }
    for (prefix, make) in [("steps_to", ExpectMetric.stepsTo), ("epochs_to", ExpectMetric.epochsTo)] as [(String, (Target) -> ExpectMetric)]
    where text.hasPrefix(prefix + "(") && text.hasSuffix(")") {
      let inner = text.dropFirst(prefix.count + 1).dropLast()
      let parts = inner.split(separator: " ", omittingEmptySubsequences: true)
      guard parts.count == 3, let curve = Curve(rawValue: String(parts[0])),
        [">=", ">", "<=", "<"].contains(parts[1]), let threshold = Double(parts[2]), threshold.isFinite
      else {
        return .failure(MetricProblem(
          message: "`\(text)` needs a curve, a comparison and a number, e.g. `\(prefix)(test_accuracy >= 0.9)`",
          hint: "curves are \(Curve.allCases.map(\.rawValue).joined(separator: ", ")); write spaces around the comparison"))
      }
      return .success(make(Target(curve: curve, atLeast: parts[1].hasPrefix(">"), strict: parts[1].count == 1, threshold: threshold)))
    }
    let guess = suggestion(for: text, among: Array(named.keys))
    return .failure(MetricProblem(
      message: "unknown metric `\(text)`\(guess.map { " (did you mean `\($0)`?)" } ?? "")",
      hint: "metrics are \(names.joined(separator: ", "))"))
  }

  public struct MetricProblem: Error, Sendable {
    public var message: String
    public var hint: String?
  }

  /// The metric's value for one run; nil when the run has none (no development set, NaN).
  /// A target not reached is +∞.
  public func value(in run: RunRecord) -> Double? {
    let final = run.final
    switch self {
    case .trainLoss: return final.trainLoss
    case .testLoss, .bestTestLoss: return final.testLoss
    case .trainAccuracy: return final.trainAccuracy
    case .testAccuracy, .bestTestAccuracy: return final.testAccuracy
    case .devLoss, .bestDevLoss: return final.devLoss
    case .devAccuracy, .bestDevAccuracy: return final.devAccuracy
    case .steps: return Double(final.steps)
    case .epochs: return final.epochs
    case .diverged: return final.diverged ? 1 : 0
    case .stepsTo(let target), .epochsTo(let target):
      let values = target.curve.values(in: run.history)
      guard let index = values.indices.first(where: { values[$0].map(target.isMet) ?? false }) else {
        return .infinity
      }
      if case .stepsTo = self { return index < run.history.step.count ? Double(run.history.step[index]) : nil }
      return index < run.history.epoch.count ? run.history.epoch[index] : nil
    }
  }

  /// The value a seed contributes to a confidence test: a target not reached counts as the
  /// run's whole length (censored), which is conservative for claims that such a run is slower.
  func censoredValue(in run: RunRecord) -> Double? {
    guard let value = value(in: run) else { return nil }
    guard value == .infinity else { return value }
    switch self {
    case .stepsTo: return Double(run.final.steps)
    case .epochsTo: return run.final.epochs
    default: return value
    }
  }

  /// The value over seeds: the mean, or for steps and epochs to a target the median (+∞ when
  /// fewer than half the seeds reached it, as counting them "slower than all" implies).
  public func aggregate(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    switch self {
    case .stepsTo, .epochsTo:
      let sorted = values.map { $0.isNaN ? Double.infinity : $0 }.sorted()
      let middle = sorted.count / 2
      return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    default:
      return values.reduce(0, +) / Double(values.count)
    }
  }

  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
  }
}
