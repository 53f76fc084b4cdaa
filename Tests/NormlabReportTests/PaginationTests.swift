import Foundation
import NormlabExperiment
import NormlabPlot
import Testing

@testable import NormlabReport

/// Text longer than a page flows on to the next pages instead of running off the bottom.
@Suite struct PaginationTests {
  @Test func aParagraphLongerThanAPageContinuesOnTheNextPages() throws {
    let words = (0..<6000).map { "w\($0 % 97)" }.joined(separator: " ")
    let blocks: [PageFlow.Block] = [
      .heading(RichText(text: "Notes", math: [])),
      .prose(.paragraph(RichText(text: "<b>" + words.prefix(20) + "</b> " + words, math: []))),
    ]
    let page = Size(595.28, 841.89)
    let backend = RecordingBackend()
    let pages = PageFlow.paginate(blocks, page: page, backend: backend)
    #expect(pages.count > 3)
    var text = ""
    for content in pages {
      for (block, y) in content {
        guard case .prose(.paragraph(let rich)) = block else { continue }
        let piece = rich.text
        // Every piece ends above the bottom margin.
        let height = backend.measureParagraph(piece, width: PageFlow.contentWidth(page), style: PageFlow.markupStyle)
        #expect(y + height <= page.height - PageFlow.margin + 0.5)
        // Pieces split after a space and never inside the bold tag.
        #expect(piece.components(separatedBy: "<b>").count == piece.components(separatedBy: "</b>").count)
        text += piece
      }
    }
    #expect(text == "<b>" + words.prefix(20) + "</b> " + words)
  }

  @Test func theRunningHeaderIsCutToOneLine() {
    let backend = RecordingBackend()
    let long = String(repeating: "T", count: 300)
    let cut = PageFlow.fitting(long, width: 200, style: PageFlow.smallStyle, backend: backend)
    #expect(cut.hasSuffix("…") && backend.measure(cut, style: PageFlow.smallStyle).width <= 200)
    #expect(PageFlow.fitting("Short", width: 200, style: PageFlow.smallStyle, backend: backend) == "Short")
  }
}
