import Foundation
import Testing

@testable import NormlabMath

@Suite struct DocsTests {
  static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/math.md")

  @Test func everyCommandIsDocumented() throws {
    let text = try String(contentsOf: Self.page, encoding: .utf8)
    for name in MathCommands.names {
      // In a Markdown table a `|` inside code is written `\|`.
      let spelled = name == "|" ? "`\\\\|`" : "`\\\(name)`"
      let mentioned = text.contains(spelled)
      #expect(mentioned, "docs/math.md does not mention \\\(name)")
    }
  }

  @Test func documentedErrorMessagesAreTheParsersOwn() throws {
    // The page's error table quotes messages; keep it in step with the code.
    let text = try String(contentsOf: Self.page, encoding: .utf8)
    let unknown = MathSyntaxError(offset: 0, reason: .unknownCommand("mathbb")).message
    #expect(unknown.hasSuffix("the supported commands are listed in docs/math.md"))
    let quoted = text.contains("needs two arguments")
    #expect(quoted)
    #expect(MathSyntaxError(offset: 0, reason: .missingArgument(command: "\\frac", expected: 2)).message.hasSuffix("needs two arguments"))
    let braces = text.contains("is never closed") && text.contains("nothing to close")
    #expect(braces)
  }
}
