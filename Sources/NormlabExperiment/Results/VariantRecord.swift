import Foundation

/// A variant's fully resolved configuration, for the report's configuration page.
public struct VariantRecord: Sendable, Codable, Hashable {
  public var name: String
  public var label: String
  public var color: String?
  /// Every setting of the variant, sweeps aside.
  public var settings: ExperimentSettings
  /// The keys the variant sets itself (and `--set` flags), typed.
  public var overrides: [String: ConfigValue]

  public init(name: String, label: String, color: String?, settings: ExperimentSettings, overrides: [String: ConfigValue]) {
    self.name = name
    self.label = label
    self.color = color
    self.settings = settings
    self.overrides = overrides
  }

  enum CodingKeys: String, CodingKey {
    case name, label, color, settings, overrides
    /// normlab 0.1: every key's value as text, and no record of the overrides.
    case values
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    label = try c.decode(String.self, forKey: .label)
    color = try c.decodeIfPresent(String.self, forKey: .color)
    if let typed = try c.decodeIfPresent(ExperimentSettings.self, forKey: .settings) {
      settings = typed
      overrides = try c.decodeIfPresent([String: ConfigValue].self, forKey: .overrides) ?? [:]
    } else {
      let legacy = try c.decode(LegacyValues.self, forKey: .values).values
      var resolved = ExperimentSettings()
      Schema.apply(legacy, to: &resolved)
      settings = resolved
      // Which keys the variant set is not known; the keys that differ from the defaults stand in.
      overrides = legacy.filter { key, value in Schema.byPath[key]?.defaultValue != value }
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(label, forKey: .label)
    try c.encodeIfPresent(color, forKey: .color)
    try c.encode(settings, forKey: .settings)
    try c.encode(overrides, forKey: .overrides)
  }
}
