import NormlabStatistics
import Testing

/// Confusion matrix, per-class metrics and ROC against scikit-learn.
@Suite struct ClassificationTests {
  @Test func confusionMatrixAndReportMatchScikitLearn() throws {
    let cases = Fixtures.cases("classification")
    #expect(cases.count == 4)
    for c in cases {
      let name = c["name"] as? String ?? ""
      let k = Int(number(c["classes"]))
      let m = try ConfusionMatrix(
        truth: integers(c["truth"]), predicted: integers(c["predicted"]), classCount: k)
      let expected = (c["confusion"] as? [Any] ?? []).map(integers)
      for t in 0..<k {
        for p in 0..<k { #expect(m[t, p] == expected[t][p], "\(name) [\(t), \(p)]") }
      }
      let r = m.report
      let precision = numbers(c["precision"])
      let recall = numbers(c["recall"])
      let f1 = numbers(c["f1"])
      let support = integers(c["support"])
      for i in 0..<k {
        #expect(
          isClose(r.perClass[i].precision, precision[i], relative: 1e-14), "\(name) precision \(i)")
        #expect(isClose(r.perClass[i].recall, recall[i], relative: 1e-14), "\(name) recall \(i)")
        #expect(isClose(r.perClass[i].f1, f1[i], relative: 1e-14), "\(name) f1 \(i)")
        #expect(r.perClass[i].support == support[i])
      }
      let macro = numbers(c["macro"])
      let weighted = numbers(c["weighted"])
      #expect(isClose(r.macroAverage.precision, macro[0], relative: 1e-14), "\(name) macro")
      #expect(isClose(r.macroAverage.recall, macro[1], relative: 1e-14), "\(name) macro")
      #expect(isClose(r.macroAverage.f1, macro[2], relative: 1e-14), "\(name) macro")
      #expect(
        isClose(r.weightedAverage.precision, weighted[0], relative: 1e-14), "\(name) weighted")
      #expect(isClose(r.weightedAverage.recall, weighted[1], relative: 1e-14), "\(name) weighted")
      #expect(isClose(r.weightedAverage.f1, weighted[2], relative: 1e-14), "\(name) weighted")
      #expect(isClose(r.accuracy ?? .nan, number(c["accuracy"]), relative: 1e-15))
    }
  }

  @Test func zeroDivisionIsZero() throws {
    // Class 2 never appears and is never predicted; class 1 is never predicted.
    let m = try ConfusionMatrix(truth: [0, 1, 0], predicted: [0, 0, 0], classCount: 3)
    let r = m.report
    #expect(r.perClass[1] == ClassMetrics(precision: 0, recall: 0, f1: 0, support: 1))
    #expect(r.perClass[2] == ClassMetrics(precision: 0, recall: 0, f1: 0, support: 0))
    let empty = try ConfusionMatrix(truth: [], predicted: [], classCount: 2)
    #expect(empty.accuracy == nil && empty.report.weightedAverage.f1 == 0)
  }

  @Test func badLabelsThrow() {
    #expect(throws: StatisticsError.labelOutOfRange(index: 1, label: 3, classCount: 3)) {
      try ConfusionMatrix(truth: [0, 3], predicted: [0, 1], classCount: 3)
    }
    #expect(throws: StatisticsError.self) {
      try ConfusionMatrix(truth: [0], predicted: [-1], classCount: 3)
    }
    #expect(throws: StatisticsError.self) {
      try ConfusionMatrix(truth: [0], predicted: [], classCount: 3)
    }
    #expect(throws: StatisticsError.self) {
      try ConfusionMatrix(truth: [], predicted: [], classCount: 0)
    }
    #expect(throws: StatisticsError.self) {
      try ConfusionMatrix(
        truth: [], predicted: [], classCount: ConfusionMatrix.maximumClassCount + 1)
    }
  }

  @Test func rocCurveMatchesScikitLearn() throws {
    let cases = Fixtures.cases("roc")
    #expect(cases.count == 6)
    for c in cases {
      let name = c["name"] as? String ?? ""
      let analysis = try ROCCurve.analyze(
        labels: integers(c["labels"]), scores: numbers(c["scores"]),
        positiveClass: Int(number(c["positive_class"])))
      let curve = try #require(analysis.curve, "\(name)")
      #expect(curve.thresholds == numbers(c["thresholds"]), "\(name) thresholds")
      let fpr = numbers(c["fpr"])
      let tpr = numbers(c["tpr"])
      #expect(
        curve.falsePositiveRate.count == fpr.count && curve.truePositiveRate.count == tpr.count)
      for (a, b) in zip(curve.falsePositiveRate, fpr) {
        #expect(isClose(a, b, relative: 1e-15), "\(name) fpr")
      }
      for (a, b) in zip(curve.truePositiveRate, tpr) {
        #expect(isClose(a, b, relative: 1e-15), "\(name) tpr")
      }
      #expect(isClose(curve.auc, number(c["auc"]), relative: 1e-14), "\(name) auc")
    }
  }

  @Test func singleClassTestSetHasNoROC() throws {
    #expect(
      try ROCCurve.analyze(labels: [1, 1, 1], scores: [0.2, 0.5, 0.9]) == .undefined(.noNegatives))
    #expect(try ROCCurve.analyze(labels: [0, 0], scores: [0.2, 0.5]) == .undefined(.noPositives))
    #expect(try ROCCurve.analyze(labels: [], scores: []) == .undefined(.empty))
    #expect(throws: StatisticsError.nonFiniteValue(what: "ROC scores", index: 1)) {
      try ROCCurve.analyze(labels: [0, 1], scores: [0.2, .nan])
    }
    #expect(throws: StatisticsError.self) { try ROCCurve.analyze(labels: [0, 1], scores: [0.2]) }
  }
}
