import NormlabExperiment

/// Captions built from what the experiment contains: Batch Normalization is named only when a
/// variant uses it, a multi-class boundary is "predicted class", and the train–test gaps the
/// decision boundaries illustrate are stated. A template's own caption still wins.
enum ChartCaptions {
  static func caption(_ name: String, result: ExperimentResult) -> String {
    let strings = result.strings
    let groups = RunGroup.displayed(of: result).groups
    switch name {
    case "percentiles": return percentiles(groups, result: result)
    case "decision_boundary": return decisionBoundary(groups, result: result)
    case "accuracy", "loss":
      let base = ChartBuilder.defaultCaptions(strings)[name] ?? ""
      return Set(groups.compactMap { VariantSettings.batchSize(of: $0, in: result) }).count > 1
        ? base + strings[.batchSizesDifferSuffix]
        : base
    default: return ChartBuilder.defaultCaptions(strings)[name] ?? ""
    }
  }

  static func percentiles(_ groups: [RunGroup], result: ExperimentResult) -> String {
    let strings = result.strings
    guard VariantSettings.usesBatchNorm(groups, in: result) else {
      return strings[.percentilesBase] + strings[.percentilesWithoutBN]
    }
    return strings[.percentilesBase] + strings[.percentilesWithBN]
  }

  static func decisionBoundary(_ groups: [RunGroup], result: ExperimentResult) -> String {
    let strings = result.strings
    let classes = result.runs.compactMap { $0.boundary?.classes }.max() ?? 2
    var text = classes > 2
      ? strings[.boundaryClasses]
      : strings(.boundaryProbability, ClassNames.names(result.classNames, count: 2, strings: strings)[1])
    let gaps = groups.compactMap { group -> String? in
      guard let (train, test) = SurfaceCharts.accuracies(group) else { return nil }
      let points = (train - test) * 100
      return strings(.accuracyGap, group.label, Format.number(points, digits: 2))
    }
    if !gaps.isEmpty {
      text += strings[.accuracyGapsPrefix] + gaps.joined(separator: strings[.listSeparator]) + strings[.sentenceEnd]
    }
    return text
  }
}

extension ExperimentResult {
  /// normlab's own texts in the report's language.
  var strings: ReportStrings { ReportStrings(report.language) }
}
