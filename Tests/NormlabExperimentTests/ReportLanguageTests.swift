import Foundation
import Testing

@testable import NormlabExperiment

/// `report.language`: checked where it is written, recorded in metrics.json, `en` when absent.
@Suite struct ReportLanguageTests {
  @Test func languageIsReadAndDefaultsToEnglish() throws {
    let zh = try ExperimentParser.parse(text: "report:\n  language: zh\n", file: "e.yaml", defaultName: "e")
    #expect(zh.report.language == .zh)
    let plain = try ExperimentParser.parse(text: "name: e\n", file: "e.yaml", defaultName: "e")
    #expect(plain.report.language == .en)
  }

  @Test func anUnknownLanguageIsAnErrorAtItsValue() throws {
    let d = try #require(only("name: e\nreport:\n  band: std\n  language: fr\n"))
    #expect(d.0 == 4 && d.1 == 13)
    #expect(d.2 == "`report.language` must be one of en, zh, not \"fr\"")
    #expect(d.3 == "report languages are `en` (English) and `zh` (Simplified Chinese)")
  }

  @Test func aMisspelledKeySuggestsLanguage() throws {
    let d = try #require(only("report:\n  langauge: zh\n"))
    #expect(d.0 == 2 && d.1 == 3 && d.2 == "unknown key `report.langauge`" && d.3 == "did you mean `language`?")
  }

  @Test func metricsRecordTheLanguageAndOlderFilesReadAsEnglish() throws {
    var record = ReportRecord(template: "default", charts: [], exclude: [], sections: [], language: .zh)
    let json = try JSONEncoder().encode(record)
    let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    #expect(object["language"] as? String == "zh")
    #expect(try JSONDecoder().decode(ReportRecord.self, from: json).language == .zh)
    let older = Data(#"{"template": "default", "charts": [], "exclude": [], "sections": []}"#.utf8)
    #expect(try JSONDecoder().decode(ReportRecord.self, from: older).language == .en)
    record.language = .en
    #expect(try JSONDecoder().decode(ReportRecord.self, from: JSONEncoder().encode(record)).language == .en)
  }

  @Test func layoutsTranslateCaptionsAndKeepTheOthersAsWritten() throws {
    let text = """
      captions:
        loss: Look at the gap.
        accuracy: Accuracy.
      translations:
        zh:
          captions:
            loss: 看差距。
      """
    let layout = try ReportLayout.parse(text: text, file: "layout.yaml", name: "t")
    #expect(layout.captions(for: .en) == ["loss": "Look at the gap.", "accuracy": "Accuracy."])
    #expect(layout.captions(for: .zh) == ["loss": "看差距。", "accuracy": "Accuracy."])
    do {
      _ = try ReportLayout.parse(text: "translations:\n  fr:\n    captions: {}\n", file: "layout.yaml", name: "t")
      Issue.record("an unknown language must be refused")
    } catch {
      #expect(error.diagnostics.first?.position == SourcePosition(line: 2, column: 3))
      #expect(error.diagnostics.first?.message.hasPrefix("unknown language `fr` in translations") == true)
    }
  }
}
