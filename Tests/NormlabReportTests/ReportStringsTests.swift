import Foundation
import NormlabCairo
import NormlabExperiment
import NormlabPlot
import Testing

@testable import NormlabReport

/// The catalog of normlab's own report texts: complete in every language, the same arguments
/// in each, and drawable with the fonts Debian installs (no boxes for missing glyphs).
@Suite struct ReportStringsTests {
  @Test func everyTranslationTakesTheSameArgumentsAsTheEnglish() {
    for key in ReportStrings.Key.allCases {
      let english = ReportStrings.placeholders(ReportStrings.en[key])
      let chinese = ReportStrings.placeholders(ReportStrings.zh[key])
      #expect(english == chinese, "\(key): \(english) vs \(chinese)")
      #expect(!ReportStrings.zh[key].isEmpty || ReportStrings.en[key].isEmpty, "\(key)")
    }
  }

  @Test func argumentsGoWhereTheLanguagePutsThem() {
    #expect(ReportStrings.en(.reachedCount, "3", "5") == "3 of 5 reached")
    #expect(ReportStrings.zh(.reachedCount, "3", "5") == "5 个中有 3 个达到")
    // A percent sign not followed by an argument's number is text.
    #expect(ReportStrings.en(.claimNotSupported, "95", "x") == "not supported at 95% confidence: x")
    #expect(ReportStrings.fill("%1 and %2", ["a"]) == "a and %2")
  }
}
