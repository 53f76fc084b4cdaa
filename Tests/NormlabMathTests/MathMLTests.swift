import Testing

@testable import NormlabMath

@Suite struct MathMLTests {
  func mathML(_ source: String, display: Bool) throws -> String {
    MathML.render(try MathParser.parse(source), display: display)
  }

  /// The course notes' formulas, checked in Chromium (docs/math.md shows how), then pinned.
  static let canonical: [(source: String, block: String, inline: String)] = [
    (
      #"\hat{x}^{(i)} = \frac{z^{(i)} - \mu}{\sqrt{\sigma^2 + \epsilon}}"#,
      #"<math display="block"><mrow><msup><mover accent="true"><mi>x</mi><mo stretchy="false">ˆ</mo></mover><mrow><mo stretchy="false">(</mo><mi>i</mi><mo stretchy="false">)</mo></mrow></msup><mo>=</mo><mfrac><mrow><msup><mi>z</mi><mrow><mo stretchy="false">(</mo><mi>i</mi><mo stretchy="false">)</mo></mrow></msup><mo>−</mo><mi>μ</mi></mrow><msqrt><msup><mi>σ</mi><mn>2</mn></msup><mo>+</mo><mi>ϵ</mi></msqrt></mfrac></mrow></math>"#,
      #"<math display="inline"><mrow><msup><mover accent="true"><mi>x</mi><mo stretchy="false">ˆ</mo></mover><mrow><mo stretchy="false">(</mo><mi>i</mi><mo stretchy="false">)</mo></mrow></msup><mo>=</mo><mfrac><mrow><msup><mi>z</mi><mrow><mo stretchy="false">(</mo><mi>i</mi><mo stretchy="false">)</mo></mrow></msup><mo>−</mo><mi>μ</mi></mrow><msqrt><msup><mi>σ</mi><mn>2</mn></msup><mo>+</mo><mi>ϵ</mi></msqrt></mfrac></mrow></math>"#
    ),
    (
      #"\mu = \frac{1}{m}\sum_{i=1}^{m} z^{(i)}"#,
      #"<math display="block"><mrow><mi>μ</mi><mo>=</mo><mfrac><mn>1</mn><mi>m</mi></mfrac><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>m</mi></munderover><msup><mi>z</mi><mrow><mo stretchy="false">(</mo><mi>i</mi><mo stretchy="false">)</mo></mrow></msup></mrow></math>"#,
      #"<math display="inline"><mrow><mi>μ</mi><mo>=</mo><mfrac><mn>1</mn><mi>m</mi></mfrac><msubsup><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>m</mi></msubsup><msup><mi>z</mi><mrow><mo stretchy="false">(</mo><mi>i</mi><mo stretchy="false">)</mo></mrow></msup></mrow></math>"#
    ),
    (
      #"\sigma^2 = \frac{1}{m}\sum_{i=1}^{m} (z^{(i)} - \mu)^2"#,
      #"<math display="block"><mrow><msup><mi>σ</mi><mn>2</mn></msup><mo>=</mo><mfrac><mn>1</mn><mi>m</mi></mfrac><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>m</mi></munderover><mo stretchy="false">(</mo><msup><mi>z</mi><mrow><mo stretchy="false">(</mo><mi>i</mi><mo stretchy="false">)</mo></mrow></msup><mo>−</mo><mi>μ</mi><msup><mo stretchy="false">)</mo><mn>2</mn></msup></mrow></math>"#,
      #"<math display="inline"><mrow><msup><mi>σ</mi><mn>2</mn></msup><mo>=</mo><mfrac><mn>1</mn><mi>m</mi></mfrac><msubsup><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>m</mi></msubsup><mo stretchy="false">(</mo><msup><mi>z</mi><mrow><mo stretchy="false">(</mo><mi>i</mi><mo stretchy="false">)</mo></mrow></msup><mo>−</mo><mi>μ</mi><msup><mo stretchy="false">)</mo><mn>2</mn></msup></mrow></math>"#
    ),
    (
      #"\tilde{z}^{(i)} = \gamma \hat{z}^{(i)} + \beta"#,
      #"<math display="block"><mrow><msup><mover accent="true"><mi>z</mi><mo stretchy="false">˜</mo></mover><mrow><mo stretchy="false">(</mo><mi>i</mi><mo stretchy="false">)</mo></mrow></msup><mo>=</mo><mi>γ</mi><msup><mover accent="true"><mi>z</mi><mo stretchy="false">ˆ</mo></mover><mrow><mo stretchy="false">(</mo><mi>i</mi><mo stretchy="false">)</mo></mrow></msup><mo>+</mo><mi>β</mi></mrow></math>"#,
      #"<math display="inline"><mrow><msup><mover accent="true"><mi>z</mi><mo stretchy="false">˜</mo></mover><mrow><mo stretchy="false">(</mo><mi>i</mi><mo stretchy="false">)</mo></mrow></msup><mo>=</mo><mi>γ</mi><msup><mover accent="true"><mi>z</mi><mo stretchy="false">ˆ</mo></mover><mrow><mo stretchy="false">(</mo><mi>i</mi><mo stretchy="false">)</mo></mrow></msup><mo>+</mo><mi>β</mi></mrow></math>"#
    ),
    (
      #"v_{dW} = \beta_1 v_{dW} + (1 - \beta_1) dW"#,
      #"<math display="block"><mrow><msub><mi>v</mi><mrow><mi>d</mi><mi>W</mi></mrow></msub><mo>=</mo><msub><mi>β</mi><mn>1</mn></msub><msub><mi>v</mi><mrow><mi>d</mi><mi>W</mi></mrow></msub><mo>+</mo><mo stretchy="false">(</mo><mn>1</mn><mo>−</mo><msub><mi>β</mi><mn>1</mn></msub><mo stretchy="false">)</mo><mi>d</mi><mi>W</mi></mrow></math>"#,
      #"<math display="inline"><mrow><msub><mi>v</mi><mrow><mi>d</mi><mi>W</mi></mrow></msub><mo>=</mo><msub><mi>β</mi><mn>1</mn></msub><msub><mi>v</mi><mrow><mi>d</mi><mi>W</mi></mrow></msub><mo>+</mo><mo stretchy="false">(</mo><mn>1</mn><mo>−</mo><msub><mi>β</mi><mn>1</mn></msub><mo stretchy="false">)</mo><mi>d</mi><mi>W</mi></mrow></math>"#
    ),
    (
      #"s_{dW} = \beta_2 s_{dW} + (1 - \beta_2) dW^2"#,
      #"<math display="block"><mrow><msub><mi>s</mi><mrow><mi>d</mi><mi>W</mi></mrow></msub><mo>=</mo><msub><mi>β</mi><mn>2</mn></msub><msub><mi>s</mi><mrow><mi>d</mi><mi>W</mi></mrow></msub><mo>+</mo><mo stretchy="false">(</mo><mn>1</mn><mo>−</mo><msub><mi>β</mi><mn>2</mn></msub><mo stretchy="false">)</mo><mi>d</mi><msup><mi>W</mi><mn>2</mn></msup></mrow></math>"#,
      #"<math display="inline"><mrow><msub><mi>s</mi><mrow><mi>d</mi><mi>W</mi></mrow></msub><mo>=</mo><msub><mi>β</mi><mn>2</mn></msub><msub><mi>s</mi><mrow><mi>d</mi><mi>W</mi></mrow></msub><mo>+</mo><mo stretchy="false">(</mo><mn>1</mn><mo>−</mo><msub><mi>β</mi><mn>2</mn></msub><mo stretchy="false">)</mo><mi>d</mi><msup><mi>W</mi><mn>2</mn></msup></mrow></math>"#
    ),
    (
      #"v^{corrected}_{dW} = \frac{v_{dW}}{1 - \beta_1^t}"#,
      #"<math display="block"><mrow><msubsup><mi>v</mi><mrow><mi>d</mi><mi>W</mi></mrow><mrow><mi>c</mi><mi>o</mi><mi>r</mi><mi>r</mi><mi>e</mi><mi>c</mi><mi>t</mi><mi>e</mi><mi>d</mi></mrow></msubsup><mo>=</mo><mfrac><msub><mi>v</mi><mrow><mi>d</mi><mi>W</mi></mrow></msub><mrow><mn>1</mn><mo>−</mo><msubsup><mi>β</mi><mn>1</mn><mi>t</mi></msubsup></mrow></mfrac></mrow></math>"#,
      #"<math display="inline"><mrow><msubsup><mi>v</mi><mrow><mi>d</mi><mi>W</mi></mrow><mrow><mi>c</mi><mi>o</mi><mi>r</mi><mi>r</mi><mi>e</mi><mi>c</mi><mi>t</mi><mi>e</mi><mi>d</mi></mrow></msubsup><mo>=</mo><mfrac><msub><mi>v</mi><mrow><mi>d</mi><mi>W</mi></mrow></msub><mrow><mn>1</mn><mo>−</mo><msubsup><mi>β</mi><mn>1</mn><mi>t</mi></msubsup></mrow></mfrac></mrow></math>"#
    ),
    (
      #"W := W - \alpha \frac{v^{corrected}_{dW}}{\sqrt{s^{corrected}_{dW}} + \varepsilon}"#,
      #"<math display="block"><mrow><mi>W</mi><mo>:=</mo><mi>W</mi><mo>−</mo><mi>α</mi><mfrac><msubsup><mi>v</mi><mrow><mi>d</mi><mi>W</mi></mrow><mrow><mi>c</mi><mi>o</mi><mi>r</mi><mi>r</mi><mi>e</mi><mi>c</mi><mi>t</mi><mi>e</mi><mi>d</mi></mrow></msubsup><mrow><msqrt><msubsup><mi>s</mi><mrow><mi>d</mi><mi>W</mi></mrow><mrow><mi>c</mi><mi>o</mi><mi>r</mi><mi>r</mi><mi>e</mi><mi>c</mi><mi>t</mi><mi>e</mi><mi>d</mi></mrow></msubsup></msqrt><mo>+</mo><mi>ε</mi></mrow></mfrac></mrow></math>"#,
      #"<math display="inline"><mrow><mi>W</mi><mo>:=</mo><mi>W</mi><mo>−</mo><mi>α</mi><mfrac><msubsup><mi>v</mi><mrow><mi>d</mi><mi>W</mi></mrow><mrow><mi>c</mi><mi>o</mi><mi>r</mi><mi>r</mi><mi>e</mi><mi>c</mi><mi>t</mi><mi>e</mi><mi>d</mi></mrow></msubsup><mrow><msqrt><msubsup><mi>s</mi><mrow><mi>d</mi><mi>W</mi></mrow><mrow><mi>c</mi><mi>o</mi><mi>r</mi><mi>r</mi><mi>e</mi><mi>c</mi><mi>t</mi><mi>e</mi><mi>d</mi></mrow></msubsup></msqrt><mo>+</mo><mi>ε</mi></mrow></mfrac></mrow></math>"#
    ),
    (
      #"a \odot b"#,
      #"<math display="block"><mrow><mi>a</mi><mo>⊙</mo><mi>b</mi></mrow></math>"#,
      #"<math display="inline"><mrow><mi>a</mi><mo>⊙</mo><mi>b</mi></mrow></math>"#
    ),
    (
      #"v_t = \beta v_{t-1} + (1 - \beta)\theta_t"#,
      #"<math display="block"><mrow><msub><mi>v</mi><mi>t</mi></msub><mo>=</mo><mi>β</mi><msub><mi>v</mi><mrow><mi>t</mi><mo>−</mo><mn>1</mn></mrow></msub><mo>+</mo><mo stretchy="false">(</mo><mn>1</mn><mo>−</mo><mi>β</mi><mo stretchy="false">)</mo><msub><mi>θ</mi><mi>t</mi></msub></mrow></math>"#,
      #"<math display="inline"><mrow><msub><mi>v</mi><mi>t</mi></msub><mo>=</mo><mi>β</mi><msub><mi>v</mi><mrow><mi>t</mi><mo>−</mo><mn>1</mn></mrow></msub><mo>+</mo><mo stretchy="false">(</mo><mn>1</mn><mo>−</mo><mi>β</mi><mo stretchy="false">)</mo><msub><mi>θ</mi><mi>t</mi></msub></mrow></math>"#
    ),
    (
      #"\frac{1}{1-\beta}"#,
      #"<math display="block"><mrow><mfrac><mn>1</mn><mrow><mn>1</mn><mo>−</mo><mi>β</mi></mrow></mfrac></mrow></math>"#,
      #"<math display="inline"><mrow><mfrac><mn>1</mn><mrow><mn>1</mn><mo>−</mo><mi>β</mi></mrow></mfrac></mrow></math>"#
    ),
  ]

  @Test(arguments: 0..<canonical.count)
  func canonicalFormula(_ index: Int) throws {
    let c = Self.canonical[index]
    #expect(try mathML(c.source, display: true) == c.block)
    #expect(try mathML(c.source, display: false) == c.inline)
  }

  func inner(_ source: String, display: Bool = false) throws -> String {
    let full = try mathML(source, display: display)
    let open = display ? "<math display=\"block\"><mrow>" : "<math display=\"inline\"><mrow>"
    #expect(full.hasPrefix(open) && full.hasSuffix("</mrow></math>"))
    return String(full.dropFirst(open.count).dropLast("</mrow></math>".count))
  }

  @Test func escapesXML() throws {
    #expect(try inner("a < b") == "<mi>a</mi><mo>&lt;</mo><mi>b</mi>")
    #expect(try inner(#"\text{a<b & "c"}"#) == "<mtext>a&lt;b&#160;&amp;&#160;&quot;c&quot;</mtext>")
    #expect(Markup.escape(#"<&>""#) == "&lt;&amp;&gt;&quot;")
  }

  @Test func functionNamesApplyWithTeXSpacing() throws {
    #expect(
      try inner(#"\log x"#) == #"<mi>log</mi><mo>&#x2061;</mo><mspace width="0.1667em"/><mi>x</mi>"#)
    #expect(
      try inner(#"\exp(x)"#)
        == #"<mi>exp</mi><mo>&#x2061;</mo><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo>"#)
    #expect(try inner(#"\max_{i} x"#, display: true).hasPrefix("<munder><mi>max</mi><mi>i</mi></munder>"))
    #expect(try inner(#"\max_{i} x"#).hasPrefix("<msub><mi>max</mi><mi>i</mi></msub>"))
  }

  @Test func variantsAndSymbols() throws {
    #expect(try inner(#"\Gamma"#) == #"<mi mathvariant="normal">Γ</mi>"#)
    #expect(try inner(#"\mathrm{corrected}"#) == "<mi>corrected</mi>")
    #expect(try inner(#"\mathbf{W}"#) == "<mi>𝐖</mi>")
    #expect(try inner(#"\mathit{ab}"#) == "<mrow><mi>a</mi><mi>b</mi></mrow>")
    #expect(try inner(#"\infty"#) == #"<mi mathvariant="normal">∞</mi>"#)
    #expect(try inner(#"\partial"#) == "<mi>∂</mi>")
    #expect(try inner("|x|") == #"<mo stretchy="false" lspace="0" rspace="0">|</mo><mi>x</mi><mo stretchy="false" lspace="0" rspace="0">|</mo>"#)
    #expect(try inner("a:=b") == "<mi>a</mi><mo>:=</mo><mi>b</mi>")
  }

  @Test func spacesAccentsFencesAndPrimes() throws {
    #expect(try inner(#"a\,b\quad c\!"#) == #"<mi>a</mi><mspace width="0.1667em"/><mi>b</mi><mspace width="1em"/><mi>c</mi><mspace width="-0.1667em"/>"#)
    #expect(try inner(#"\vec{v}"#) == #"<mover accent="true"><mi>v</mi><mo stretchy="false">→</mo></mover>"#)
    #expect(try inner(#"\bar{x}"#) == #"<mover accent="true"><mi>x</mi><mo stretchy="false">¯</mo></mover>"#)
    #expect(
      try inner(#"\left(\frac{a}{b}\right."#)
        == #"<mrow><mo fence="true" form="prefix">(</mo><mfrac><mi>a</mi><mi>b</mi></mfrac></mrow>"#)
    #expect(try inner("f'") == "<mi>f</mi><mo lspace=\"0\" rspace=\"0\">′</mo>")
    #expect(
      try inner("g''_i")
        == "<msub><mi>g</mi><mi>i</mi></msub><mo lspace=\"0\" rspace=\"0\">′</mo><mo lspace=\"0\" rspace=\"0\">′</mo>")
    #expect(try inner("f'^2") == "<msup><mi>f</mi><mrow><mo lspace=\"0\" rspace=\"0\">′</mo><mn>2</mn></mrow></msup>")
    #expect(try inner(#"\sqrt{x}"#) == "<msqrt><mi>x</mi></msqrt>")
    #expect(try inner("x_{ij}") == "<msub><mi>x</mi><mrow><mi>i</mi><mi>j</mi></mrow></msub>")
  }

  @Test func outputIsDeterministic() throws {
    let source = Self.canonical[7].source
    #expect(try mathML(source, display: true) == mathML(source, display: true))
  }
}

@Suite struct MathMLAccentTests {
  @Test func wideAccentsStretchAndNarrowOnesDoNot() throws {
    let wide = MathML.render(try MathParser.parse(#"\widehat{xyz}\widetilde{xyz}\overline{xyz}"#), display: false)
    #expect(wide.contains(#"<mo stretchy="true">&#x302;</mo>"#))
    #expect(wide.contains(#"<mo stretchy="true">&#x303;</mo>"#))
    #expect(wide.hasSuffix(#"<mrow style="border-top:0.065em solid;padding-top:0.1em"><mi>x</mi><mi>y</mi><mi>z</mi></mrow></mrow></math>"#))
    let narrow = MathML.render(try MathParser.parse(#"\hat{x}\tilde{x}\dot{x}\ddot{x}"#), display: false)
    #expect(narrow.contains(#"<mo stretchy="false">ˆ</mo>"#) && narrow.contains(#"<mo stretchy="false">˜</mo>"#))
    #expect(narrow.contains("<mo>˙</mo>") && narrow.contains("<mo>¨</mo>"))
  }
}
