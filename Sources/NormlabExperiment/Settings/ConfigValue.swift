import Foundation

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

/// In JSON a value is what it is: numbers as numbers, lists as lists, null as null.
extension ConfigValue: Codable {
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let b = try? container.decode(Bool.self) {
      self = .bool(b)
    } else if let i = try? container.decode(Int.self) {
      self = .int(i)
    } else if let d = try? container.decode(Double.self) {
      self = .number(d)
    } else if let s = try? container.decode(String.self) {
      self = .string(s)
    } else {
      self = .list(try container.decode([ConfigValue].self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let b): try container.encode(b)
    case .int(let i): try container.encode(i)
    case .number(let d):
      // JSON has no NaN or infinity; settings never hold them (the type check refuses them).
      if d.isFinite { try container.encode(d) } else { try container.encodeNil() }
    case .string(let s): try container.encode(s)
    case .list(let items): try container.encode(items)
    }
  }

  /// Reads the text `description` wrote, as normlab 0.1 stored settings in metrics.json
  /// (`"16"`, `"0.1"`, `"[16, 16]"`, `"relu"`), back into a value of `type`.
  public static func parse(legacy text: String, as type: ValueType) -> ConfigValue? {
    func scalar(_ text: String) -> ConfigValue {
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      switch trimmed {
      case "null": return .null
      case "true": return .bool(true)
      case "false": return .bool(false)
      default: break
      }
      if let i = Int(trimmed) { return .int(i) }
      if let d = Double(trimmed) { return .number(d) }
      return .string(trimmed)
    }
    var value: ConfigValue
    if text.hasPrefix("["), text.hasSuffix("]") {
      let inner = text.dropFirst().dropLast()
      value = .list(inner.isEmpty ? [] : inner.split(separator: ",").map { scalar(String($0)) })
    } else {
      value = scalar(text)
    }
    if case .string = type { value = .string(text) }
    if case .optional(.string) = type, text != "null" { value = .string(text) }
    guard case .success(let checked) = type.check(value) else { return nil }
    return checked
  }
}
