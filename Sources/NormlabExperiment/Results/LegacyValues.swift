import Foundation

/// Key-value settings as metrics.json holds them: typed since normlab 0.2, strings in 0.1
/// (`"0.0003220557"`, `"[16, 16]"`), which are read back by each key's type.
struct LegacyValues: Decodable {
  var values: [String: ConfigValue]

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let typed = try? container.decode([String: ConfigValue].self),
      !typed.contains(where: { key, value in
        // A 0.1 file's strings decode as strings; a key whose type is not a string is text
        // that needs reading.
        if case .string(let text) = value, let spec = Schema.byPath[key] {
          if case .success = spec.type.check(.string(text)) { return false }
          return true
        }
        return false
      })
    {
      values = typed
      return
    }
    let texts = try container.decode([String: String].self)
    var values: [String: ConfigValue] = [:]
    for (key, text) in texts {
      guard let spec = Schema.byPath[key], let value = ConfigValue.parse(legacy: text, as: spec.type) else {
        throw DecodingError.dataCorruptedError(
          in: container, debugDescription: "`\(key)` holds \"\(text.prefix(40))\", which is not a value of a known key")
      }
      values[key] = value
    }
    self.values = values
  }
}
