import NormlabExperiment

/// How a clause's outcome reads in the report's tables, in the report's language. The CLI's
/// messages on stderr stay English.
enum ExpectationText {
  static func verdict(_ e: ExpectationResult, strings: ReportStrings) -> String {
    let detail = message(e, strings: strings)
    if e.passed {
      guard let detail, e.test != nil else { return strings[.pass] }
      return strings[.pass] + strings[.verdictSeparator] + detail
    }
    return strings[.fail] + (detail.map { strings[.verdictSeparator] + $0 } ?? "")
  }

  /// The clause's message. metrics.json records it as the evaluator wrote it, in English; other
  /// languages rebuild it from its parts (the t-test's record, the numbers in the problems), and
  /// a part they do not recognise is kept as written.
  static func message(_ e: ExpectationResult, strings: ReportStrings) -> String? {
    guard let message = e.message else { return nil }
    guard strings.language != .en else { return message }
    var segments = message.components(separatedBy: "; ")[...]
    var parts: [String] = []
    // The problems (missing or diverged runs) come first, one per segment.
    while let first = segments.first, let problem = problem(first, strings: strings) {
      parts.append(problem)
      segments = segments.dropFirst()
    }
    let main = segments.joined(separator: "; ")
    if !main.isEmpty { parts.append(outcome(main, test: e.test, strings: strings)) }
    return parts.joined(separator: strings[.listSeparator])
  }

  /// `no runs of `bn`` and `2 of 5 runs of `bn` diverged`, translated; nil for anything else.
  static func problem(_ text: String, strings: ReportStrings) -> String? {
    if text.hasPrefix("no runs of `"), text.hasSuffix("`") {
      return strings(.problemNoRuns, String(text.dropFirst("no runs of `".count).dropLast()))
    }
    let words = text.split(separator: " ", maxSplits: 4).map(String.init)
    if words.count == 5, Int(words[0]) != nil, words[1] == "of", Int(words[2]) != nil,
      words[3] == "runs", words[4].hasPrefix("of `"), words[4].hasSuffix("` diverged")
    {
      let variant = words[4].dropFirst("of `".count).dropLast("` diverged".count)
      return strings(.problemDiverged, words[0], words[2], String(variant))
    }
    return nil
  }

  static func outcome(_ text: String, test: ClaimTestRecord?, strings: ReportStrings) -> String {
    if text.hasSuffix(" is false") { return strings(.comparisonFalse, String(text.dropLast(" is false".count))) }
    if text.hasPrefix("cannot test the clause: ") {
      return strings(.cannotTest, String(text.dropFirst("cannot test the clause: ".count)))
    }
    guard let test else { return text }
    let summary = self.summary(test, strings: strings)
    if text.hasPrefix("supported: ") { return strings(.claimSupported, summary) }
    if text.hasPrefix("not supported at ") {
      return strings(.claimNotSupported, "\(Int((test.confidence * 100).rounded()))", summary)
    }
    if text.hasPrefix("allowed although underpowered: ") { return strings(.claimAllowedUnderpowered, summary) }
    return summary
  }

  /// `ClaimTestRecord.summary` in `strings`' language.
  static func summary(_ record: ClaimTestRecord, strings: ReportStrings) -> String {
    let short = ClaimTestRecord.short
    var parts: [String] = []
    if let reason = record.reason { parts.append(strings(.underpoweredReason, self.reason(reason, strings: strings))) }
    parts.append(
      record.test == "paired"
        ? strings(.pairedTest, "\(record.leftCount)")
        : strings(.welchTest, "\(record.leftCount)", "\(record.rightCount)"))
    if let difference = record.difference {
      if let interval = record.interval, interval.count == 2 {
        parts.append(strings(
          .differenceInterval, short(difference), short(interval[0]), short(interval[1]),
          "\(Int((record.confidence * 100).rounded()))"))
      } else {
        parts.append(strings(.difference, short(difference)))
      }
    }
    if let p = record.pValue { parts.append("p = \(short(p))") }
    if let effect = record.effectSize, let measure = record.effectSizeMeasure {
      let symbol = measure == "cohens_dz" ? "d_z" : measure == "hedges_g" ? "g" : measure
      parts.append("\(symbol) = \(short(effect))")
    }
    return parts.joined(separator: strings[.listSeparator])
  }

  /// Why a clause is underpowered (`UnderpoweredReason.description`), from its numbers.
  static func reason(_ text: String, strings: ReportStrings) -> String {
    let numbers = text.split(whereSeparator: { !"0123456789.e-+".contains($0) }).map(String.init)
      .filter { token in Double(token) != nil && token.contains(where: \.isNumber) }
    if text.hasPrefix("too few seeds to test"), numbers.count == 3 {
      return strings(.tooFewSeeds, numbers[0], numbers[1], numbers[2])
    }
    if text.hasPrefix("even if every seed agreed"), numbers.count == 3 {
      return strings(.confidenceUnattainable, numbers[0], numbers[1], numbers[2])
    }
    return text
  }
}
