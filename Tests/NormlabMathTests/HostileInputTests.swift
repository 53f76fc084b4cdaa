import Testing

@testable import NormlabMath

/// Random formulas and prose from a seeded generator: every input either parses (and then
/// typesets and emits MathML) or fails with an offset inside the input; nothing traps.
@Suite struct HostileInputTests {
  /// SplitMix64 (Steele, Lea & Flood 2014), so a failure is reproducible from its seed.
  struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func pick<T>(_ options: [T]) -> T { options[Int(next() % UInt64(options.count))] }
  }

  static let tokens = [
    "x", "2", "+", "-", "=", "(", ")", "[", "]", "{", "}", "^", "_", "'", " ", "\\", "$", "&",
    "\\frac", "\\sqrt", "\\left(", "\\right)", "\\left", "\\right", "\\hat", "\\sum", "\\text{",
    "\\mathrm{", "\\alpha", "\\,", "\\mathbb", "\\max", ".", "|", "~", "\u{FFFC}", "é", "\u{0}",
  ]

  @Test func randomFormulasParseOrFailInsideTheInput() {
    var random = SplitMix64(state: 20_240_601)
    var parsed = 0
    for _ in 0..<3_000 {
      let count = Int(random.next() % 24) + 1
      let source = (0..<count).map { _ in random.pick(Self.tokens) }.joined()
      do {
        let node = try MathParser.parse(source)
        parsed += 1
        let layout = MathTypesetter(metrics: FakeMetrics(), size: 10).layout(node, display: true)
        #expect(layout.width.isFinite && layout.ascent.isFinite && layout.descent.isFinite, "\(source)")
        #expect(MathML.render(node, display: false).hasPrefix("<math"))
      } catch {
        #expect(error.offset >= 0 && error.offset <= source.count, "\(source): \(error)")
      }
    }
    // The generator must exercise both outcomes.
    #expect(parsed > 100)
  }

  @Test func randomProseSplitsOrFailsInsideTheInput() {
    var random = SplitMix64(state: 7)
    for _ in 0..<2_000 {
      let count = Int(random.next() % 30) + 1
      let prose = (0..<count).map { _ in random.pick(Self.tokens + ["$", "$$", "\\$", "`", "word "]) }.joined()
      do {
        _ = try MathProse(parsing: prose)
      } catch {
        #expect(error.offset >= 0 && error.offset <= prose.count, "\(prose): \(error)")
      }
    }
  }
}
