import NormlabEngine

/// A field type of the settings tree and how it reads from and writes to a checked
/// `ConfigValue`: the one place a value changes representation on its way from a file.
public protocol SettingValue: Sendable, Hashable {
  init?(config: ConfigValue)
  var config: ConfigValue { get }
}

extension Int: SettingValue {
  public init?(config: ConfigValue) {
    guard case .int(let value) = config else { return nil }
    self = value
  }
  public var config: ConfigValue { .int(self) }
}

extension Double: SettingValue {
  public init?(config: ConfigValue) {
    guard let value = config.doubleValue else { return nil }
    self = value
  }
  public var config: ConfigValue { .number(self) }
}

extension Bool: SettingValue {
  public init?(config: ConfigValue) {
    guard case .bool(let value) = config else { return nil }
    self = value
  }
  public var config: ConfigValue { .bool(self) }
}

extension String: SettingValue {
  public init?(config: ConfigValue) {
    guard case .string(let value) = config else { return nil }
    self = value
  }
  public var config: ConfigValue { .string(self) }
}

extension Optional: SettingValue where Wrapped: SettingValue {
  public init?(config: ConfigValue) {
    if config == .null {
      self = .none
    } else if let value = Wrapped(config: config) {
      self = .some(value)
    } else {
      return nil
    }
  }
  public var config: ConfigValue { map(\.config) ?? .null }
}

extension Array: SettingValue where Element == Int {
  public init?(config: ConfigValue) {
    guard case .list(let items) = config else { return nil }
    var values: [Int] = []
    for item in items {
      guard case .int(let value) = item else { return nil }
      values.append(value)
    }
    self = values
  }
  public var config: ConfigValue { .list(map { .int($0) }) }
}

/// Enumerations written as their raw names (`relu`, `adam`, `before`).
public protocol NamedSetting: SettingValue, RawRepresentable, CaseIterable where RawValue == String {}

extension NamedSetting {
  public init?(config: ConfigValue) {
    guard case .string(let name) = config else { return nil }
    self.init(rawValue: name)
  }
  public var config: ConfigValue { .string(rawValue) }
  static var names: [String] { allCases.map(\.rawValue) }
}

extension DatasetKind: NamedSetting {}
extension MissingValuePolicy: NamedSetting {}
extension OutputChoice: NamedSetting {}
extension Activation: NamedSetting {}
extension OptimizerKind: NamedSetting {}
extension ScheduleKind: NamedSetting {}
extension BatchNormPlacement: NamedSetting {}
extension BatchNormInference: NamedSetting {}

extension InitChoice: SettingValue {
  public init?(config: ConfigValue) {
    guard case .string(let name) = config else { return nil }
    self.init(name: name)
  }
  public var config: ConfigValue { .string(name) }
}

extension BatchNormLayers: SettingValue {
  public init?(config: ConfigValue) {
    switch config {
    case .bool(let on): self = .all(on)
    case .list(let items):
      let flags = items.compactMap(\.boolValue)
      guard flags.count == items.count else { return nil }
      self = .perLayer(flags)
    default: return nil
    }
  }
  public var config: ConfigValue {
    switch self {
    case .all(let on): return .bool(on)
    case .perLayer(let flags): return .list(flags.map { .bool($0) })
    }
  }
}

extension BatchSize: SettingValue {
  public init?(config: ConfigValue) {
    switch config {
    case .string("full"): self = .full
    case .int(let n): self = .size(n)
    default: return nil
    }
  }
  public var config: ConfigValue {
    switch self {
    case .full: return .string("full")
    case .size(let n): return .int(n)
    }
  }
}

/// A list of names, such as the CSV columns `data.columns: [x1, x2]` selects (its own type, as
/// `[Int]` already is the list form of `SettingValue`).
public struct ColumnNames: SettingValue {
  public var names: [String]

  public init(_ names: [String]) { self.names = names }

  public init?(config: ConfigValue) {
    guard case .list(let items) = config else { return nil }
    let names = items.compactMap(\.stringValue)
    guard names.count == items.count else { return nil }
    self.names = names
  }

  public var config: ConfigValue { .list(names.map { .string($0) }) }
}
