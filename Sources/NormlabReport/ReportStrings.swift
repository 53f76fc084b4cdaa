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
    case weightAxis, surfaceTitle, surfaceNote, elongatedBowl, optimizerPathsTitle, optimizerPathsNote, unequalScalesNote, rawInputPanel
    case normalizedInputPanel, and, trainTestAccuracy, decisionBoundaries
    case decisionBoundary, lossAboveMinimum, probabilityOf, decisionBoundaryLegend
    // Exponentially weighted averages.
    case dailyValue, emaWindow, emaLeftTitle, dayAxis, valueAxis, emaTitle, emaNote
    // Default captions.
    case captionLoss, captionAccuracy, captionLearningRate, captionEMA, captionContours, captionOptimizerPaths
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
    // report.html.
    case htmlCharts, htmlFooter, htmlEyebrow, htmlExperiment, htmlDate, htmlSeeds, htmlRuns
    case htmlTallyOne, htmlTallyMany, htmlTallyPass, htmlTallyFail, htmlYScale, htmlTipBand, htmlTipSmoothed
    case htmlTipSeed, htmlTipRange, htmlHandoutFooter
  }
}
