/// Reads the documented TeX subset (docs/math.md) into a `MathNode` tree.
///
/// Total on hostile input: the formula's length and nesting depth are bounded before any
/// recursion, so `{{{{…` of any length is an error, never a stack overflow.
public enum MathParser {
  /// Longest formula accepted, in characters.
  public static let maximumLength = 4_000
  /// Deepest nesting of groups and command arguments accepted.
  public static let maximumDepth = 40

  /// Parses one formula (the text between the dollars). The result is a `.row`.
  public static func parse(_ source: String) throws(MathSyntaxError) -> MathNode {
    // Counting stops early, so a huge input is rejected without being copied.
    var count = 0
    for _ in source {
      count += 1
      if count > maximumLength {
        throw MathSyntaxError(offset: maximumLength, reason: .tooLong(limit: maximumLength))
      }
    }
    var parser = _MathParser(characters: Array(source))
    return try parser.parseFormula()
  }
}

struct _MathParser {
  enum Terminator { case end, closeBrace, right }

  let characters: [Character]
  var index = 0
  var depth = 0

  init(characters: [Character]) { self.characters = characters }

  mutating func parseFormula() throws(MathSyntaxError) -> MathNode {
    let nodes = try parseList(until: .end, openedAt: 0)
    guard !nodes.isEmpty else { throw MathSyntaxError(offset: 0, reason: .emptyFormula) }
    return .row(nodes)
  }

  // MARK: Lists

  /// Parses atoms up to `terminator`, attaching `^`, `_` and `'` to the atom before them.
  mutating func parseList(until terminator: Terminator, openedAt: Int) throws(MathSyntaxError)
    -> [MathNode]
  {
    try enter()
    defer { depth -= 1 }
    var nodes: [MathNode] = []
    while true {
      skipSpaces()
      guard let c = peek() else {
        switch terminator {
        case .end: return nodes
        case .closeBrace: throw MathSyntaxError(offset: openedAt, reason: .unbalancedOpenBrace)
        case .right: throw MathSyntaxError(offset: openedAt, reason: .leftWithoutRight)
        }
      }
      switch c {
      case "}":
        guard terminator == .closeBrace else {
          throw MathSyntaxError(offset: index, reason: .unexpectedCloseBrace)
        }
        index += 1
        return nodes
      case "^", "_":
        let at = index
        index += 1
        let argument = try parseArgument(command: String(c), expected: 1, commandOffset: at)
        try attachScript(argument, superscript: c == "^", to: &nodes, at: at)
      case "'":
        let at = index
        index += 1
        try attachScript(.symbol("′", .ordinary), superscript: true, to: &nodes, at: at)
      default:
        if c == "\\", commandName(at: index) == "right" {
          guard terminator == .right else {
            throw MathSyntaxError(offset: index, reason: .rightWithoutLeft)
          }
          return nodes
        }
        nodes.append(try parseAtom(single: false))
      }
    }
  }

  /// Adds a script to the last atom, as TeX does: `x_i^2` and `x^2_i` are one atom;
  /// primes merge with a following superscript (`f'^2` is `f^{′2}`).
  func attachScript(
    _ script: MathNode, superscript: Bool, to nodes: inout [MathNode], at offset: Int
  ) throws(MathSyntaxError) {
    var base: MathNode = .row([])
    var sub: MathNode?
    var sup: MathNode?
    if let last = nodes.last, !Self.isSpace(last) {
      nodes.removeLast()
      if case .scripts(let b, let s, let p) = last {
        base = b
        sub = s
        sup = p
      } else {
        base = last
      }
    }
    if superscript {
      if let existing = sup {
        guard let primes = Self.primes(existing) else {
          throw MathSyntaxError(offset: offset, reason: .doubleSuperscript)
        }
        sup = .row(primes + script.items)
      } else {
        sup = script
      }
    } else {
      guard sub == nil else { throw MathSyntaxError(offset: offset, reason: .doubleSubscript) }
      sub = script
    }
    nodes.append(.scripts(base: base, sub: sub, sup: sup))
  }

  static func isSpace(_ node: MathNode) -> Bool {
    if case .space = node { return true }
    return false
  }

  /// The primes of a superscript made only of primes, else nil.
  static func primes(_ node: MathNode) -> [MathNode]? {
    let list = node.items
    let prime = MathNode.symbol("′", .ordinary)
    return list.allSatisfy { $0 == prime } ? list : nil
  }

  // MARK: Atoms

  /// One atom. `single` (a command argument without braces) takes one digit, not a number.
  mutating func parseAtom(single: Bool) throws(MathSyntaxError) -> MathNode {
    let start = index
    guard let c = peek() else {
      throw MathSyntaxError(offset: index, reason: .emptyFormula)
    }
    if c == "{" {
      index += 1
      return .row(try parseList(until: .closeBrace, openedAt: start))
    }
    if c == "\\" { return try parseCommand() }
    if c.isASCII, c.isNumber || (c == "." && peek(1)?.isNumber == true && peek(1)?.isASCII == true) {
      return .number(single ? String(advance()) : readNumber())
    }
    index += 1
    if c.isLetter {
      if let scalar = c.unicodeScalars.first, (0x391...0x3A9).contains(scalar.value) {
        return .identifier(String(c), .upright)
      }
      return .identifier(String(c), .italic)
    }
    switch c {
    case "+": return .symbol("+", .binary)
    case "-": return .symbol("−", .binary)
    case "*": return .symbol("∗", .binary)
    case "=", "<", ">", ":": return .symbol(String(c), .relation)
    case "(", "[": return .symbol(String(c), .opening)
    case ")", "]", "!", "?": return .symbol(String(c), .closing)
    case ",", ";": return .symbol(String(c), .punctuation)
    case "~": return .space(.word)
    case "&", "#", "$", "^", "_", "}":
      throw MathSyntaxError(offset: start, reason: .unexpectedCharacter(c))
    default:
      if c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
        throw MathSyntaxError(offset: start, reason: .unexpectedCharacter(c))
      }
      return .symbol(String(c), .ordinary)
    }
  }

  mutating func readNumber() -> String {
    var text = ""
    var sawPoint = false
    while let c = peek(), c.isASCII {
      if c.isNumber {
        text.append(c)
      } else if c == ".", !sawPoint, peek(1)?.isNumber == true, peek(1)?.isASCII == true {
        sawPoint = true
        text.append(c)
      } else {
        break
      }
      index += 1
    }
    return text
  }

  // MARK: Commands

  /// The name of the command starting at `offset` (a backslash), without reading it.
  func commandName(at offset: Int) -> String {
    var i = offset + 1
    guard i < characters.count else { return "" }
    guard characters[i].isASCII, characters[i].isLetter else { return String(characters[i]) }
    var name = ""
    while i < characters.count, characters[i].isASCII, characters[i].isLetter {
      name.append(characters[i])
      i += 1
    }
    return name
  }

  mutating func parseCommand() throws(MathSyntaxError) -> MathNode {
    let start = index
    let name = commandName(at: start)
    guard !name.isEmpty else { throw MathSyntaxError(offset: start, reason: .unexpectedCharacter("\\")) }
    index += 1 + name.count
    guard let command = MathCommands.command(name) else {
      throw MathSyntaxError(offset: start, reason: .unknownCommand(name))
    }
    let display = "\\" + name
    switch command {
    case .node(let node):
      return node
    case .fraction:
      let numerator = try parseArgument(command: display, expected: 2, commandOffset: start)
      let denominator = try parseArgument(command: display, expected: 2, commandOffset: start)
      return .fraction(numerator: numerator, denominator: denominator)
    case .squareRoot:
      skipSpaces()
      if peek() == "[" {
        throw MathSyntaxError(offset: index, reason: .unsupported("a root index (`\\sqrt[n]{...}`)"))
      }
      return .squareRoot(try parseArgument(command: display, expected: 1, commandOffset: start))
    case .accent(let accent):
      return .accent(accent, try parseArgument(command: display, expected: 1, commandOffset: start))
    case .font(let variant):
      let argument = try parseArgument(command: display, expected: 1, commandOffset: start)
      let styled = Self.restyled(argument, variant)
      if case .row(let list) = styled, list.count == 1, let only = list.first { return only }
      return styled
    case .text:
      return .text(try parseRawArgument(command: display, commandOffset: start))
    case .operatorName:
      let name = try parseRawArgument(command: display, commandOffset: start)
      guard !name.isEmpty, name.allSatisfy({ $0.isLetter }) else {
        throw MathSyntaxError(
          offset: start, reason: .unsupported("`\\operatorname` with anything but letters"))
      }
      return .function(name, limits: false)
    case .left:
      let open = try parseDelimiter(after: display, commandOffset: start)
      let body = try parseList(until: .right, openedAt: start)
      // parseList stopped at `\right`.
      let rightOffset = index
      index += 1 + "right".count
      let close = try parseDelimiter(after: "\\right", commandOffset: rightOffset)
      return .fenced(open: open, body: .row(body), close: close)
    case .right:
      throw MathSyntaxError(offset: start, reason: .rightWithoutLeft)
    }
  }

  /// A braced group or a single token; a one-item group is unwrapped.
  mutating func parseArgument(command: String, expected: Int, commandOffset: Int)
    throws(MathSyntaxError) -> MathNode
  {
    try enter()
    defer { depth -= 1 }
    skipSpaces()
    guard let c = peek(), c != "}", c != "^", c != "_", c != "&", c != "#", c != "'" else {
      throw MathSyntaxError(
        offset: commandOffset, reason: .missingArgument(command: command, expected: expected))
    }
    if c == "\\", commandName(at: index) == "right" {
      throw MathSyntaxError(
        offset: commandOffset, reason: .missingArgument(command: command, expected: expected))
    }
    let node = try parseAtom(single: true)
    if case .row(let list) = node, list.count == 1, let only = list.first { return only }
    return node
  }

  /// The verbatim text of a braced argument (for `\text`), with `\{ \} \$ \% \& \_ \#` unescaped.
  mutating func parseRawArgument(command: String, commandOffset: Int) throws(MathSyntaxError)
    -> String
  {
    skipSpaces()
    guard let first = peek(), first != "}" else {
      throw MathSyntaxError(
        offset: commandOffset, reason: .missingArgument(command: command, expected: 1))
    }
    guard first == "{" else {
      index += 1
      guard first != "\\" else {
        throw MathSyntaxError(offset: commandOffset, reason: .missingArgument(command: command, expected: 1))
      }
      return String(first)
    }
    let open = index
    index += 1
    var text = ""
    var level = 0
    while let c = peek() {
      index += 1
      switch c {
      case "\\":
        guard let next = peek(), "{}$%&_#".contains(next) else {
          throw MathSyntaxError(
            offset: index - 1,
            reason: .unsupported("`\\\(commandName(at: index - 1))` inside `\(command)`"))
        }
        text.append(next)
        index += 1
      case "{":
        level += 1
        text.append(c)
      case "}":
        if level == 0 { return text }
        level -= 1
        text.append(c)
      default:
        text.append(c)
      }
    }
    throw MathSyntaxError(offset: open, reason: .unbalancedOpenBrace)
  }

  /// The delimiter after `\left` or `\right`: `( ) [ ] | / .` or a delimiter command.
  mutating func parseDelimiter(after command: String, commandOffset: Int) throws(MathSyntaxError)
    -> String
  {
    skipSpaces()
    guard let c = peek() else {
      throw MathSyntaxError(offset: commandOffset, reason: .notADelimiter(command: command))
    }
    if "()[]|/".contains(c) {
      index += 1
      return String(c)
    }
    if c == "." {
      index += 1
      return ""
    }
    if c == "\\" {
      let name = commandName(at: index)
      if case .node(.symbol(let s, let kind)) = MathCommands.command(name),
        kind == .opening || kind == .closing || s == "|" || s == "‖"
      {
        index += 1 + name.count
        return s
      }
    }
    throw MathSyntaxError(offset: commandOffset, reason: .notADelimiter(command: command))
  }

  /// `\mathrm{...}` and friends: every identifier inside takes `variant`; upright or bold
  /// letter runs become one identifier (`\mathrm{corrected}` is one upright word).
  static func restyled(_ node: MathNode, _ variant: MathVariant) -> MathNode {
    switch node {
    case .identifier(let name, _):
      return .identifier(name, variant)
    case .row(let list):
      var out: [MathNode] = []
      for item in list.map({ restyled($0, variant) }) {
        if variant != .italic, case .identifier(let name, let v) = item,
          case .identifier(let previous, let pv)? = out.last, v == pv
        {
          out[out.count - 1] = .identifier(previous + name, v)
        } else {
          out.append(item)
        }
      }
      return .row(out)
    case .scripts(let base, let sub, let sup):
      return .scripts(
        base: restyled(base, variant), sub: sub.map { restyled($0, variant) },
        sup: sup.map { restyled($0, variant) })
    case .fraction(let n, let d):
      return .fraction(numerator: restyled(n, variant), denominator: restyled(d, variant))
    case .squareRoot(let r): return .squareRoot(restyled(r, variant))
    case .accent(let a, let b): return .accent(a, restyled(b, variant))
    case .fenced(let o, let b, let c): return .fenced(open: o, body: restyled(b, variant), close: c)
    case .number, .symbol, .function, .largeOperator, .text, .space:
      return node
    }
  }

  // MARK: Reading

  mutating func enter() throws(MathSyntaxError) {
    guard depth < MathParser.maximumDepth else {
      throw MathSyntaxError(offset: index, reason: .tooDeep(limit: MathParser.maximumDepth))
    }
    depth += 1
  }

  func peek(_ ahead: Int = 0) -> Character? {
    let i = index + ahead
    return i < characters.count ? characters[i] : nil
  }

  mutating func advance() -> Character {
    let c = characters[index]
    index += 1
    return c
  }

  mutating func skipSpaces() {
    while let c = peek(), c.isWhitespace { index += 1 }
  }
}
