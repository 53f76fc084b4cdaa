/// One observation of a tidy (long-format) results table: a metric's value at a step of a run.
///
/// "Tidy" in Wickham's sense (Tidy Data, J. Stat. Software 59(10), 2014): one row per
/// observation, one column per variable, so pandas, R or a spreadsheet can group and pivot it
/// without knowing normlab's files.
public struct TidyRow: Sendable, Hashable {
  public var run: String
  public var variant: String
  public var seed: Int64?
  public var trial: Int64?
  public var step: Int64?
  public var metric: String
  public var value: Double?
  /// The run's values of the swept keys, one column each.
  public var swept: [String: HParamValue]

  public init(
    run: String, variant: String, seed: Int64? = nil, trial: Int64? = nil, step: Int64? = nil,
    metric: String, value: Double?, swept: [String: HParamValue] = [:]
  ) {
    self.run = run
    self.variant = variant
    self.seed = seed
    self.trial = trial
    self.step = step
    self.metric = metric
    self.value = value
    self.swept = swept
  }
}

/// Why rows cannot be written as one CSV table.
public enum TidyCSVError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A swept key has the name of a fixed column, or is listed twice.
  case duplicateColumn(String)

  public var description: String {
    switch self {
    case .duplicateColumn(let name):
      return "the CSV would have two columns named \"\(name)\"; rename the swept key"
    }
  }
}

/// Writes tidy rows as RFC 4180 CSV that `pandas.read_csv` reads back unchanged.
///
/// - Columns: `run, variant, seed, trial, step, metric, value`, then one per swept key.
/// - Records end with CRLF (RFC 4180 §2.1). A field containing a comma, a double quote, CR or
///   LF is enclosed in double quotes, with each quote doubled (§2.6, §2.7); other fields are
///   written bare.
/// - Numbers are written in the shortest form that reads back as the same `Double` (Swift's
///   `description`: `0.1`, `1e-05`, `3.0`); NaN and infinities as `nan`, `inf`, `-inf`, which
///   pandas reads as floats. Integers as decimal digits; booleans as `true`/`false`.
/// - A missing value (no seed, no trial, no value, a swept key the run lacks) and an empty
///   string are both an empty field, which pandas reads as NaN.
///
/// Reading back: pandas 3 parses the numbers exactly; before pandas 3 the default parser can be
/// one unit in the last place off and `read_csv(..., float_precision="round_trip")` is exact.
/// pandas reads an integer column with gaps as float64 unless given `dtype="Int64"`, and
/// strings such as `NA` or `null` as missing unless `keep_default_na=False, na_values=[""]`.
public enum TidyCSV {
  /// The columns every table starts with.
  public static let fixedColumns = ["run", "variant", "seed", "trial", "step", "metric", "value"]

  /// The CSV text of `rows`. `sweptKeys` orders the swept columns; `nil` uses every key of
  /// any row, sorted.
  public static func encode(_ rows: [TidyRow], sweptKeys: [String]? = nil) throws(TidyCSVError) -> String {
    let keys = sweptKeys ?? Set(rows.flatMap(\.swept.keys)).sorted()
    var columns = Set(fixedColumns)
    for key in keys {
      guard columns.insert(key).inserted else { throw .duplicateColumn(key) }
    }
    var out = ""
    appendRecord(fixedColumns + keys, to: &out)
    for row in rows {
      var fields = [
        row.run, row.variant, integer(row.seed), integer(row.trial), integer(row.step), row.metric,
        row.value.map(number) ?? "",
      ]
      for key in keys { fields.append(row.swept[key].map(field) ?? "") }
      appendRecord(fields, to: &out)
    }
    return out
  }

  /// The shortest decimal text that reads back as `value` (`nan`, `inf`, `-inf` for the
  /// non-finite values).
  public static func number(_ value: Double) -> String {
    value.description
  }

  static func integer(_ value: Int64?) -> String {
    value.map { String($0) } ?? ""
  }

  static func field(_ value: HParamValue) -> String {
    switch value {
    case .number(let x): return number(x)
    case .string(let text): return text
    case .bool(let flag): return flag ? "true" : "false"
    }
  }

  /// Quotes `text` when RFC 4180 requires it.
  public static func escaped(_ text: String) -> String {
    let needsQuotes = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
    guard needsQuotes else { return text }
    var quoted = "\""
    for character in text.unicodeScalars {
      if character == "\"" { quoted.unicodeScalars.append("\"") }
      quoted.unicodeScalars.append(character)
    }
    quoted.unicodeScalars.append("\"")
    return quoted
  }

  private static func appendRecord(_ fields: [String], to out: inout String) {
    out += fields.map(escaped).joined(separator: ",")
    out += "\r\n"
  }
}
