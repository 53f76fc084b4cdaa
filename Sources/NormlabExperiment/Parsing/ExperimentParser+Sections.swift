import Yams

/// The `data`, `model` and `train` sections: nested keys checked against `Schema`, with "did
/// you mean" hints for unknown ones.
extension ExperimentParser {

  /// Walks a nested mapping under `prefix`, validating each leaf against `Schema`.
  mutating func walkSection(
    _ node: Node, prefix: String, into values: inout [String: ConfigValue], positionPrefix: String
  ) {
    guard count(node) else { return }
    guard case .mapping(let mapping) = node else {
      error("`\(prefix)` must be a mapping of keys", at: node.mark,
        hint: "write the keys of `\(prefix)` indented below it")
      return
    }
    var seen = Set<String>()
    for (keyNode, value) in mapping {
      guard let key = scalarKey(keyNode) else { continue }
      if !seen.insert(key).inserted {
        error("duplicate key `\(prefix).\(key)`", at: keyNode.mark)
        continue
      }
      let path = "\(prefix).\(key)"
      if let spec = Schema.byPath[path] {
        if let v = typed(value, type: spec.type, key: path) {
          values[path] = v
          if let mark = value.mark {
            positions[positionPrefix + path] = SourcePosition(line: mark.line, column: mark.column)
          }
        }
      } else if Schema.keys.contains(where: { $0.path.hasPrefix(path + ".") }) {
        walkSection(value, prefix: path, into: &values, positionPrefix: positionPrefix)
      } else {
        unknownKey(path, at: keyNode.mark)
      }
    }
  }

  mutating func unknownKey(_ path: String, at mark: Mark?) {
    let parent = path.split(separator: ".").dropLast().joined(separator: ".")
    let leaf = String(path.split(separator: ".").last ?? "")
    let siblings = Set(
      Schema.keys.compactMap { spec -> String? in
        guard spec.path.hasPrefix(parent + ".") else { return nil }
        return spec.path.dropFirst(parent.count + 1).split(separator: ".").first.map(String.init)
      }
    ).sorted()
    var hint: String?
    if let guess = suggestion(for: leaf, among: siblings) {
      hint = "did you mean `\(guess)`?"
    } else if let guess = suggestion(for: path, among: Schema.keys.map(\.path)) {
      hint = "did you mean `\(guess)`?"
    } else if !siblings.isEmpty {
      hint = "keys of `\(parent)` are \(siblings.joined(separator: ", "))"
    }
    error("unknown key `\(path)`", at: mark, hint: hint)
  }

}
