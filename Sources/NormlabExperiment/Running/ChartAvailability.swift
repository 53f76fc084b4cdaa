/// Which of the charts a report asks for by name this experiment can draw, known once the data
/// is loaded and before any training: a chart that cannot be drawn is an error in `check` and
/// before `run` trains, pointing at the place the report asks for it.
public enum ChartAvailability {
  /// What decides whether a chart can be drawn, per run.
  public struct RunShape: Sendable {
    public var features: Int
    public var trainSamples: Int
    public var hiddenLayers: Int
    /// Classes of a classifier; nil for a regression (linear output).
    public var classes: Int?

    public init(features: Int, trainSamples: Int, hiddenLayers: Int, classes: Int? = 2) {
      self.features = features
      self.trainSamples = trainSamples
      self.hiddenLayers = hiddenLayers
      self.classes = classes
    }
  }

  /// Why `chart` cannot be drawn for runs of these shapes, or nil when it can.
  public static func reason(_ chart: String, experiment: ExperimentFile, shapes: [RunShape]) -> String? {
    switch chart {
    case "sweep":
      return experiment.sweepKeys.isEmpty ? "plots a hyperparameter search, and the experiment has no `sweep`" : nil
    case "decision_boundary":
      if let other = shapes.first(where: { $0.features != 2 }) {
        return "is drawn over a plane of 2 input features, and the data has \(other.features)"
      }
      return nil
    case "contours":
      if let other = shapes.first(where: { $0.features < 2 }) {
        return "draws the loss surface of two input features, and the data has \(other.features)"
      }
      if shapes.contains(where: { $0.trainSamples < 4 }) {
        return "needs at least 4 training samples to fit the loss surface"
      }
      return nil
    case "confusion_matrix":
      return shapes.contains(where: { $0.classes == nil }) ? "needs classes, and the network is a regression (`model.output: linear`)" : nil
    case "roc":
      if shapes.contains(where: { $0.classes == nil }) { return "needs classes, and the network is a regression (`model.output: linear`)" }
      if let other = shapes.first(where: { ($0.classes ?? 2) != 2 }) {
        return "is drawn for two classes, and the data has \(other.classes ?? 0)"
      }
      return nil
    case "percentiles", "saturation":
      return shapes.allSatisfy({ $0.hiddenLayers == 0 }) ? "looks inside hidden layers, and the network has none" : nil
    default:
      return nil
    }
  }

  /// The charts the experiment names itself (`report.charts` and the sections' charts), each
  /// with the problem that keeps it from being drawn.
  public static func problems(_ experiment: ExperimentFile, shapes: [RunShape]) -> [Diagnostic] {
    var requested: [String] = []
    for name in experiment.report.charts + experiment.report.sections.flatMap(\.charts)
    where !requested.contains(name) && !experiment.report.exclude.contains(name) {
      requested.append(name)
    }
    return requested.compactMap { name in
      guard let reason = reason(name, experiment: experiment, shapes: shapes) else { return nil }
      return experiment.diagnostic(
        at: ChartName.positionKey(name), "the chart `\(name)` cannot be drawn: it \(reason)",
        hint: "remove it from the report, or change the experiment so it applies")
    }
  }
}
