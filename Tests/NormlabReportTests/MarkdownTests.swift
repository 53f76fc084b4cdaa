import NormlabReport
import Testing

@Suite struct MarkdownTests {
  @Test func inlineSpansBecomePangoMarkupWithEscaping() {
    #expect(MarkdownConverter.inline("a **b** *c* `x < y & z` d") == "a <b>b</b> <i>c</i> <tt>x &lt; y &amp; z</tt> d")
    #expect(MarkdownConverter.inline("snake_case_name and 2 * 3 * 4") == "snake_case_name and 2 * 3 * 4")
    #expect(MarkdownConverter.inline("unclosed *star and `tick") == "unclosed *star and `tick")
    #expect(MarkdownConverter.inline("_em_ <tag>") == "<i>em</i> &lt;tag&gt;")
  }

  @Test func blocksSplitParagraphsAndListItems() {
    let blocks = MarkdownConverter.blocks("First line\nsame paragraph.\n\n- one\n- two *x*\n  continued\n3. three\nAfter.")
    #expect(blocks == [
      .paragraph("First line same paragraph."),
      .item(marker: "•", text: "one"),
      .item(marker: "•", text: "two <i>x</i> continued"),
      .item(marker: "3.", text: "three"),
      .paragraph("After."),
    ])
  }

  @Test func formulaWrittenAsTextSurvives() {
    let text = "BN computes *z_norm* = (z - mu) / sqrt(sigma^2 + eps), then `z~ = gamma * z_norm + beta`."
    #expect(MarkdownConverter.inline(text) == "BN computes <i>z_norm</i> = (z - mu) / sqrt(sigma^2 + eps), then <tt>z~ = gamma * z_norm + beta</tt>.")
  }

  @Test func chineseLinesJoinWithoutSpacesAndOtherLinesWithOne() {
    let text = "山谷变成了圆形的碗。\n各个方向的曲率\n大致相同，测试准确率为\n97.5%；\nthen English\nwords"
    #expect(MarkdownConverter.blocks(text) == [.paragraph("山谷变成了圆形的碗。各个方向的曲率大致相同，测试准确率为 97.5%；then English words")])
    #expect(MarkdownConverter.blocks("a\nb") == [.paragraph("a b")])
  }
}
