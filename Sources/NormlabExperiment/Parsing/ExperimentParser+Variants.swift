import Yams

/// `seeds` and `variants`: the seed list, and named overrides of the base with their labels,
/// colours and own sweeps.
extension ExperimentParser {
  mutating func parseSeeds(_ node: Node) -> [UInt64]? {
    guard let value = untyped(node) else {
      error("`seeds` must be a list of integers or a count", at: node.mark)
      return nil
    }
    switch value {
    case .int(let n):
      guard n >= 1, n <= 1000 else {
        error("`seeds` as a count must be between 1 and 1000, not \(n)", at: node.mark)
        return nil
      }
      return (1...n).map { UInt64($0) }
    case .list(let items):
      var seeds: [UInt64] = []
      for item in items {
        guard case .int(let s) = item, s >= 0 else {
          error("`seeds` must hold non-negative integers, not \(item)", at: node.mark)
          return nil
        }
        seeds.append(UInt64(s))
      }
      guard !seeds.isEmpty else {
        error("`seeds` must not be empty", at: node.mark)
        return nil
      }
      guard Set(seeds).count == seeds.count else {
        error("`seeds` lists the same seed twice", at: node.mark)
        return nil
      }
      guard seeds.count <= 1000 else {
        error("`seeds` has more than 1000 entries", at: node.mark)
        return nil
      }
      return seeds
    default:
      error("`seeds` must be a list of integers or a count, not \(value)", at: node.mark)
      return nil
    }
  }

  mutating func parseVariants(_ node: Node) -> [VariantSpec] {
    guard case .mapping(let mapping) = node else {
      error("`variants` must map variant names to overrides", at: node.mark,
        hint: "e.g.\n      variants:\n        bn: { model.batch_norm: true }")
      return []
    }
    var variants: [VariantSpec] = []
    var names = Set<String>()
    for (keyNode, value) in mapping {
      guard let name = scalarKey(keyNode) else { continue }
      guard isValidName(name) else {
        error("variant name `\(name)` may only contain letters, digits, `-` and `_`", at: keyNode.mark)
        continue
      }
      guard names.insert(name).inserted else {
        error("duplicate variant `\(name)`", at: keyNode.mark)
        continue
      }
      var overrides: [String: ConfigValue] = [:]
      var label = name
      var color: String?
      var variantSweep: SweepSpec?
      switch value {
      case .scalar(let s) where ExperimentParser.plainValue(s) == .null:
        break
      case .mapping(let entries):
        for (overrideKeyNode, overrideValue) in entries {
          guard let key = scalarKey(overrideKeyNode) else { continue }
          if key == "label" {
            label = string(overrideValue, key: "label") ?? label
            if label.count > ExperimentParser.maxLabelLength {
              error("`label` is \(label.count) characters long; at most \(ExperimentParser.maxLabelLength) are allowed", at: overrideValue.mark)
              label = name
            }
          } else if key == "color" {
            if let c = string(overrideValue, key: "color") {
              if isHexColor(c) { color = c } else {
                error("`color` must be written #RRGGBB, not \"\(c)\"", at: overrideValue.mark)
              }
            }
          } else if key == "sweep" {
            variantSweep = parseSweep(overrideValue)
          } else if Schema.sections.contains(key) {
            var values: [String: ConfigValue] = [:]
            walkSection(overrideValue, prefix: key, into: &values, positionPrefix: "variants.\(name).")
            overrides.merge(values) { $1 }
          } else if let spec = Schema.byPath[key] {
            if let v = typed(overrideValue, type: spec.type, key: key) {
              if overrides[key] != nil {
                error("variant `\(name)` sets `\(key)` twice", at: overrideKeyNode.mark)
              }
              overrides[key] = v
              if let mark = overrideValue.mark {
                positions["variants.\(name).\(key)"] = SourcePosition(line: mark.line, column: mark.column)
              }
            }
          } else {
            unknownKey(key, at: overrideKeyNode.mark)
          }
        }
      default:
        error("variant `\(name)` must be a mapping of dotted keys to values", at: value.mark)
      }
      if let mark = keyNode.mark {
        positions["variants.\(name)"] = SourcePosition(line: mark.line, column: mark.column)
      }
      variants.append(
        VariantSpec(name: name, label: label, color: color, overrides: overrides, sweep: variantSweep))
    }
    if variants.count > 100 {
      error("more than 100 variants", at: node.mark)
    }
    return variants
  }

  func isValidName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 64 && name.first != "-" && name.first != "."
      && name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" }
  }

  func isHexColor(_ s: String) -> Bool {
    s.count == 7 && s.first == "#" && s.dropFirst().allSatisfy { $0.isHexDigit }
  }

}
