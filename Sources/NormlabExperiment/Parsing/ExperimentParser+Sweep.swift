import Yams

/// `sweep`: a grid or a random search over schema keys, every drawable value checked against
/// the key's range.
extension ExperimentParser {
  mutating func parseSweep(_ node: Node) -> SweepSpec? {
    guard case .mapping(let mapping) = node else {
      error("`sweep` must be a mapping with `method` and `parameters`", at: node.mark)
      return nil
    }
    var method = SweepMethod.grid
    var trials = 0
    var seed: UInt64 = 0
    var parameters: [(String, SweepParameter)] = []
    var methodMark: Mark?
    for (keyNode, value) in mapping {
      guard let key = scalarKey(keyNode) else { continue }
      switch key {
      case "method":
        methodMark = value.mark
        if let v = typed(value, type: .choice(SweepMethod.allCases.map(\.rawValue)), key: "sweep.method"),
          let m = SweepMethod(rawValue: v.description)
        {
          method = m
        }
      case "trials":
        trials = typed(value, type: .int(min: 1, max: 10_000), key: "sweep.trials")?.intValue ?? trials
      case "seed":
        seed = UInt64(typed(value, type: .int(min: 0, max: Int.max), key: "sweep.seed")?.intValue ?? 0)
      case "parameters":
        guard case .mapping(let entries) = value else {
          error("`sweep.parameters` must map dotted keys to values or distributions", at: value.mark)
          continue
        }
        for (parameterKeyNode, parameterValue) in entries {
          guard let path = scalarKey(parameterKeyNode) else { continue }
          guard let spec = Schema.byPath[path] else {
            unknownKey(path, at: parameterKeyNode.mark)
            continue
          }
          if case .sequence(let items) = parameterValue {
            var values: [ConfigValue] = []
            for item in items {
              if let v = typed(item, type: spec.type, key: path) { values.append(v) }
            }
            if values.isEmpty {
              error("`sweep.parameters.\(path)` needs at least one value", at: parameterValue.mark)
            }
            parameters.append((path, .values(values)))
          } else if case .mapping(let fields) = parameterValue {
            var distribution: SweepDistribution?
            var low: Double?
            var high: Double?
            for (fieldNode, fieldValue) in fields {
              guard let field = scalarKey(fieldNode) else { continue }
              switch field {
              case "distribution":
                if let v = typed(fieldValue, type: .choice(SweepDistribution.allCases.map(\.rawValue)), key: "distribution") {
                  distribution = SweepDistribution(rawValue: v.description)
                }
              case "low": low = typed(fieldValue, type: .number(min: -.infinity, max: .infinity, exclusiveMin: false), key: "low")?.doubleValue
              case "high": high = typed(fieldValue, type: .number(min: -.infinity, max: .infinity, exclusiveMin: false), key: "high")?.doubleValue
              default:
                error("unknown key `\(field)` in a sweep distribution", at: fieldNode.mark,
                  hint: suggestion(for: field, among: ["distribution", "low", "high"]).map { "did you mean `\($0)`?" })
              }
            }
            guard let distribution, let low, let high else {
              error("a sweep distribution needs `distribution`, `low` and `high`", at: parameterValue.mark)
              continue
            }
            guard low < high else {
              error("`low` must be below `high`", at: parameterValue.mark)
              continue
            }
            if distribution != .uniform && low <= 0 {
              error("`\(distribution.rawValue)` needs `low` > 0", at: parameterValue.mark,
                hint: distribution == .oneMinusLogUniform ? "low and high bound 1 - value, e.g. low: 0.001, high: 0.1 for beta in [0.9, 0.999]" : nil)
              continue
            }
            let isInteger = spec.type.isInteger
            // Every value the distribution can draw must be valid for the key (an integer key
            // drawn from [1, 1e300] would not fit an Int).
            let drawn = distribution == .oneMinusLogUniform ? [1 - high, 1 - low] : [low, high]
            let outOfRange = drawn.lazy.map { isInteger ? $0.rounded() : $0 }.compactMap { bound -> TypeProblem? in
              if case .failure(let problem) = spec.type.check(.number(bound)) { return problem }
              return nil
            }.first
            if let outOfRange {
              error("`sweep.parameters.\(path)` can draw values outside the key's range: \(outOfRange.message)",
                at: parameterValue.mark, hint: outOfRange.hint)
              continue
            }
            parameters.append((path, .distribution(distribution, low: low, high: high, integer: isInteger)))
          } else if let v = typed(parameterValue, type: spec.type, key: path) {
            parameters.append((path, .values([v])))
          }
        }
      default:
        error("unknown key `sweep.\(key)`", at: keyNode.mark,
          hint: suggestion(for: key, among: ["method", "trials", "seed", "parameters"]).map { "did you mean `\($0)`?" })
      }
    }
    if parameters.isEmpty {
      // Parameters that were given but invalid have been reported already.
      if !mapping.contains(where: { $0.key.string == "parameters" }) {
        error("`sweep` needs `parameters`", at: node.mark)
      }
      return nil
    }
    if method == .random && trials == 0 {
      error("a random sweep needs `trials`", at: methodMark ?? node.mark)
    }
    if method == .grid {
      for (key, parameter) in parameters {
        if case .distribution = parameter {
          error("a grid sweep needs a list of values for `\(key)`", at: node.mark,
            hint: "use `method: random` with `trials` to sample distributions")
        }
      }
    }
    return SweepSpec(method: method, trials: trials, seed: seed, parameters: parameters)
  }

}
