/// The type and allowed range of one configuration key, as files and `--set` may write it.
public indirect enum ValueType: Sendable, Hashable {
  case bool
  case int(min: Int, max: Int)
  /// A number in [min, max]; `exclusiveMin` makes the lower bound open.
  case number(min: Double, max: Double, exclusiveMin: Bool)
  case string
  case choice([String])
  case intList(min: Int, max: Int)
  case boolList
  /// A list of names (at most `maxNames`, each non-empty).
  case stringList
  case optional(ValueType)
  /// A bool for every hidden layer, or one list of bools.
  case boolOrBoolList
  /// An integer in [min, max], or the single word `word` (e.g. `batch_size: full`).
  case intOrWord(min: Int, max: Int, word: String)

  public var summary: String {
    switch self {
    case .bool: return "boolean"
    case .int(let lo, let hi):
      return hi == Int.max ? "integer ≥ \(lo)" : "integer in [\(lo), \(hi)]"
    case .number(let lo, let hi, let open):
      let low = lo == -Double.infinity ? "-∞" : ValueType.compact(lo)
      let high = hi == Double.infinity ? "∞" : ValueType.compact(hi)
      return "number in \(open ? "(" : "[")\(low), \(high)\(hi == .infinity ? ")" : "]")"
    case .string: return "string"
    case .choice(let options): return "one of " + options.joined(separator: ", ")
    case .intList(let lo, let hi):
      return "list of integers in [\(lo), \(hi == Int.max ? "∞" : String(hi))]"
    case .boolList: return "list of booleans"
    case .stringList: return "list of names"
    case .optional(let inner): return inner.summary + ", or null"
    case .boolOrBoolList: return "boolean, or a list of booleans (one per hidden layer)"
    case .intOrWord(let lo, let hi, let word):
      return ValueType.int(min: lo, max: hi).summary + ", or `\(word)`"
    }
  }

  /// True for integer types, whose sampled sweep values are rounded.
  public var isInteger: Bool {
    switch self {
    case .int, .intOrWord: return true
    case .optional(let inner): return inner.isInteger
    default: return false
    }
  }

  /// Bounds as people write them: `0` and `1`, not `0.0` and `1.0`.
  static func compact(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : ConfigValue.format(value)
  }
}

/// Why a value does not fit its key's type, in words, with a hint where one helps.
public struct TypeProblem: Error, Sendable {
  public var message: String
  public var hint: String?
}

extension ValueType {
  /// Type and range check, shared by the file, variants, sweeps and `--set`. Returns the value
  /// in its canonical form (a whole number for an integer key, a string for a choice).
  public func check(_ value: ConfigValue) -> Result<ConfigValue, TypeProblem> {
    func describe(_ v: ConfigValue) -> String {
      switch v {
      case .null: return "null"
      case .bool(let b): return "the boolean \(b)"
      case .int(let i): return "the integer \(i)"
      case .number(let d): return "the number \(ConfigValue.format(d))"
      case .string(let s): return "the string \"\(s)\""
      case .list: return "a list"
      }
    }
    switch self {
    case .optional(let inner):
      if value == .null { return .success(.null) }
      return inner.check(value)
    case .bool:
      if case .bool = value { return .success(value) }
      return .failure(TypeProblem(message: "must be true or false, not \(describe(value))"))
    case .int(let lo, let hi):
      guard case .int(let i) = value else {
        if case .number(let d) = value, d.rounded() == d, abs(d) < 9e15 {
          return check(.int(Int(d)))
        }
        return .failure(TypeProblem(message: "must be an integer, not \(describe(value))"))
      }
      guard i >= lo, i <= hi else {
        return .failure(TypeProblem(message: "must be an \(summary), not \(i)"))
      }
      return .success(value)
    case .number(let lo, let hi, let exclusiveMin):
      guard let d = value.doubleValue else {
        return .failure(TypeProblem(message: "must be a number, not \(describe(value))"))
      }
      guard d.isFinite else {
        return .failure(TypeProblem(message: "must be a finite number, not \(ConfigValue.format(d))"))
      }
      if d < lo || d > hi || (exclusiveMin && d == lo) {
        return .failure(TypeProblem(message: "must be a \(summary), not \(ConfigValue.format(d))"))
      }
      return .success(.number(d))
    case .string:
      switch value {
      case .string: return .success(value)
      case .int, .number, .bool: return .success(.string(value.description))
      default: return .failure(TypeProblem(message: "must be a string, not \(describe(value))"))
      }
    case .choice(let options):
      let text = value.stringValue ?? value.description
      if options.contains(text) { return .success(.string(text)) }
      let guess = suggestion(for: text, among: options)
      return .failure(
        TypeProblem(
          message: "must be one of \(options.joined(separator: ", ")), not \"\(text)\"",
          hint: guess.map { "did you mean `\($0)`?" }))
    case .intList(let lo, let hi):
      let items: [ConfigValue]
      if case .list(let l) = value { items = l } else if case .int = value { items = [value] } else {
        return .failure(TypeProblem(message: "must be a list of integers such as [64, 64], not \(describe(value))"))
      }
      var out: [ConfigValue] = []
      for item in items {
        switch ValueType.int(min: lo, max: hi).check(item) {
        case .success(let v): out.append(v)
        case .failure(let p):
          return .failure(TypeProblem(message: "has an item that \(p.message)", hint: p.hint))
        }
      }
      if out.count > 100 {
        return .failure(TypeProblem(message: "has \(out.count) items; at most 100 are supported"))
      }
      return .success(.list(out))
    case .boolList:
      guard case .list(let items) = value, items.allSatisfy({ $0.boolValue != nil }) else {
        return .failure(TypeProblem(message: "must be a list of booleans, not \(describe(value))"))
      }
      return .success(value)
    case .boolOrBoolList:
      if case .bool = value { return .success(value) }
      return ValueType.boolList.check(value)
    case .stringList:
      guard case .list(let items) = value else {
        return .failure(TypeProblem(message: "must be a list of names such as [x1, x2], not \(describe(value))"))
      }
      var names: [ConfigValue] = []
      for item in items {
        guard item != .null, case .success(let name) = ValueType.string.check(item), name.stringValue?.isEmpty == false else {
          return .failure(TypeProblem(message: "has an item that is not a name: \(describe(item))"))
        }
        names.append(name)
      }
      if names.count > 100_000 {
        return .failure(TypeProblem(message: "has \(names.count) items; at most 100000 are supported"))
      }
      if Set(names).count != names.count {
        return .failure(TypeProblem(message: "names a column twice"))
      }
      return .success(.list(names))
    case .intOrWord(let lo, let hi, let word):
      if value.stringValue == word { return .success(value) }
      switch ValueType.int(min: lo, max: hi).check(value) {
      case .success(let v): return .success(v)
      case .failure:
        var hint: String?
        if value.intValue == 0 || value.doubleValue == 0 {
          hint = "0 is not a size; write `\(word)` for the whole training set"
        } else if case .string(let s) = value, let guess = suggestion(for: s, among: [word]) {
          hint = "did you mean `\(guess)`?"
        }
        let shown = value.intValue.map(String.init) ?? describe(value)
        return .failure(TypeProblem(message: "must be an \(summary), not \(shown)", hint: hint))
      }
    }
  }
}
