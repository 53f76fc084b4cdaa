import Testing

@testable import NormlabMath

@Suite struct MathTextTests {
  @Test func splitsInlineAndDisplayFormulas() throws {
    let segments = try MathText.segments(of: "The mean $\\mu$ is\n$$\\mu = x$$ done.")
    #expect(
      segments == [
        .text("The mean "), .inline("\\mu", offset: 10), .text(" is\n"),
        .display("\\mu = x", offset: 20), .text(" done."),
      ])
  }

  @Test func escapedDollarIsLiteralInProseAndInFormulas() throws {
    #expect(try MathText.segments(of: #"costs \$5"#) == [.text("costs $5")])
    #expect(
      try MathText.segments(of: #"$a \$ b$ c"#) == [.inline(#"a \$ b"#, offset: 1), .text(" c")])
  }

  @Test func unclosedDollarIsAnErrorAtTheDollar() throws {
    do {
      _ = try MathText.segments(of: "price $5 today")
      Issue.record("an unclosed $ must fail")
    } catch {
      #expect(error == MathSyntaxError(offset: 6, reason: .unclosedDollar("$")))
      #expect(error.message == "unclosed `$`; write `\\$` for a literal dollar sign")
    }
    #expect(throws: MathSyntaxError(offset: 2, reason: .unclosedDollar("$$"))) {
      try MathText.segments(of: "a $$x$ b")
    }
    #expect(throws: MathSyntaxError(offset: 2, reason: .emptyFormula)) {
      try MathText.segments(of: "a $ $ b")
    }
  }

  @Test func proseWithoutDollarsIsOneTextSegment() throws {
    #expect(try MathText.segments(of: "plain words") == [.text("plain words")])
    #expect(try MathText.segments(of: "") == [])
  }

  @Test func proseBlocksMarkInlineFormulasAndSplitAtDisplays() throws {
    let prose = try MathProse(parsing: "Mean $\\mu$ and $x_i$.\n$$\\frac{1}{m}$$\nAfter.")
    #expect(
      prose.blocks == [
        .paragraph(
          text: "Mean \u{FFFC} and \u{FFFC}.",
          formulas: [
            .row([.identifier("μ", .italic)]),
            .row([.scripts(base: .identifier("x", .italic), sub: .identifier("i", .italic), sup: nil)]),
          ]),
        .display(.row([.fraction(numerator: .number("1"), denominator: .identifier("m", .italic))])),
        .paragraph(text: "After.", formulas: []),
      ])
  }

  @Test func proseErrorsCountFromTheStartOfTheProse() throws {
    #expect(throws: MathSyntaxError(offset: 8, reason: .unknownCommand("foo"))) {
      try MathProse(parsing: "Text $a \\foo$")
    }
    #expect(throws: MathSyntaxError(offset: 7, reason: .unbalancedOpenBrace)) {
      try MathProse(parsing: "x\n$$ a {$$")
    }
  }

  @Test func strayObjectReplacementCharactersAreDropped() throws {
    let prose = try MathProse(parsing: "a\u{FFFC}b $x$")
    #expect(prose.blocks == [.paragraph(text: "ab \u{FFFC}", formulas: [.row([.identifier("x", .italic)])])])
  }
}

@Suite struct CodeSpanTests {
  @Test func dollarsInCodeSpansAreLiteral() throws {
    #expect(
      try MathText.segments(of: "run `lr=$LR` with $\\alpha$") == [
        .text("run `lr=$LR` with "), .inline("\\alpha", offset: 19),
      ])
    // A lone backtick is an ordinary character.
    #expect(try MathText.segments(of: "it`s $x$") == [.text("it`s "), .inline("x", offset: 6)])
  }
}

@Suite struct ProseTextMappingTests {
  @Test func mappingTextTouchesParagraphsOnly() throws {
    let prose = try MathProse(parsing: "a *b* $x_i$\n$$y$$")
    let mapped = prose.mappingText { $0.replacingStars() }
    #expect(
      mapped.blocks == [
        .paragraph(
          text: "a <i>b</i> \u{FFFC}",
          formulas: [.row([.scripts(base: .identifier("x", .italic), sub: .identifier("i", .italic), sup: nil)])]),
        .display(.row([.identifier("y", .italic)])),
      ])
  }
}

extension String {
  /// A stand-in for the report's Markdown converter: `*b*` to `<i>b</i>`.
  fileprivate func replacingStars() -> String {
    var out = ""
    var open = false
    for c in self {
      if c == "*" {
        out += open ? "</i>" : "<i>"
        open.toggle()
      } else {
        out.append(c)
      }
    }
    return out
  }
}
