import NormlabExperiment

/// A JSON value for data embedded in the HTML report (chart tooltips), written with sorted
/// keys, numbers rounded to six significant digits and no whitespace: the same data always
/// gives the same bytes. Non-finite numbers become `null`.
enum HTMLJSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([HTMLJSON])
  case object([String: HTMLJSON])

  static func numbers(_ values: [Double]) -> HTMLJSON { .array(values.map(HTMLJSON.number)) }
  static func numbers(_ values: [Double?]) -> HTMLJSON { .array(values.map { $0.map(HTMLJSON.number) ?? .null }) }

  var text: String {
    var out = ""
    write(into: &out)
    return out
  }

  func write(into out: inout String) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let d): out += Self.format(d)
    case .string(let s): Self.quote(s, into: &out)
    case .array(let items):
      out += "["
      for (k, item) in items.enumerated() {
        if k > 0 { out += "," }
        item.write(into: &out)
      }
      out += "]"
    case .object(let members):
      out += "{"
      for (k, key) in members.keys.sorted().enumerated() {
        if k > 0 { out += "," }
        Self.quote(key, into: &out)
        out += ":"
        members[key]?.write(into: &out)
      }
      out += "}"
    }
  }

  /// Six significant digits in Swift's shortest round-trip form (`0.123457`, `1e-05`,
  /// `1200.0`), all valid JSON; integers lose their `.0`.
  static func format(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    let rounded = SignificantDigits.round(value, digits: 6)
    if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
    return "\(rounded)"
  }

  /// A JSON string that is also safe inside an HTML `<script>` element: `<`, `>` and `&` are
  /// written as `\u` escapes, so no `</script>` or comment opener can appear.
  static func quote(_ string: String, into out: inout String) {
    out += "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "<": out += "\\u003c"
      case ">": out += "\\u003e"
      case "&": out += "\\u0026"
      case "\u{2028}": out += "\\u2028"
      case "\u{2029}": out += "\\u2029"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}
