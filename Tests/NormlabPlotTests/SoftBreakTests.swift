import Testing

@testable import NormlabPlot

/// Long unbroken words get zero-width break opportunities so wrapping stays linear.
@Suite struct SoftBreakTests {
  @Test func ordinaryTextIsLeftAlone() {
    let text = "A paragraph of ordinary words, none longer than sixty characters."
    #expect(SoftBreaks.insert(text, markup: false) == text)
  }

  @Test func aLongWordGetsABreakEverySixtyCharacters() {
    let word = String(repeating: "x", count: 150)
    let broken = SoftBreaks.insert(word, markup: false)
    let parts = broken.split(separator: "\u{200B}")
    #expect(parts.map(\.count) == [60, 60, 30])
    #expect(broken.filter { $0 != "\u{200B}" } == word)
  }

  @Test func markupTagsAndEntitiesStayWhole() {
    let text = "<b>" + String(repeating: "y", count: 58) + "&amp;" + String(repeating: "z", count: 10) + "</b>"
    let broken = SoftBreaks.insert(text, markup: true)
    #expect(broken.contains("&amp;") && broken.contains("<b>") && broken.contains("</b>"))
    // The entity counts as one character: 58 + 1 reach 59, the break falls after the next z.
    #expect(broken.contains("&amp;z\u{200B}z"))
  }
}
