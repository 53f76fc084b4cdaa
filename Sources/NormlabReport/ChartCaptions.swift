import NormlabExperiment

/// Captions built from what the experiment contains: Batch Normalization is named only when a
/// variant uses it, a multi-class boundary is "predicted class", and the train–test gaps the
/// decision boundaries illustrate are stated. A template's own caption still wins.
enum ChartCaptions {
  static func caption(_ name: String, result: ExperimentResult) -> String {
    let groups = RunGroup.displayed(of: result).groups
    switch name {
    case "percentiles": return percentiles(groups, result: result)
    case "decision_boundary": return decisionBoundary(groups, result: result)
    case "accuracy", "loss":
      let base = ChartBuilder.defaultCaptions[name] ?? ""
      return Set(groups.compactMap { VariantSettings.batchSize(of: $0, in: result) }).count > 1
        ? base + " The variants' batch sizes differ, so the x axis counts epochs."
        : base
    default: return ChartBuilder.defaultCaptions[name] ?? ""
    }
  }

  static func percentiles(_ groups: [RunGroup], result: ExperimentResult) -> String {
    let base =
      "The 15th, 50th and 85th percentiles of one hidden unit's input (pre-activation) over training, one panel per variant on shared axes"
    guard VariantSettings.usesBatchNorm(groups, in: result) else {
      return base + ". A band that drifts or widens means the unit's input distribution keeps changing as earlier layers learn."
    }
    return base
      + ", without and with Batch Normalization (Ioffe & Szegedy 2015, Figure 1b/c). Without BN the distribution drifts as earlier layers change: internal covariate shift."
  }

  static func decisionBoundary(_ groups: [RunGroup], result: ExperimentResult) -> String {
    let classes = result.runs.compactMap { $0.boundary?.classes }.max() ?? 2
    var text =
      classes > 2
      ? "Predicted class over the input plane for each variant (first seed), with the test points on top, each class in its own colour and marker shape."
      : "Predicted probability of class 1 over the input plane for each variant (first seed), with the test points on top (each class its own colour and marker shape); the labelled 0.5 contour is the decision boundary."
    let gaps = groups.compactMap { group -> String? in
      guard let (train, test) = SurfaceCharts.accuracies(group) else { return nil }
      let points = (train - test) * 100
      return "\(group.label) \(Format.number(points, digits: 2)) points"
    }
    if !gaps.isEmpty {
      text += " Train minus test accuracy (mean over seeds): " + gaps.joined(separator: ", ") + "."
    }
    return text
  }
}
