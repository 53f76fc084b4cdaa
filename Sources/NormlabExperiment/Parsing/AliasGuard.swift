import Yams

/// Refuses the one use of YAML aliases that makes composing a document expensive: an alias
/// inside a mapping key. Yams shares an aliased node instead of copying it, so a "billion
/// laughs" document of nested aliases composes in linear time and the parser's node budget
/// stops the walk over it; but Yams hashes every mapping key to find duplicates, and hashing a
/// key built from nested aliases takes time exponential in the nesting. Experiment files have
/// plain names as keys, so any alias used as (or inside) a key is refused up front, with a scan
/// of the text that needs only Yams' public API.
enum AliasGuard {
  /// The message and position of the first alias used in a key, or nil. Documents without an
  /// alias (nearly all) return at once.
  static func problem(in text: String) -> (String, SourcePosition)? {
    // Without an anchor there is no alias (and `**bold**` in prose is no alias either).
    guard text.contains("*"), text.contains("&") else { return nil }
    let anchors = anchorNames(in: text)
    guard !anchors.isEmpty else { return nil }
    var lineNumber = 0
    var blockIndent: Int?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      let indent = line.prefix(while: { $0 == " " }).count
      // The lines of a block scalar (`|`, `>`) more indented than its key are text.
      if let scalarIndent = blockIndent {
        if line.allSatisfy({ $0 == " " || $0 == "\r" }) || indent > scalarIndent { continue }
        blockIndent = nil
      }
      let code = Array(codePart(of: line))
      let ending = String(code).trimmingCharacters(in: .whitespaces)
      if let last = ending.split(separator: " ").last, last.first == "|" || last.first == ">" {
        blockIndent = indent
      }
      guard code.contains("*") else { continue }
      let firstCode = code.firstIndex(where: { $0 != " " && $0 != "-" }) ?? 0
      // `? key` starts an explicit (possibly complex) key.
      if code.count > firstCode, code[firstCode] == "?", firstCode + 1 == code.count || code[firstCode + 1] == " " {
        return ("an explicit mapping key (`?`) holds an alias", SourcePosition(line: lineNumber, column: firstCode + 1))
      }
      // The text before each key colon, since the last `{`, `,` or key colon: a key. A key
      // holding `*` holds an alias (`*a: 1`, `{*a: 1}`, `[*a, *b]: 1`).
      var segmentStart = 0
      for (index, c) in code.enumerated() {
        if c == "{" || c == "," {
          segmentStart = index + 1
        } else if c == ":", index + 1 == code.count || code[index + 1] == " " || code[index + 1] == "\t" {
          for star in code[segmentStart..<index].indices where code[star] == "*" {
            let name = String(code[(star + 1)...].prefix(while: { !" ,]}:*".contains($0) }))
            if anchors.contains(name) {
              return ("a mapping key holds the alias `*\(name)`", SourcePosition(line: lineNumber, column: star + 1))
            }
          }
          segmentStart = index + 1
        }
      }
    }
    return nil
  }

  /// Every `&name` in the text.
  static func anchorNames(in text: String) -> Set<String> {
    var names = Set<String>()
    var rest = text[...]
    while let amp = rest.firstIndex(of: "&") {
      let name = rest[rest.index(after: amp)...].prefix(while: { !" \t\n\r,[]{}".contains($0) })
      if !name.isEmpty { names.insert(String(name)) }
      rest = rest[rest.index(after: amp)...]
    }
    return names
  }

  /// The line without its comment and without quoted text (replaced by spaces, so columns stay).
  static func codePart(of line: Substring) -> String {
    var out = ""
    var quote: Character?
    var previous: Character = " "
    for c in line {
      if let open = quote {
        out.append(" ")
        if c == open { quote = nil }
      } else if c == "\"" || c == "'" {
        quote = c
        out.append(" ")
      } else if c == "#" && (previous == " " || previous == "\t") {
        break
      } else {
        out.append(c)
      }
      previous = c
    }
    return out
  }
}

extension AliasGuard {
  /// The node count of `root` with every alias expanded, counting each anchored subtree once
  /// and reusing its size where an alias repeats it (Yams repeats the anchored node itself, so
  /// the anchor object identifies it): linear in the composed document. Returns the count and
  /// the position of an alias once the count passes `limit`, else nil.
  static func expansion(of root: Node, limit: Int) -> (Int, SourcePosition?)? {
    var sizes: [ObjectIdentifier: Int] = [:]
    // Post-order walk with an explicit stack: (node, children already pushed).
    var stack: [(Node, Bool)] = [(root, false)]
    var results: [Int] = []
    while let (node, expanded) = stack.popLast() {
      if let anchor = node.anchor, let known = sizes[ObjectIdentifier(anchor)] {
        results.append(known)
        if results.reduce(0, +) > limit {
          return (results.reduce(0, +), node.mark.map { SourcePosition(line: $0.line, column: $0.column) })
        }
        continue
      }
      let children: [Node]
      switch node {
      case .scalar, .alias: children = []
      case .sequence(let sequence): children = Array(sequence)
      case .mapping(let mapping): children = mapping.flatMap { [$0.key, $0.value] }
      }
      if !expanded {
        stack.append((node, true))
        for child in children.reversed() { stack.append((child, false)) }
        continue
      }
      // All children's sizes are the last `children.count` results.
      let childTotal = results.suffix(children.count).reduce(0) { $0 &+ $1 }
      results.removeLast(min(children.count, results.count))
      let size = min(childTotal &+ 1, Int.max / 2)
      if let anchor = node.anchor { sizes[ObjectIdentifier(anchor)] = size }
      results.append(size)
      if size > limit {
        return (size, node.mark.map { SourcePosition(line: $0.line, column: $0.column) })
      }
    }
    return nil
  }
}
