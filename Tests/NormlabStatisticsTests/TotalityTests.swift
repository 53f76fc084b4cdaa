import NormlabStatistics
import Testing

/// Every entry point on hostile input: a defined answer or a typed error, never a trap, and no
/// NaN where the documentation promises a number.
@Suite struct TotalityTests {
  static let samples: [[Double]] = [
    [], [.nan], [.infinity, -.infinity], [1], [1, 1], [0.9, 0.9, 0.9], [1e308, -1e308, 1.7e308],
    [.leastNonzeroMagnitude, 0, .leastNonzeroMagnitude], [1e-300, 2e-300], [0.1, .nan, 0.3, .infinity, 0.2], [-0.0, 0.0],
    [1e15 + 1, 1e15 + 2, 1e15 + 3], (0..<1000).map { Double($0 % 13) },
  ]

  @Test func summariesAreDefinedOrNotEnoughData() {
    for s in Self.samples {
      do {
        let summary = try Summary(s)
        #expect(!summary.mean.isNaN, "\(s)")
        if let sd = summary.standardDeviation { #expect(!sd.isNaN, "\(s)") }
        if let ci = summary.confidenceInterval {
          #expect(!ci.lower.isNaN && !ci.upper.isNaN, "\(s)")
        }
      } catch {
        #expect(error == .notEnoughData(what: "a summary", needed: 1, got: 0))
      }
    }
  }

  @Test func testsAndClaimsAreDefinedOrTyped() throws {
    for a in Self.samples {
      for b in Self.samples {
        for alternative in Alternative.allCases {
          if let r = try? TTest.welch(a, b, alternative: alternative) {
            #expect(!r.pValue.isNaN && !r.statistic.isNaN && !r.degreesOfFreedom.isNaN, "\(a) \(b)")
            #expect(r.pValue >= 0 && r.pValue <= 1)
            #expect(
              !r.confidenceInterval.lower.isNaN && !r.twoSidedInterval.upper.isNaN, "\(a) \(b)")
          }
          if a.count == b.count, let r = try? TTest.paired(a, b, alternative: alternative) {
            #expect(!r.pValue.isNaN && !r.statistic.isNaN, "\(a) \(b)")
          }
        }
        for design in [SeedDesign.paired, .independent] {
          for relation in Relation.allCases {
            let claim = Claim(relation, design: design, scale: 0.5, offset: -0.01)
            if design == .paired && a.count != b.count {
              #expect(throws: StatisticsError.self) { try claim.evaluate(left: a, right: b) }
              continue
            }
            let decision = try claim.evaluate(left: a, right: b)
            if let p = decision.test?.pValue { #expect(!p.isNaN) }
          }
        }
      }
    }
  }

  @Test func bootstrapAndPercentilesAreDefinedOrTyped() {
    var generator = TestGenerator(seed: 1)
    for s in Self.samples {
      _ = Percentile.percentile(s, 50)
      _ = Percentile.quantile(s, .nan)
      for method in [BootstrapMethod.percentile, .bca] {
        if let r = try? Bootstrap.interval(s, resamples: 200, method: method, using: &generator) {
          #expect(r.resamples == 200)
        }
      }
    }
  }

  @Test func extremeConfidenceLevelsStayDefined() throws {
    for confidence in [1e-12, 0.5, 0.999_999_999, 1 - 1e-15] {
      let s = try Summary([1, 2, 3, 4], confidence: confidence)
      #expect(s.confidenceInterval.map { $0.lower.isFinite && $0.upper.isFinite } == true)
      let d = try Claim(.greater, confidence: confidence).evaluate(
        left: [1, 2, 3, 4], right: [0, 1, 2, 2])
      _ = d.outcome
      _ = Claim.minimumSeeds(confidence: confidence, design: .paired)
    }
    #expect(Claim.minimumSeeds(confidence: 1 - 1e-15, design: .paired) == 50)
  }
}
