/// A parsed formula: the typed tree the typesetter and the MathML emitter both walk.
///
/// Styles are resolved while parsing (`\mathrm{d}` becomes an upright identifier), so the two
/// back ends never need to track font context.
public indirect enum MathNode: Sendable, Equatable {
  /// A variable: one letter in `.italic`, or an upright name from `\mathrm`/`\text`-like input.
  case identifier(String, MathVariant)
  /// Digits with an optional decimal point, always upright.
  case number(String)
  /// An upright symbol with its TeX spacing class: `+`, `=`, `(`, `,`, `\infty`.
  case symbol(String, MathAtomKind)
  /// A named operator such as `\log` or `\max`; `limits` puts its scripts below/above in display.
  case function(String, limits: Bool)
  /// A big operator such as `\sum`; `limits` puts its scripts below/above in display.
  case largeOperator(String, limits: Bool)
  /// A braced group (one ordinary atom to TeX) or a whole formula.
  case row([MathNode])
  case scripts(base: MathNode, sub: MathNode?, sup: MathNode?)
  case fraction(numerator: MathNode, denominator: MathNode)
  case squareRoot(MathNode)
  case accent(MathAccent, MathNode)
  /// `\text{...}`: upright words with their spaces kept.
  case text(String)
  case space(MathSpace)
  /// `\left( ... \right)`: delimiters sized to the body; an empty string is the null delimiter `.`.
  case fenced(open: String, body: MathNode, close: String)
}

/// How an identifier's letters are set.
public enum MathVariant: Sendable, Equatable, Hashable {
  case italic
  case upright
  case bold
}

/// TeX's atom classes (The TeXbook, chapter 17), which decide the space between neighbours.
public enum MathAtomKind: Sendable, Equatable, Hashable, CaseIterable {
  case ordinary
  case largeOperator
  case binary
  case relation
  case opening
  case closing
  case punctuation
  case inner
}

/// Accents drawn over a base; the `wide` ones stretch to the base's width.
public enum MathAccent: Sendable, Equatable, Hashable, CaseIterable {
  case hat
  case tilde
  case bar
  case vector
  case dot
  case doubleDot
  case wideHat
  case wideTilde
  case overline
}

/// Explicit spaces, in TeX's math units (1 mu = 1/18 em).
public enum MathSpace: Sendable, Equatable, Hashable, CaseIterable {
  /// `\!`
  case negativeThin
  /// `\,`
  case thin
  /// `\:`
  case medium
  /// `\;`
  case thick
  /// `\ ` and `~`: an interword space.
  case word
  /// `\quad`
  case quad
  /// `\qquad`
  case doubleQuad

  /// Width in em.
  public var em: Double {
    switch self {
    case .negativeThin: return -3.0 / 18
    case .thin: return 3.0 / 18
    case .medium: return 4.0 / 18
    case .thick: return 5.0 / 18
    case .word: return 6.0 / 18
    case .quad: return 1
    case .doubleQuad: return 2
    }
  }
}

extension MathNode {
  /// The items of a row, or the node itself.
  var items: [MathNode] {
    if case .row(let list) = self { return list }
    return [self]
  }

  /// TeX's class of this atom, which sets the space around it; nil for explicit spaces.
  var atomKind: MathAtomKind? {
    switch self {
    case .identifier, .number, .text, .row, .squareRoot, .accent: return .ordinary
    case .symbol(_, let kind): return kind
    case .function, .largeOperator: return .largeOperator
    case .scripts(let base, _, _): return base.atomKind ?? .ordinary
    case .fraction, .fenced: return .inner
    case .space: return nil
    }
  }

  /// Whether display style puts this operator's scripts below and above it.
  var hasLimits: Bool {
    switch self {
    case .largeOperator(_, let limits), .function(_, let limits): return limits
    default: return false
    }
  }
}

extension MathAtomKind {
  /// Inter-atom spacing (The TeXbook, p. 170): rows are the left atom's class, columns the
  /// right one's, in declaration order; 3, 4 and 5 mu are thin, medium and thick spaces, and a
  /// negative entry applies only in display and text style.
  private static let spacingTable: [[Int]] = [
    [0, 3, -4, -5, 0, 0, 0, -3],
    [3, 3, 0, -5, 0, 0, 0, -3],
    [-4, -4, 0, 0, -4, 0, 0, -4],
    [-5, -5, 0, 0, -5, 0, 0, -5],
    [0, 0, 0, 0, 0, 0, 0, 0],
    [0, 3, -4, -5, 0, 0, 0, -3],
    [-3, -3, 0, -3, -3, -3, -3, -3],
    [-3, 3, -4, -5, -3, 0, -3, -3],
  ]

  /// Space in mu between atoms of these classes, and whether it is dropped in script styles.
  static func spacing(_ left: MathAtomKind, _ right: MathAtomKind) -> (mu: Int, textStylesOnly: Bool) {
    guard let l = allCases.firstIndex(of: left), let r = allCases.firstIndex(of: right) else {
      return (0, false)
    }
    let code = spacingTable[l][r]
    return (abs(code), code < 0)
  }
}
