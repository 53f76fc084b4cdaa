import Testing

@testable import NormlabMath

@Suite struct ParserTests {
  func parse(_ source: String) throws -> [MathNode] {
    guard case .row(let list) = try MathParser.parse(source) else {
      Issue.record("a formula parses to a row")
      return []
    }
    return list
  }

  func error(_ source: String) -> MathSyntaxError? {
    do {
      _ = try MathParser.parse(source)
      return nil
    } catch {
      return error
    }
  }

  @Test func lettersAreItalicIdentifiersAndDigitsNumbers() throws {
    #expect(
      try parse("x2.5+y") == [
        .identifier("x", .italic), .number("2.5"), .symbol("+", .binary), .identifier("y", .italic),
      ])
  }

  @Test func operatorsAndPunctuationHaveTeXClasses() throws {
    #expect(
      try parse("-=<>()[]|/,;:") == [
        .symbol("−", .binary), .symbol("=", .relation), .symbol("<", .relation),
        .symbol(">", .relation), .symbol("(", .opening), .symbol(")", .closing),
        .symbol("[", .opening), .symbol("]", .closing), .symbol("|", .ordinary),
        .symbol("/", .ordinary), .symbol(",", .punctuation), .symbol(";", .punctuation),
        .symbol(":", .relation),
      ])
  }

  @Test func scriptsAttachToTheAtomBeforeThemInEitherOrder() throws {
    let expected: [MathNode] = [
      .scripts(base: .identifier("x", .italic), sub: .identifier("i", .italic), sup: .number("2"))
    ]
    #expect(try parse("x_i^2") == expected)
    #expect(try parse("x^2_i") == expected)
    #expect(try parse("x^{2}_{i}") == expected)
    // A braced script keeps its row; a single-token script takes one digit only.
    #expect(
      try parse("z^{(i)}") == [
        .scripts(
          base: .identifier("z", .italic), sub: nil,
          sup: .row([.symbol("(", .opening), .identifier("i", .italic), .symbol(")", .closing)]))
      ])
    #expect(
      try parse("x^23") == [
        .scripts(base: .identifier("x", .italic), sub: nil, sup: .number("2")), .number("3"),
      ])
  }

  @Test func primesAreSuperscriptsAndMergeWithOne() throws {
    #expect(
      try parse("f'^2") == [
        .scripts(
          base: .identifier("f", .italic), sub: nil,
          sup: .row([.symbol("′", .ordinary), .number("2")]))
      ])
  }

  @Test func fractionsRootsAccentsAndOperators() throws {
    #expect(
      try parse(#"\frac{1}{m}\sqrt{x}\hat{x}\tilde{z}\bar{y}\vec{v}"#) == [
        .fraction(numerator: .number("1"), denominator: .identifier("m", .italic)),
        .squareRoot(.identifier("x", .italic)),
        .accent(.hat, .identifier("x", .italic)),
        .accent(.tilde, .identifier("z", .italic)),
        .accent(.bar, .identifier("y", .italic)),
        .accent(.vector, .identifier("v", .italic)),
      ])
    #expect(try parse(#"\frac12"#) == [.fraction(numerator: .number("1"), denominator: .number("2"))])
    #expect(
      try parse(#"\sum_{i=1}^{m}"#) == [
        .scripts(
          base: .largeOperator("∑", limits: true),
          sub: .row([.identifier("i", .italic), .symbol("=", .relation), .number("1")]),
          sup: .identifier("m", .italic))
      ])
    #expect(
      try parse(#"\log\exp\min\max\prod"#) == [
        .function("log", limits: false), .function("exp", limits: false),
        .function("min", limits: true), .function("max", limits: true),
        .largeOperator("∏", limits: true),
      ])
  }

  @Test func greekLowercaseIsItalicAndCapitalsUpright() throws {
    #expect(
      try parse(#"\alpha\epsilon\varepsilon\Gamma\Delta\Theta\Lambda\Xi\Pi\Sigma\Phi\Psi\Omega"#) == [
        .identifier("α", .italic), .identifier("ϵ", .italic), .identifier("ε", .italic),
        .identifier("Γ", .upright), .identifier("Δ", .upright), .identifier("Θ", .upright),
        .identifier("Λ", .upright), .identifier("Ξ", .upright), .identifier("Π", .upright),
        .identifier("Σ", .upright), .identifier("Φ", .upright), .identifier("Ψ", .upright),
        .identifier("Ω", .upright),
      ])
  }

  @Test func symbolsSpacesAndEscapes() throws {
    #expect(
      try parse(#"\odot\cdot\times\pm\leq\geq\neq\approx\to\leftarrow\infty\partial\nabla"#) == [
        .symbol("⊙", .binary), .symbol("⋅", .binary), .symbol("×", .binary), .symbol("±", .binary),
        .symbol("≤", .relation), .symbol("≥", .relation), .symbol("≠", .relation),
        .symbol("≈", .relation), .symbol("→", .relation), .symbol("←", .relation),
        .symbol("∞", .ordinary), .symbol("∂", .ordinary), .symbol("∇", .ordinary),
      ])
    #expect(
      try parse(#"a\,b\;c\quad d\qquad\!\{\}\$"#) == [
        .identifier("a", .italic), .space(.thin), .identifier("b", .italic), .space(.thick),
        .identifier("c", .italic), .space(.quad), .identifier("d", .italic), .space(.doubleQuad),
        .space(.negativeThin), .symbol("{", .opening), .symbol("}", .closing),
        .symbol("$", .ordinary),
      ])
  }

  @Test func fontCommandsRestyleLettersAndTextKeepsSpaces() throws {
    #expect(try parse(#"\mathrm{d}x"#) == [.identifier("d", .upright), .identifier("x", .italic)])
    #expect(try parse(#"\mathrm{corrected}"#) == [.identifier("corrected", .upright)])
    #expect(try parse(#"\mathbf{W}"#) == [.identifier("W", .bold)])
    #expect(try parse(#"\text{if } x"#) == [.text("if "), .identifier("x", .italic)])
    #expect(try parse(#"\text{50\% off}"#) == [.text("50% off")])
    #expect(try parse(#"\operatorname{softmax}"#) == [.function("softmax", limits: false)])
  }

  @Test func leftRightFencesABody() throws {
    #expect(
      try parse(#"\left( x \right]"#) == [
        .fenced(open: "(", body: .row([.identifier("x", .italic)]), close: "]")
      ])
    #expect(
      try parse(#"\left. x \right\}"#) == [
        .fenced(open: "", body: .row([.identifier("x", .italic)]), close: "}")
      ])
  }

  @Test func everyDocumentedCommandParses() throws {
    for name in MathCommands.names {
      let source: String
      switch MathCommands.command(name) {
      case .fraction?: source = "\\\(name){a}{b}"
      case .left?: source = "\\left( a \\right)"
      case .right?: source = "\\left( a \\right)"
      case .squareRoot?, .accent?, .font?, .text?, .operatorName?: source = "\\\(name){ab}"
      case .node?: source = name.first?.isLetter == true ? "a\\\(name) b" : "a\\\(name)b"
      case nil: source = ""
      }
      #expect(throws: Never.self, "\\\(name)") { try MathParser.parse(source) }
    }
  }

  // MARK: Errors

  @Test func unknownCommandIsNamedAtItsOffset() throws {
    let e = try #require(error(#"x + \mathbb{R}"#))
    #expect(e.offset == 4)
    #expect(e.reason == .unknownCommand("mathbb"))
    #expect(
      e.message == "unknown command `\\mathbb`; the supported commands are listed in docs/math.md")
  }

  @Test func missingArgumentsNameTheCommand() throws {
    let frac = try #require(error(#"a = \frac{1}"#))
    #expect(frac.offset == 4)
    #expect(frac.message == "`\\frac` needs two arguments")
    let sqrt = try #require(error(#"\sqrt"#))
    #expect(sqrt.message == "`\\sqrt` needs an argument")
    let sup = try #require(error("x^"))
    #expect(sup.offset == 1)
    #expect(sup.message == "`^` needs an argument")
    #expect(error("x_}")?.reason == .missingArgument(command: "_", expected: 1))
  }

  @Test func unbalancedBracesPointAtTheBrace() throws {
    let open = try #require(error("a + {b + {c}"))
    #expect(open.offset == 4)
    #expect(open.message == "unbalanced `{`: it is never closed")
    let close = try #require(error("a}"))
    #expect(close.offset == 1)
    #expect(close.reason == .unexpectedCloseBrace)
  }

  @Test func otherSyntaxErrors() throws {
    #expect(error("x^a^b") == MathSyntaxError(offset: 3, reason: .doubleSuperscript))
    #expect(error("x_a_b") == MathSyntaxError(offset: 3, reason: .doubleSubscript))
    #expect(error("a & b") == MathSyntaxError(offset: 2, reason: .unexpectedCharacter("&")))
    #expect(error(#"\left( x"#) == MathSyntaxError(offset: 0, reason: .leftWithoutRight))
    #expect(error(#"x \right)"#) == MathSyntaxError(offset: 2, reason: .rightWithoutLeft))
    #expect(error(#"\left x \right)"#)?.reason == .notADelimiter(command: "\\left"))
    #expect(error(#"\sqrt[3]{x}"#)?.offset == 5)
    #expect(error("")?.reason == .emptyFormula)
    #expect(error("  ")?.reason == .emptyFormula)
    #expect(error(#"\text{\alpha}"#)?.offset == 6)
    #expect(error("x \\")?.reason == .unexpectedCharacter("\\"))
  }

  @Test func nestingBeyondTheLimitIsAnErrorNotACrash() throws {
    let deep = String(repeating: "{", count: 100) + "x" + String(repeating: "}", count: 100)
    let e = try #require(error(deep))
    #expect(e.reason == .tooDeep(limit: MathParser.maximumDepth))
    // Unbraced arguments nest too.
    #expect(error(String(repeating: #"\sqrt"#, count: 200) + "x")?.reason == .tooDeep(limit: MathParser.maximumDepth))
    let scripts = String(repeating: "x^{", count: 200) + "x" + String(repeating: "}", count: 200)
    #expect(error(scripts)?.reason == .tooDeep(limit: MathParser.maximumDepth))
    // Within the limit, nesting parses.
    let fine = String(repeating: "{", count: 20) + "x" + String(repeating: "}", count: 20)
    #expect(error(fine) == nil)
  }

  @Test func hugeInputIsRejectedByLength() throws {
    let e = try #require(error(String(repeating: "{", count: 100_000)))
    #expect(e.reason == .tooLong(limit: MathParser.maximumLength))
    #expect(e.offset == MathParser.maximumLength)
  }

  @Test func errorDescriptionLeadsWithTheOffset() {
    let e = MathSyntaxError(offset: 7, reason: .unbalancedOpenBrace)
    #expect(e.description == "7: unbalanced `{`: it is never closed")
    #expect(e.shifted(by: 10).offset == 17)
  }
}
