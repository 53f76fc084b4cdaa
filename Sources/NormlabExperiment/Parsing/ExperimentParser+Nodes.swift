import Foundation
import Yams

/// Reading YAML nodes into checked values: scalars, strings, keys, and the node budget that
/// stops alias expansion.
extension ExperimentParser {
  mutating func count(_ node: Node) -> Bool {
    visitedNodes += 1
    if visitedNodes > ExperimentParser.maxNodes {
      if visitedNodes == ExperimentParser.maxNodes + 1 {
        error("the document expands to more than \(ExperimentParser.maxNodes) nodes", at: node.mark,
          hint: "are YAML aliases (*name) expanding recursively?")
      }
      return false
    }
    return true
  }

  mutating func scalarKey(_ node: Node) -> String? {
    guard case .scalar(let scalar) = node else {
      error("keys must be plain names", at: node.mark)
      return nil
    }
    return scalar.string
  }

  /// A file's `name`: 1 to 100 characters (it names the output folder).
  mutating func name(_ node: Node) -> String? {
    guard let s = string(node, key: "name") else { return nil }
    guard !s.isEmpty, s.count <= 100 else {
      error("`name` must be 1 to 100 characters", at: node.mark)
      return nil
    }
    return s
  }

  mutating func string(_ node: Node, key: String) -> String? {
    guard case .scalar(let scalar) = node else {
      error("`\(key)` must be a string", at: node.mark)
      return nil
    }
    return scalar.string
  }

  /// The untyped value of a scalar: quoted text stays a string; plain text becomes null, a bool,
  /// an integer or a number when it reads as one.
  static func plainValue(_ scalar: Node.Scalar) -> ConfigValue {
    let text = scalar.string
    if scalar.style == .singleQuoted || scalar.style == .doubleQuoted || scalar.style == .literal
      || scalar.style == .folded
    {
      return .string(text)
    }
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    case "true", "True", "TRUE": return .bool(true)
    case "false", "False", "FALSE": return .bool(false)
    case ".inf", ".Inf", "+.inf": return .number(.infinity)
    case "-.inf", "-.Inf": return .number(-.infinity)
    case ".nan", ".NaN": return .number(.nan)
    default: break
    }
    let digits = text.replacingOccurrences(of: "_", with: "")
    if let i = Int(digits) { return .int(i) }
    if digits.contains(where: { $0.isNumber }), let d = Double(digits) { return .number(d) }
    return .string(text)
  }

  mutating func untyped(_ node: Node) -> ConfigValue? {
    guard count(node) else { return nil }
    switch node {
    case .scalar(let scalar): return ExperimentParser.plainValue(scalar)
    case .sequence(let seq):
      var items: [ConfigValue] = []
      for item in seq {
        guard let v = untyped(item) else { return nil }
        items.append(v)
      }
      return .list(items)
    case .mapping: return nil
    case .alias: return nil
    }
  }

  /// Checks `node` against `type`; on failure records an error naming `key` and returns nil.
  mutating func typed(_ node: Node, type: ValueType, key: String) -> ConfigValue? {
    guard let value = untyped(node) else {
      if case .mapping = node {
        error("`\(key)` must be a \(type.summary), not a mapping", at: node.mark)
      }
      return nil
    }
    switch type.check(value) {
    case .success(let v): return v
    case .failure(let problem):
      error("`\(key)` \(problem.message)", at: node.mark, hint: problem.hint)
      return nil
    }
  }
}
