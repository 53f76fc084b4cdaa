import NormlabExperiment

/// Every fixed text normlab writes into a report or handout, in each report language: headings,
/// notes, table headers, chart titles, axis labels, legends and captions. Texts are looked up by
/// a typed key; `%1`, `%2`, … mark where arguments go, so a language may order them its own way.
/// The experiment's own prose, variant labels and a template's captions are shown as written.
public struct ReportStrings: Sendable, Hashable {
  public let language: ReportLanguage

  public init(_ language: ReportLanguage) { self.language = language }

  public static let en = ReportStrings(.en)
  public static let zh = ReportStrings(.zh)

  /// The text of `key`.
  public subscript(_ key: Key) -> String {
    switch language {
    case .en: return Self.english(key)
    case .zh: return Self.chinese(key)
    }
  }

  /// The text of `key` with `%1`, `%2`, … replaced by `arguments` in order.
  public func callAsFunction(_ key: Key, _ arguments: String...) -> String {
    Self.fill(self[key], arguments)
  }

  static func fill(_ template: String, _ arguments: [String]) -> String {
    guard !arguments.isEmpty else { return template }
    var out = ""
    var characters = template[...]
    while let c = characters.popFirst() {
      // `%` then one digit 1-9; anything else is literal (`95%` stays as it is).
      if c == "%", let digit = characters.first, let n = digit.wholeNumberValue, n >= 1, n <= arguments.count {
        out += arguments[n - 1]
        characters = characters.dropFirst()
      } else {
        out.append(c)
      }
    }
    return out
  }

  /// The numbered placeholders a text uses, for checking that translations take the same
  /// arguments.
  static func placeholders(_ text: String) -> Set<Int> {
    var found = Set<Int>()
    let characters = Array(text)
    for index in characters.indices.dropLast() where characters[index] == "%" {
      if let n = characters[index + 1].wholeNumberValue, n >= 1 { found.insert(n) }
    }
    return found
  }

  public enum Key: String, Sendable, CaseIterable {
    // PDF report: headings and notes.
    case configuration, configurationNote, commandLineNote, moreCharts, metrics, metricsNote
    case expectations, clause, result
    // Title page.
    case experimentLine, dateLine, versionLine, commitSuffix, seedsLine, quickNote, interruptedNote
    case finalMetricsOverSeeds, eachCell, headlineLegend
    // Tables.
    case variant, seedCount, trainLoss, testLoss, trainAccuracyShort, testAccuracyShort, devLoss
    case devAccuracyShort, runs, bestEpoch, steps, wallSeconds, stepsPerSecond, diverged, countOf
    case runsWithDiverged, differsBetweenVariants, sameForEveryVariant, key, value, sweptList
    case sweptRange, sweptCount, classScoresTitleOne, classScoresTitleMany, rocAUCSuffix
    case precision, recall, f1, support, moreClasses, macroAverage, className
    case selectionDevelopment, selectionTest
    case median, reachedCount, notReached, inParentheses, valueNotReached, valueNotAvailable
    // Expectation verdicts.
    case pass, fail, verdictSeparator, problemNoRuns, problemDiverged, comparisonFalse, claimSupported
    case claimNotSupported, claimAllowedUnderpowered, cannotTest, underpoweredReason, tooFewSeeds
    case confidenceUnattainable, pairedTest, welchTest, differenceInterval, difference, listSeparator
    // Curves.
    case lossTitle, accuracyTitle, lossAxis, accuracyAxis, logScaleSuffix, epochAxis, stepAxis, train
    case test, perEpochNote, figureTitle, learningRateTitle, learningRateAxis, bestTrialNote
    case bestOfLabel, divergedLegend
    // Final metrics and sweeps.
    case finalAccuracy, finalLoss, meanStd, noValue, finalMetricsTitle, testAccuracyMetric
    case testLossMetric, finalOf, sweepTitle, sweepNote, bestTrial, bestValue, noFiniteTrial
    case searchPanelTitle, searchTitle, searchNote, gridTitle, gridNote, scatterGridNote, oneMinus
    // Setting names on axes.
    case settingLearningRate, settingMomentum, settingOptimizer, settingBatchSize, settingEpochs
    case settingSteps, settingL2, settingKeepProbability, settingDecayRate, settingLayers
    case settingActivation, settingInitialization, settingInitScale, settingBatchNorm
    case settingBNMomentum, settingNoise, settingSamples
    // Diagnostics.
    case probeAxis, percentilesTitle, percentilesNote, noFiniteValues, everyValueZero, ownYScale
    case ownYScaleNote, gradientNormTitle, gradientNormAxis, outputLayer, layer, saturationTitle
    case saturationAxis
    // Classification.
    case countsPanel, oneSeed, seedsSummed, predictedClass, trueClass, sharePanel, confusionTitle
    case confusionNote, aucLabel, rocTitle, falsePositiveRate, truePositiveRate, rocNote
    // Surfaces and boundaries.
    case gradientDescent, momentum, start, minimum, rawInputs, normalizedInputs, conditionNumber
    case weightAxis, surfaceTitle, surfaceNote, unequalScalesNote, rawInputPanel
    case normalizedInputPanel, and, classLabel, trainTestAccuracy, decisionBoundaries
    case decisionBoundary, lossAboveMinimum, probabilityOfClass1, decisionBoundaryLegend
    // Exponentially weighted averages.
    case dailyValue, emaWindow, emaLeftTitle, dayAxis, valueAxis, emaTitle, emaNote
    // Default captions.
    case captionLoss, captionAccuracy, captionLearningRate, captionEMA, captionContours
    case captionDecisionBoundary, captionPercentiles, captionGradientNorms, captionSaturation
    case captionFinalMetrics, captionSweep, captionConfusionMatrix, captionROC
    // Captions built from the experiment.
    case batchSizesDifferSuffix, percentilesBase, percentilesWithoutBN, percentilesWithBN
    case boundaryClasses, boundaryProbability, accuracyGapsPrefix, accuracyGap, sentenceEnd
    // summary.md.
    case summaryQuick, summaryInterrupted, summaryTrainAccuracy, summaryTestAccuracy
    case summaryCellLegend, summaryCharts, summaryDetailedMetrics, summaryCommit, summaryPass
    case summaryFail
    // Handouts.
    case contents, figureReference, tableReference, figureCaption, tableCaption, metricsTableCaption
    case summaryTableCaption, expectationsTableCaption, handoutBuiltWith, handoutExperiment, missingNumber
  }

  // MARK: English

  static func english(_ key: Key) -> String {
    switch key {
    case .configuration: return "Configuration"
    case .configurationNote:
      return "The resolved value of every key that applies to this experiment (defaults included): first the keys whose values differ between variants, then those all variants share."
    case .commandLineNote: return "Set on the command line for every variant: %1"
    case .moreCharts: return "More charts"
    case .metrics: return "Metrics"
    case .metricsNote:
      return "Final values over n seeds: mean ± standard deviation, then the 95% confidence interval of the mean (Student t); steps to a target: the median with a bootstrap interval and how many seeds reached it. Best epoch: where the test metric was best, mean over seeds. Wall time and steps per second are in metrics.json (left out here so reports are byte-identical across machines)."
    case .expectations: return "Expectations"
    case .clause: return "clause"
    case .result: return "result"
    case .experimentLine: return "Experiment: %1"
    case .dateLine: return "Date: %1"
    case .versionLine: return "normlab %1"
    case .commitSuffix: return ", commit %1"
    case .seedsLine: return "Seeds: %1 · runs: %2"
    case .quickNote: return "Quick mode (--quick): fewer samples and steps than the full experiment."
    case .interruptedNote: return "INTERRUPTED: training was stopped before every run finished; results are partial."
    case .finalMetricsOverSeeds: return "Final metrics over seeds"
    case .eachCell: return "Each cell: %1"
    case .headlineLegend:
      return "mean ± standard deviation over seeds, then the 95% confidence interval of the mean (Student t); n seeds per variant."
    case .variant: return "variant"
    case .seedCount: return "n"
    case .trainLoss: return "train loss"
    case .testLoss: return "test loss"
    case .trainAccuracyShort: return "train acc."
    case .testAccuracyShort: return "test acc."
    case .devLoss: return "dev loss"
    case .devAccuracyShort: return "dev acc."
    case .runs: return "runs"
    case .bestEpoch: return "best epoch"
    case .steps: return "steps"
    case .wallSeconds: return "wall s"
    case .stepsPerSecond: return "steps/s"
    case .diverged: return "diverged"
    case .countOf: return "%1 of %2"
    case .runsWithDiverged: return "%1 (%2 diverged)"
    case .differsBetweenVariants: return "differs between variants"
    case .sameForEveryVariant: return "same for every variant"
    case .key: return "key"
    case .value: return "value"
    case .sweptList: return "swept: %1"
    case .sweptRange: return "swept: %1 values, %2 to %3"
    case .sweptCount: return "swept: %1 values"
    case .classScoresTitleOne: return "%1: per-class scores on the test set, mean over %2 seed"
    case .classScoresTitleMany: return "%1: per-class scores on the test set, mean over %2 seeds"
    case .rocAUCSuffix: return "; ROC AUC %1"
    case .precision: return "precision"
    case .recall: return "recall"
    case .f1: return "F1"
    case .support: return "support"
    case .moreClasses: return "… %1 more classes"
    case .macroAverage: return "macro average"
    case .className: return "class %1"
    case .selectionDevelopment:
      return "Best trials of a search were chosen on the development set; their test metrics are an unbiased estimate."
    case .selectionTest:
      return "Best trials of a search were chosen on the test set (the experiment has no development set: `data.dev_fraction`), so their test metrics are optimistic."
    case .median: return "median %1"
    case .reachedCount: return "%1 of %2 reached"
    case .notReached: return "not reached (%1)"
    case .inParentheses: return " (%1)"
    case .valueNotReached: return "not reached"
    case .valueNotAvailable: return "n/a"
    case .pass: return "✔ pass"
    case .fail: return "✘ FAIL"
    case .verdictSeparator: return ": "
    case .problemNoRuns: return "no runs of `%1`"
    case .problemDiverged: return "%1 of %2 runs of `%3` diverged"
    case .comparisonFalse: return "%1 is false"
    case .claimSupported: return "supported: %1"
    case .claimNotSupported: return "not supported at %1% confidence: %2"
    case .claimAllowedUnderpowered: return "allowed although underpowered: %1"
    case .cannotTest: return "cannot test the clause: %1"
    case .underpoweredReason: return "underpowered: %1"
    case .tooFewSeeds: return "too few seeds to test (%1 and %2 usable); %3 per variant needed"
    case .confidenceUnattainable:
      return "even if every seed agreed, the smallest attainable p-value is %1, not below %2; %3 seeds per variant needed"
    case .pairedTest: return "paired t-test over %1 seeds"
    case .welchTest: return "Welch's t-test over %1 and %2 seeds"
    case .differenceInterval: return "difference %1 [%2, %3] (%4% CI)"
    case .difference: return "difference %1"
    case .listSeparator: return ", "
    case .lossTitle: return "Loss"
    case .accuracyTitle: return "Accuracy"
    case .lossAxis: return "loss"
    case .accuracyAxis: return "accuracy"
    case .logScaleSuffix: return " (log scale)"
    case .epochAxis: return "epoch"
    case .stepAxis: return "step"
    case .train: return "train"
    case .test: return "test"
    case .perEpochNote:
      return "The variants use different batch sizes, so they are compared per epoch (the same number of training samples seen), not per step."
    case .figureTitle: return "%1 — %2"
    case .learningRateTitle: return "Learning rate"
    case .learningRateAxis: return "learning rate"
    case .bestTrialNote:
      return "The best trial (by final %1) of each search; the sweep chart and the metrics table show all %2."
    case .bestOfLabel: return "%1, best of %2: %3"
    case .divergedLegend: return "diverged"
    case .finalAccuracy: return "final accuracy"
    case .finalLoss: return "final loss"
    case .meanStd: return "mean ± std"
    case .noValue: return "no value"
    case .finalMetricsTitle: return "Final metrics"
    case .testAccuracyMetric: return "test accuracy"
    case .testLossMetric: return "test loss"
    case .finalOf: return "final %1"
    case .sweepTitle: return "Final %1 against %2"
    case .sweepNote: return "Mean ± one standard deviation over seeds per trial."
    case .bestTrial: return "best trial"
    case .bestValue: return "best %1"
    case .noFiniteTrial: return "no finite trial"
    case .searchPanelTitle: return "%1: %2 trials, %3"
    case .searchTitle: return "Final %1 over %2 and %3, by search"
    case .searchNote: return "Mean over seeds per trial, one colour scale for every panel; the best trial is ringed."
    case .gridTitle: return "Final %1 over %2 and %3"
    case .gridNote: return "Mean over seeds of %1."
    case .scatterGridNote: return "Mean over seeds per trial; the best trial is ringed."
    case .oneMinus: return "1 − %1"
    case .settingLearningRate: return "learning rate"
    case .settingMomentum: return "momentum"
    case .settingOptimizer: return "optimizer"
    case .settingBatchSize: return "batch size"
    case .settingEpochs: return "epochs"
    case .settingSteps: return "steps"
    case .settingL2: return "L2 λ"
    case .settingKeepProbability: return "keep probability"
    case .settingDecayRate: return "decay rate"
    case .settingLayers: return "hidden layers"
    case .settingActivation: return "activation"
    case .settingInitialization: return "initialization"
    case .settingInitScale: return "initial weight scale"
    case .settingBatchNorm: return "Batch Normalization"
    case .settingBNMomentum: return "BN momentum"
    case .settingNoise: return "data noise"
    case .settingSamples: return "samples"
    case .probeAxis: return "input of unit 0, layer %1"
    case .percentilesTitle: return "Distribution of a hidden unit's input over training"
    case .percentilesNote: return "Line: median over the probe samples; band: 15th to 85th percentile."
    case .noFiniteValues: return "no finite values: the runs diverged"
    case .everyValueZero: return "every value is 0"
    case .ownYScale: return " (own y scale)"
    case .ownYScaleNote:
      return "Panels marked \"own y scale\" would stretch the shared log axis past %1 decades and flatten the others' curves, so they have their own range."
    case .gradientNormTitle: return "Gradient norm per layer"
    case .gradientNormAxis: return "‖dW‖ (log scale)"
    case .outputLayer: return "output layer"
    case .layer: return "layer %1"
    case .saturationTitle: return "Saturated or dead units per hidden layer"
    case .saturationAxis: return "fraction of units"
    case .countsPanel: return "%1: counts (%2)"
    case .oneSeed: return "1 seed"
    case .seedsSummed: return "%1 seeds summed"
    case .predictedClass: return "predicted class"
    case .trueClass: return "true class"
    case .sharePanel: return "%1: share of each true class"
    case .confusionTitle: return "Confusion matrices on the test set"
    case .confusionNote:
      return "Left: how many test samples of each true class (row) were predicted as each class (column), summed over seeds. Right: the same rows divided by their totals, so the diagonal is each class's recall."
    case .aucLabel: return "%1: AUC %2"
    case .rocTitle: return "ROC curves on the test set"
    case .falsePositiveRate: return "false positive rate"
    case .truePositiveRate: return "true positive rate"
    case .rocNote:
      return "Each curve sweeps the threshold on the predicted probability of class 1; faint curves are the other seeds. The dashed diagonal is a classifier that guesses; the area under the curve (AUC, mean ± std over seeds) is 1 for a perfect ranking."
    case .gradientDescent: return "gradient descent"
    case .momentum: return "momentum"
    case .start: return "start"
    case .minimum: return "minimum"
    case .rawInputs: return "Raw inputs"
    case .normalizedInputs: return "Normalized inputs"
    case .conditionNumber: return "%1, κ = %2"
    case .weightAxis: return "%1 (feature %2)"
    case .surfaceTitle: return "Loss surface before and after input normalization"
    case .surfaceNote:
      return "κ: condition number of the Hessian. Least-squares loss of y ≈ w₁x₁ + w₂x₂ (y = ±1); labelled contours at logarithmic heights above the minimum (star); each optimizer's path has one dot per step."
    case .unequalScalesNote: return " The %1 axes have different scales: at equal scales that valley would be a line."
    case .rawInputPanel: return "raw-input"
    case .normalizedInputPanel: return "normalized-input"
    case .and: return " and "
    case .classLabel: return "class %1"
    case .trainTestAccuracy: return "train %1, test %2"
    case .decisionBoundaries: return "Decision boundaries"
    case .decisionBoundary: return "Decision boundary"
    case .lossAboveMinimum: return "loss above minimum"
    case .probabilityOfClass1: return "P(class 1)"
    case .decisionBoundaryLegend: return "decision boundary (P = 0.5)"
    case .dailyValue: return "daily value θ_t"
    case .emaWindow: return "β = %1, window ≈ %2 days"
    case .emaLeftTitle: return "Bias-corrected (solid) and not (dashed)"
    case .dayAxis: return "day t"
    case .valueAxis: return "value"
    case .emaTitle: return "Exponentially weighted averages"
    case .emaNote: return "Synthetic daily series (seasonal cosine plus Gaussian noise, fixed seed); the same in every report."
    case .captionLoss:
      return "Training (solid) and test (dashed) loss per variant: mean over seeds with a band of ± one standard deviation; a noisy mean is drawn faintly under its smoothed line. Look at which variant falls faster and at the gap between training and test."
    case .captionAccuracy:
      return "Training (solid) and test (dashed) accuracy per variant, mean over seeds with a band of ± one standard deviation."
    case .captionLearningRate: return "The learning rate each variant used at every logged step (its schedule)."
    case .captionEMA:
      return "Left: exponentially weighted averages v_t = beta v_(t-1) + (1 - beta) theta_t of a noisy series; solid lines are bias-corrected (divided by 1 - beta^t), dashed lines are not and start near zero. A larger beta averages over about 1 / (1 - beta) points: smoother, but later. Right: near x = 1, ln(1/x) is close to 1 - x, which is why (1 - eps)^(1/eps) is close to 1/e: after 1/(1 - beta) steps a point's weight has fallen to about a third."
    case .captionContours:
      return "Labelled contours of the least-squares loss of a two-weight linear model, with raw inputs (left) and standardized inputs (right), and the paths of gradient descent, momentum, RMSprop and Adam from the same start to the minimum (star), one dot per step. Where the bowl is elongated, plain gradient descent zig-zags across the valley and creeps along it; momentum averages the zig-zag away, and RMSprop and Adam rescale each weight's step. After normalization the bowl is nearly round and every method heads straight for the minimum."
    case .captionDecisionBoundary:
      return "Predicted probability of class 1 (or predicted class) over the input plane for each variant (first seed), with the test points on top; the labelled 0.5 contour is the decision boundary."
    case .captionPercentiles:
      return "The 15th, 50th and 85th percentiles of one hidden unit's input (pre-activation) over training, without and with Batch Normalization, on shared axes (Ioffe & Szegedy 2015, Figure 1b/c). Without BN the distribution drifts as earlier layers change: internal covariate shift."
    case .captionGradientNorms:
      return "Frobenius norm of each layer's weight gradient over training (mean over seeds, log scale). Norms that shrink toward the input layers mean vanishing gradients; norms that grow mean exploding ones."
    case .captionSaturation:
      return "Fraction of each hidden layer's units that are saturated (sigmoid/tanh output within 0.02 of its limits) or dead (ReLU output 0 for every probe sample), over training."
    case .captionFinalMetrics: return "Final metrics per variant: mean over seeds with error bars of ± one standard deviation."
    case .captionSweep: return "Final test metric against the swept parameter, mean ± one standard deviation over seeds."
    case .captionConfusionMatrix:
      return "Where each class's test samples went: counts summed over seeds (left) and each row divided by its total (right), so the diagonal is each class's recall and off-diagonal cells show which classes are confused."
    case .captionROC:
      return "True against false positive rate as the threshold on the predicted probability of class 1 sweeps from 1 to 0; the area under the curve is the probability that a random positive scores above a random negative."
    case .batchSizesDifferSuffix: return " The variants' batch sizes differ, so the x axis counts epochs."
    case .percentilesBase:
      return "The 15th, 50th and 85th percentiles of one hidden unit's input (pre-activation) over training, one panel per variant on shared axes"
    case .percentilesWithoutBN:
      return ". A band that drifts or widens means the unit's input distribution keeps changing as earlier layers learn."
    case .percentilesWithBN:
      return ", without and with Batch Normalization (Ioffe & Szegedy 2015, Figure 1b/c). Without BN the distribution drifts as earlier layers change: internal covariate shift."
    case .boundaryClasses:
      return "Predicted class over the input plane for each variant (first seed), with the test points on top, each class in its own colour and marker shape."
    case .boundaryProbability:
      return "Predicted probability of class 1 over the input plane for each variant (first seed), with the test points on top (each class its own colour and marker shape); the labelled 0.5 contour is the decision boundary."
    case .accuracyGapsPrefix: return " Train minus test accuracy (mean over seeds): "
    case .accuracyGap: return "%1 %2 points"
    case .sentenceEnd: return "."
    case .summaryQuick: return "Quick mode: fewer samples and steps than the full experiment."
    case .summaryInterrupted: return "**Interrupted**: training stopped before every run finished; results are partial."
    case .summaryTrainAccuracy: return "train accuracy"
    case .summaryTestAccuracy: return "test accuracy"
    case .summaryCellLegend:
      return "Each cell: mean ± standard deviation over seeds %1, then the 95% confidence interval of the mean (Student t)."
    case .summaryCharts: return "Charts"
    case .summaryDetailedMetrics: return "Detailed metrics"
    case .summaryCommit: return "commit"
    case .summaryPass: return "✅ pass"
    case .summaryFail: return "❌ fail"
    case .contents: return "Contents"
    case .figureReference: return "Figure %1"
    case .tableReference: return "Table %1"
    case .figureCaption: return "Figure %1: %2"
    case .tableCaption: return "Table %1: %2"
    case .metricsTableCaption: return "Final metrics of “%1” over seeds, with 95% confidence intervals."
    case .summaryTableCaption: return "Final metrics of “%1”: mean ± standard deviation over seeds."
    case .expectationsTableCaption: return "The claims of “%1” (its expect clauses), tested on its runs."
    case .handoutBuiltWith: return "Built with normlab %1 from the runs of these experiments:"
    case .handoutExperiment: return "%1 (%2 runs; seeds: %3)"
    case .missingNumber: return "?"
    }
  }

  // MARK: Simplified Chinese

  static func chinese(_ key: Key) -> String {
    switch key {
    case .configuration: return "配置"
    case .configurationNote:
      return "本实验用到的每个键的最终取值（含默认值）：先列出各变体取值不同的键，再列出所有变体共用的键。"
    case .commandLineNote: return "命令行为每个变体设置：%1"
    case .moreCharts: return "更多图表"
    case .metrics: return "指标"
    case .metricsNote:
      return "n 个种子上的最终值：均值 ± 标准差，其后是均值的 95% 置信区间（Student t 分布）；达到目标所需的步数：中位数及其 bootstrap 区间，以及有多少个种子达到了目标。最佳轮次：测试指标最好的那一轮，取各种子的均值。运行时间和每秒步数见 metrics.json（此处略去，以保证报告在不同机器上逐字节一致）。"
    case .expectations: return "预期结论"
    case .clause: return "条件"
    case .result: return "结果"
    case .experimentLine: return "实验：%1"
    case .dateLine: return "日期：%1"
    case .versionLine: return "normlab %1"
    case .commitSuffix: return "，提交 %1"
    case .seedsLine: return "种子：%1 · 运行次数：%2"
    case .quickNote: return "快速模式（--quick）：样本和步数都少于完整实验。"
    case .interruptedNote: return "已中断：训练在所有运行完成之前停止，结果不完整。"
    case .finalMetricsOverSeeds: return "各种子上的最终指标"
    case .eachCell: return "每格：%1"
    case .headlineLegend:
      return "各种子上的均值 ± 标准差，其后是均值的 95% 置信区间（Student t 分布）；每个变体 n 个种子。"
    case .variant: return "变体"
    case .seedCount: return "n"
    case .trainLoss: return "训练损失"
    case .testLoss: return "测试损失"
    case .trainAccuracyShort: return "训练准确率"
    case .testAccuracyShort: return "测试准确率"
    case .devLoss: return "开发集损失"
    case .devAccuracyShort: return "开发集准确率"
    case .runs: return "运行次数"
    case .bestEpoch: return "最佳轮次"
    case .steps: return "步数"
    case .wallSeconds: return "用时（秒）"
    case .stepsPerSecond: return "步/秒"
    case .diverged: return "发散"
    case .countOf: return "%1 / %2"
    case .runsWithDiverged: return "%1（%2 次发散）"
    case .differsBetweenVariants: return "各变体不同的设置"
    case .sameForEveryVariant: return "所有变体相同的设置"
    case .key: return "键"
    case .value: return "值"
    case .sweptList: return "扫描：%1"
    case .sweptRange: return "扫描：%1 个取值，从 %2 到 %3"
    case .sweptCount: return "扫描：%1 个取值"
    case .classScoresTitleOne, .classScoresTitleMany: return "%1：测试集上各类别的得分，%2 个种子的均值"
    case .rocAUCSuffix: return "；ROC AUC %1"
    case .precision: return "精确率"
    case .recall: return "召回率"
    case .f1: return "F1"
    case .support: return "样本数"
    case .moreClasses: return "……另有 %1 个类别"
    case .macroAverage: return "宏平均"
    case .className: return "类别 %1"
    case .selectionDevelopment: return "搜索中的最佳试验是在开发集上选出的，因此其测试指标是无偏估计。"
    case .selectionTest:
      return "搜索中的最佳试验是在测试集上选出的（实验没有开发集：`data.dev_fraction`），因此其测试指标偏乐观。"
    case .median: return "中位数 %1"
    case .reachedCount: return "%2 个中有 %1 个达到"
    case .notReached: return "未达到（%1）"
    case .inParentheses: return "（%1）"
    case .valueNotReached: return "未达到"
    case .valueNotAvailable: return "无"
    case .pass: return "✔ 成立"
    case .fail: return "✘ 不成立"
    case .verdictSeparator: return "："
    case .problemNoRuns: return "没有 `%1` 的运行"
    case .problemDiverged: return "`%3` 的 %2 次运行中有 %1 次发散"
    case .comparisonFalse: return "%1 不成立"
    case .claimSupported: return "得到支持，%1"
    case .claimNotSupported: return "在 %1% 置信水平下未得到支持，%2"
    case .claimAllowedUnderpowered: return "种子数不足，但已放行，%1"
    case .cannotTest: return "无法检验该条件：%1"
    case .underpoweredReason: return "种子数不足：%1"
    case .tooFewSeeds: return "种子太少，无法检验（可用的分别为 %1 个和 %2 个）；每个变体需要 %3 个"
    case .confidenceUnattainable:
      return "即使每个种子的结果都一致，可达到的最小 p 值也只有 %1，不低于 %2；每个变体需要 %3 个种子"
    case .pairedTest: return "配对 t 检验，%1 个种子"
    case .welchTest: return "Welch t 检验，%1 个和 %2 个种子"
    case .differenceInterval: return "差值 %1 [%2, %3]（%4% 置信区间）"
    case .difference: return "差值 %1"
    case .listSeparator: return "，"
    case .lossTitle: return "损失"
    case .accuracyTitle: return "准确率"
    case .lossAxis: return "损失"
    case .accuracyAxis: return "准确率"
    case .logScaleSuffix: return "（对数坐标）"
    case .epochAxis: return "轮次"
    case .stepAxis: return "步数"
    case .train: return "训练"
    case .test: return "测试"
    case .perEpochNote: return "各变体的批大小不同，因此按轮次（看过的训练样本数相同）而不是按步数比较。"
    case .figureTitle: return "%1 — %2"
    case .learningRateTitle: return "学习率"
    case .learningRateAxis: return "学习率"
    case .bestTrialNote: return "每个搜索中按最终%1选出的最佳试验；扫描图和指标表列出了全部 %2 个试验。"
    case .bestOfLabel: return "%1，%2 个中最佳：%3"
    case .divergedLegend: return "发散"
    case .finalAccuracy: return "最终准确率"
    case .finalLoss: return "最终损失"
    case .meanStd: return "均值 ± 标准差"
    case .noValue: return "无数值"
    case .finalMetricsTitle: return "最终指标"
    case .testAccuracyMetric: return "测试准确率"
    case .testLossMetric: return "测试损失"
    case .finalOf: return "最终%1"
    case .sweepTitle: return "最终%1随%2的变化"
    case .sweepNote: return "每个试验在各种子上的均值 ± 一个标准差。"
    case .bestTrial: return "最佳试验"
    case .bestValue: return "最佳 %1"
    case .noFiniteTrial: return "没有取有限值的试验"
    case .searchPanelTitle: return "%1：%2 个试验，%3"
    case .searchTitle: return "最终%1随%2和%3的变化（按搜索方式）"
    case .searchNote: return "每个试验在各种子上的均值，所有面板共用一个色标；最佳试验用圆圈标出。"
    case .gridTitle: return "最终%1随%2和%3的变化"
    case .gridNote: return "%1 在各种子上的均值。"
    case .scatterGridNote: return "每个试验在各种子上的均值；最佳试验用圆圈标出。"
    case .oneMinus: return "1 − %1"
    case .settingLearningRate: return "学习率"
    case .settingMomentum: return "动量"
    case .settingOptimizer: return "优化器"
    case .settingBatchSize: return "批大小"
    case .settingEpochs: return "轮数"
    case .settingSteps: return "步数"
    case .settingL2: return "L2 λ"
    case .settingKeepProbability: return "保留概率"
    case .settingDecayRate: return "衰减率"
    case .settingLayers: return "隐藏层"
    case .settingActivation: return "激活函数"
    case .settingInitialization: return "初始化"
    case .settingInitScale: return "初始权重尺度"
    case .settingBatchNorm: return "批归一化"
    case .settingBNMomentum: return "BN 动量"
    case .settingNoise: return "数据噪声"
    case .settingSamples: return "样本数"
    case .probeAxis: return "第 %1 层 0 号单元的输入"
    case .percentilesTitle: return "训练过程中一个隐藏单元输入的分布"
    case .percentilesNote: return "线：探测样本上的中位数；带：第 15 到第 85 百分位数。"
    case .noFiniteValues: return "没有有限值：运行已发散"
    case .everyValueZero: return "所有值都是 0"
    case .ownYScale: return "（独立 y 轴）"
    case .ownYScaleNote:
      return "标有“独立 y 轴”的面板若与其他面板共用对数坐标，会使坐标跨度超过 %1 个数量级并压平其他曲线，因此使用各自的范围。"
    case .gradientNormTitle: return "各层的梯度范数"
    case .gradientNormAxis: return "‖dW‖（对数坐标）"
    case .outputLayer: return "输出层"
    case .layer: return "第 %1 层"
    case .saturationTitle: return "各隐藏层中饱和或死亡的单元"
    case .saturationAxis: return "单元比例"
    case .countsPanel: return "%1：计数（%2）"
    case .oneSeed: return "1 个种子"
    case .seedsSummed: return "%1 个种子之和"
    case .predictedClass: return "预测类别"
    case .trueClass: return "真实类别"
    case .sharePanel: return "%1：各真实类别中的占比"
    case .confusionTitle: return "测试集上的混淆矩阵"
    case .confusionNote:
      return "左：每个真实类别（行）的测试样本被预测为各类别（列）的数量，对各种子求和。右：每行除以该行总数，因此对角线就是各类别的召回率。"
    case .aucLabel: return "%1：AUC %2"
    case .rocTitle: return "测试集上的 ROC 曲线"
    case .falsePositiveRate: return "假正例率"
    case .truePositiveRate: return "真正例率"
    case .rocNote:
      return "每条曲线让类别 1 预测概率的阈值扫过所有取值；浅色曲线是其他种子。虚线对角线相当于随机猜测的分类器；曲线下面积（AUC，各种子的均值 ± 标准差）在完美排序时为 1。"
    case .gradientDescent: return "梯度下降"
    case .momentum: return "动量法"
    case .start: return "起点"
    case .minimum: return "最小值"
    case .rawInputs: return "原始输入"
    case .normalizedInputs: return "归一化输入"
    case .conditionNumber: return "%1，κ = %2"
    case .weightAxis: return "%1（特征 %2）"
    case .surfaceTitle: return "输入归一化前后的损失曲面"
    case .surfaceNote:
      return "κ：Hessian 矩阵的条件数。图为 y ≈ w₁x₁ + w₂x₂（y = ±1）的最小二乘损失；等高线按高出最小值（星号）的对数高度标注；每种优化器的路径每步一个点。"
    case .unequalScalesNote: return "%1的两条坐标轴比例不同：若比例相同，那条山谷会窄成一条线。"
    case .rawInputPanel: return "原始输入图"
    case .normalizedInputPanel: return "归一化输入图"
    case .and: return "和"
    case .classLabel: return "类别 %1"
    case .trainTestAccuracy: return "训练 %1，测试 %2"
    case .decisionBoundaries: return "决策边界"
    case .decisionBoundary: return "决策边界"
    case .lossAboveMinimum: return "高出最小值的损失"
    case .probabilityOfClass1: return "P(类别 1)"
    case .decisionBoundaryLegend: return "决策边界（P = 0.5）"
    case .dailyValue: return "每日数值 θ_t"
    case .emaWindow: return "β = %1，窗口 ≈ %2 天"
    case .emaLeftTitle: return "偏差修正（实线）与未修正（虚线）"
    case .dayAxis: return "第 t 天"
    case .valueAxis: return "数值"
    case .emaTitle: return "指数加权平均"
    case .emaNote: return "合成的每日序列（季节性余弦加高斯噪声，固定种子）；每份报告都相同。"
    case .captionLoss:
      return "每个变体的训练（实线）与测试（虚线）损失：各种子的均值，带状区域为 ± 一个标准差；噪声较大的均值以浅色画在其平滑曲线之下。请看哪个变体下降得更快，以及训练与测试之间的差距。"
    case .captionAccuracy: return "每个变体的训练（实线）与测试（虚线）准确率：各种子的均值，带状区域为 ± 一个标准差。"
    case .captionLearningRate: return "每个变体在每个记录步所用的学习率（即其学习率调度）。"
    case .captionEMA:
      return "左：噪声序列的指数加权平均 v_t = beta v_(t-1) + (1 - beta) theta_t；实线经过偏差修正（除以 1 - beta^t），虚线未修正，从接近零处起步。beta 越大，平均覆盖约 1 / (1 - beta) 个点：更平滑，但更滞后。右：在 x = 1 附近，ln(1/x) 接近 1 - x，所以 (1 - eps)^(1/eps) 接近 1/e：经过 1/(1 - beta) 步后，一个点的权重降到约三分之一。"
    case .captionContours:
      return "两个权重的线性模型的最小二乘损失等高线（带标注），左为原始输入，右为标准化输入；图中还有梯度下降、动量法、RMSprop 和 Adam 从同一起点走向最小值（星号）的路径，每步一个点。碗形被拉长时，普通梯度下降在山谷两壁之间来回振荡，沿谷底缓慢前进；动量法把振荡平均掉，RMSprop 和 Adam 则按每个权重缩放步长。归一化之后碗形接近圆形，每种方法都径直奔向最小值。"
    case .captionDecisionBoundary:
      return "每个变体（第一个种子）在输入平面上预测为类别 1 的概率（或预测类别），测试点画在上面；标注的 0.5 等高线就是决策边界。"
    case .captionPercentiles:
      return "训练过程中一个隐藏单元输入（激活前）的第 15、50 和 85 百分位数，分别为不使用和使用批归一化，坐标轴相同（Ioffe & Szegedy 2015，图 1b/c）。不使用 BN 时，随着前面各层的变化，分布不断漂移：这就是内部协变量偏移。"
    case .captionGradientNorms:
      return "训练过程中每层权重梯度的 Frobenius 范数（各种子的均值，对数坐标）。越靠近输入层范数越小，说明梯度消失；越来越大，则说明梯度爆炸。"
    case .captionSaturation:
      return "训练过程中每个隐藏层里饱和（sigmoid/tanh 输出与其极限相差不到 0.02）或死亡（对所有探测样本 ReLU 输出都为 0）的单元所占比例。"
    case .captionFinalMetrics: return "每个变体的最终指标：各种子的均值，误差线为 ± 一个标准差。"
    case .captionSweep: return "最终测试指标随扫描参数的变化：各种子的均值 ± 一个标准差。"
    case .captionConfusionMatrix:
      return "每个类别的测试样本被分到了哪里：左为各种子计数之和，右为每行除以该行总数，因此对角线是各类别的召回率，非对角线的格子显示哪些类别被混淆。"
    case .captionROC:
      return "类别 1 预测概率的阈值从 1 扫到 0 时，真正例率相对于假正例率的曲线；曲线下面积等于随机取一个正例的得分高于随机取一个负例的概率。"
    case .batchSizesDifferSuffix: return "各变体的批大小不同，因此横轴按轮次计数。"
    case .percentilesBase: return "训练过程中一个隐藏单元输入（激活前）的第 15、50 和 85 百分位数，每个变体一个面板，坐标轴相同"
    case .percentilesWithoutBN: return "。带状区域漂移或变宽，说明随着前面各层的学习，该单元的输入分布在不断变化。"
    case .percentilesWithBN:
      return "，分别为不使用和使用批归一化（Ioffe & Szegedy 2015，图 1b/c）。不使用 BN 时，随着前面各层的变化，分布不断漂移：这就是内部协变量偏移。"
    case .boundaryClasses: return "每个变体（第一个种子）在输入平面上的预测类别，测试点画在上面，每个类别有自己的颜色和标记形状。"
    case .boundaryProbability:
      return "每个变体（第一个种子）在输入平面上预测为类别 1 的概率，测试点画在上面（每个类别有自己的颜色和标记形状）；标注的 0.5 等高线就是决策边界。"
    case .accuracyGapsPrefix: return "训练准确率减去测试准确率（各种子的均值）："
    case .accuracyGap: return "%1 %2 个百分点"
    case .sentenceEnd: return "。"
    case .summaryQuick: return "快速模式：样本和步数都少于完整实验。"
    case .summaryInterrupted: return "**已中断**：训练在所有运行完成之前停止，结果不完整。"
    case .summaryTrainAccuracy: return "训练准确率"
    case .summaryTestAccuracy: return "测试准确率"
    case .summaryCellLegend: return "每格：种子 %1 上的均值 ± 标准差，其后是均值的 95% 置信区间（Student t 分布）。"
    case .summaryCharts: return "图表"
    case .summaryDetailedMetrics: return "详细指标"
    case .summaryCommit: return "提交"
    case .summaryPass: return "✅ 成立"
    case .summaryFail: return "❌ 不成立"
    case .contents: return "目录"
    case .figureReference: return "图 %1"
    case .tableReference: return "表 %1"
    case .figureCaption: return "图 %1：%2"
    case .tableCaption: return "表 %1：%2"
    case .metricsTableCaption: return "“%1”在各种子上的最终指标及 95% 置信区间。"
    case .summaryTableCaption: return "“%1”的最终指标：各种子的均值 ± 标准差。"
    case .expectationsTableCaption: return "“%1”的预期结论（其 expect 条件），在其运行结果上检验。"
    case .handoutBuiltWith: return "由 normlab %1 根据以下实验的运行结果生成："
    case .handoutExperiment: return "%1（%2 次运行；种子：%3）"
    case .missingNumber: return "?"
    }
  }
}
