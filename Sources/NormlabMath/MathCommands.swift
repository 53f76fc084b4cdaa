/// What a backslash command means. One table serves the parser, the docs test and the docs.
enum MathCommand: Sendable, Equatable {
  /// A command that stands for one node: a letter, a symbol, an operator name, a space.
  case node(MathNode)
  case fraction
  case squareRoot
  case accent(MathAccent)
  /// `\mathrm`, `\mathit`, `\mathbf`: letters of the argument in that variant.
  case font(MathVariant)
  case text
  case operatorName
  case left
  case right
}

/// The supported commands, by name without the backslash.
public enum MathCommands {
  /// Every command name the parser accepts (letters and one-character ones such as `,`).
  public static var names: [String] { table.keys.sorted() }

  static func command(_ name: String) -> MathCommand? { table[name] }

  private static func ordinary(_ s: String) -> MathCommand { .node(.symbol(s, .ordinary)) }
  private static func binary(_ s: String) -> MathCommand { .node(.symbol(s, .binary)) }
  private static func relation(_ s: String) -> MathCommand { .node(.symbol(s, .relation)) }
  private static func opening(_ s: String) -> MathCommand { .node(.symbol(s, .opening)) }
  private static func closing(_ s: String) -> MathCommand { .node(.symbol(s, .closing)) }
  private static func italic(_ s: String) -> MathCommand { .node(.identifier(s, .italic)) }
  private static func upright(_ s: String) -> MathCommand { .node(.identifier(s, .upright)) }
  private static func function(_ s: String, limits: Bool = false) -> MathCommand {
    .node(.function(s, limits: limits))
  }

  private static let table: [String: MathCommand] = {
    var t: [String: MathCommand] = [:]
    // Lowercase Greek is italic, as in TeX. \epsilon is the lunate form, \varepsilon the open one.
    let lower: [(String, String)] = [
      ("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("delta", "δ"), ("epsilon", "ϵ"),
      ("varepsilon", "ε"), ("zeta", "ζ"), ("eta", "η"), ("theta", "θ"), ("vartheta", "ϑ"),
      ("iota", "ι"), ("kappa", "κ"), ("lambda", "λ"), ("mu", "μ"), ("nu", "ν"), ("xi", "ξ"),
      ("pi", "π"), ("rho", "ρ"), ("varrho", "ϱ"), ("sigma", "σ"), ("varsigma", "ς"), ("tau", "τ"),
      ("upsilon", "υ"), ("phi", "ϕ"), ("varphi", "φ"), ("chi", "χ"), ("psi", "ψ"), ("omega", "ω"),
    ]
    for (name, letter) in lower { t[name] = italic(letter) }
    // Only the capitals that differ from Latin ones; TeX sets them upright.
    let upper: [(String, String)] = [
      ("Gamma", "Γ"), ("Delta", "Δ"), ("Theta", "Θ"), ("Lambda", "Λ"), ("Xi", "Ξ"), ("Pi", "Π"),
      ("Sigma", "Σ"), ("Upsilon", "Υ"), ("Phi", "Φ"), ("Psi", "Ψ"), ("Omega", "Ω"),
    ]
    for (name, letter) in upper { t[name] = upright(letter) }

    for (name, s) in [
      ("pm", "±"), ("mp", "∓"), ("times", "×"), ("cdot", "⋅"), ("odot", "⊙"), ("oplus", "⊕"),
      ("otimes", "⊗"), ("div", "÷"), ("ast", "∗"), ("circ", "∘"), ("cup", "∪"), ("cap", "∩"),
      ("setminus", "∖"),
    ] { t[name] = binary(s) }
    for (name, s) in [
      ("leq", "≤"), ("le", "≤"), ("geq", "≥"), ("ge", "≥"), ("neq", "≠"), ("ne", "≠"),
      ("approx", "≈"), ("sim", "∼"), ("simeq", "≃"), ("equiv", "≡"), ("propto", "∝"),
      ("ll", "≪"), ("gg", "≫"), ("to", "→"), ("rightarrow", "→"), ("leftarrow", "←"),
      ("gets", "←"), ("leftrightarrow", "↔"), ("Rightarrow", "⇒"), ("Leftarrow", "⇐"),
      ("Leftrightarrow", "⇔"), ("mapsto", "↦"), ("in", "∈"), ("notin", "∉"), ("subset", "⊂"),
      ("subseteq", "⊆"),
    ] { t[name] = relation(s) }
    for (name, s) in [
      ("infty", "∞"), ("partial", "∂"), ("nabla", "∇"), ("ell", "ℓ"), ("forall", "∀"),
      ("exists", "∃"), ("emptyset", "∅"), ("prime", "′"), ("cdots", "⋯"), ("ldots", "…"),
      ("dots", "…"), ("vert", "|"), ("Vert", "‖"), ("|", "‖"), ("$", "$"), ("%", "%"), ("_", "_"),
      ("#", "#"), ("&", "&"),
    ] { t[name] = ordinary(s) }
    for (name, s) in [
      ("{", "{"), ("lbrace", "{"), ("langle", "⟨"), ("lvert", "|"), ("lVert", "‖"),
      ("lfloor", "⌊"), ("lceil", "⌈"),
    ] { t[name] = opening(s) }
    for (name, s) in [
      ("}", "}"), ("rbrace", "}"), ("rangle", "⟩"), ("rvert", "|"), ("rVert", "‖"),
      ("rfloor", "⌋"), ("rceil", "⌉"),
    ] { t[name] = closing(s) }

    t["sum"] = .node(.largeOperator("∑", limits: true))
    t["prod"] = .node(.largeOperator("∏", limits: true))
    // TeX puts an integral's scripts beside it even in display style.
    t["int"] = .node(.largeOperator("∫", limits: false))
    for name in ["log", "ln", "exp", "sin", "cos", "tan", "tanh", "arg", "det"] {
      t[name] = function(name)
    }
    for name in ["min", "max", "lim", "sup", "inf"] { t[name] = function(name, limits: true) }

    for (name, space) in [
      ("!", MathSpace.negativeThin), (",", .thin), (":", .medium), (">", .medium), (";", .thick),
      (" ", .word), ("quad", .quad), ("qquad", .doubleQuad),
    ] { t[name] = .node(.space(space)) }

    for (name, accent) in [
      ("hat", MathAccent.hat), ("tilde", .tilde), ("bar", .bar), ("vec", .vector), ("dot", .dot),
      ("ddot", .doubleDot), ("widehat", .wideHat), ("widetilde", .wideTilde),
      ("overline", .overline),
    ] { t[name] = .accent(accent) }

    t["frac"] = .fraction
    t["sqrt"] = .squareRoot
    t["mathrm"] = .font(.upright)
    t["mathit"] = .font(.italic)
    t["mathbf"] = .font(.bold)
    t["text"] = .text
    t["operatorname"] = .operatorName
    t["left"] = .left
    t["right"] = .right
    return t
  }()
}
