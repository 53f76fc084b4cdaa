/// A configuration value as written in an experiment file, after type checking.
public enum ConfigValue: Sendable, Hashable, CustomStringConvertible {
  case null
  case bool(Bool)
  case int(Int)
  case number(Double)
  case string(String)
  case list([ConfigValue])

  public var description: String {
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .number(let d): return ConfigValue.format(d)
    case .string(let s): return s
    case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
    }
  }

  /// Shortest round-tripping text of a Double, with ".0" for whole numbers.
  static func format(_ d: Double) -> String {
    if d.isNaN { return ".nan" }
    if d.isInfinite { return d > 0 ? ".inf" : "-.inf" }
    let text = "\(d)"
    return text
  }

  public var intValue: Int? {
    if case .int(let i) = self { return i }
    return nil
  }

  public var doubleValue: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .number(let d): return d
    default: return nil
    }
  }

  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  public var listValue: [ConfigValue]? {
    if case .list(let l) = self { return l }
    return nil
  }

  public var isNull: Bool { self == .null }
}
