import NormlabEngine

/// One CSV file read as text: feature values (NaN where a cell is missing) and label texts,
/// with the line and column of every row's label for messages. Labels become classes later
/// (`LabelEncoding`), once the training file decides whether they are indices or names.
public struct CSVTable: Sendable {
  public var file: String
  public var featureNames: [String]
  /// Row-major, `featureNames.count` per row; NaN where the cell was missing.
  public var features: [Float]
  /// nil where the label cell was missing.
  public var labels: [String?]
  /// 1-based line of each row in the file, and the column of its label cell.
  public var lines: [Int]
  public var labelColumns: [Int]
  public var labelName: String

  public var count: Int { labels.count }

  /// True when row `index` has a missing feature or label.
  public func isIncomplete(_ index: Int) -> Bool {
    labels[index] == nil
      || features[(index * featureNames.count)..<((index + 1) * featureNames.count)].contains { $0.isNaN }  // safe: rows are whole
  }
}

/// CSV with a header row, a named label column and numeric features.
public enum CSVLoader {
  public static let maxColumns = 100_000
  /// Rows and cells a CSV may hold; checked on the raw bytes before anything is split, so a
  /// header of a billion commas or a file of a billion newlines is refused without allocating.
  public static let maxRows = 10_000_000
  public static let maxCells = 1 << 28
  /// Cell texts that mean "no value".
  public static let missingTokens: Set<String> = ["", "NA", "N/A", "na", "NaN", "nan", "NAN", "null", "NULL", "?"]

  /// Reads a file whose labels are class indices (the format of normlab 0.1 and of tests).
  public static func load(bytes: [UInt8], file: String, labelColumn: String) throws(DataError)
    -> Dataset<Float>
  {
    let table = try read(bytes: bytes, file: file, labelColumn: labelColumn, columns: nil, allowMissing: false)
    let encoding = try LabelEncoding(training: table)
    return try encoding.dataset(table, filling: nil)
  }

  /// Reads the header and every row. `columns` picks the feature columns (in that order);
  /// missing cells are refused unless `allowMissing`, where they become NaN (features) or nil
  /// (labels) for the missing-value policy to handle.
  public static func read(
    bytes: [UInt8], file: String, labelColumn: String, columns: [String]?, allowMissing: Bool
  ) throws(DataError) -> CSVTable {
    let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
    let headerEnd = bytes.firstIndex(of: newline) ?? bytes.endIndex
    let headerColumns = bytes[..<headerEnd].reduce(1) { $1 == comma ? $0 + 1 : $0 }
    guard headerColumns <= maxColumns else {
      throw DataError(file: file, line: 1, message: "has \(headerColumns) columns; at most \(maxColumns) are supported")
    }
    let rowCount = bytes.reduce(0) { $1 == newline ? $0 + 1 : $0 }
    guard rowCount <= maxRows, rowCount.multipliedReportingOverflow(by: headerColumns).partialValue <= maxCells else {
      throw DataError(
        file: file, message: "has \(rowCount) rows of \(headerColumns) columns; at most \(maxRows) rows and \(maxCells) cells are supported")
    }
    if let (offset, problem) = ExperimentParser.firstNonTextByte(bytes) {
      let line = bytes[..<offset].count(where: { $0 == 0x0A }) + 1
      throw DataError(
        file: file, line: line, message: "the file is not CSV text: \(problem) at byte \(offset)",
        hint: "CSV files are UTF-8 text; an IDX file needs `data.dataset: idx`")
    }
    var text = String(decoding: bytes, as: UTF8.self)
    // A UTF-8 byte-order mark (spreadsheets write one) is not part of the first column's name.
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    // "\r\n" is one Character in Swift, so Windows line ends are matched as such.
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
    while let last = lines.last, last.allSatisfy({ $0 == " " }) { lines.removeLast() }
    guard let headerLine = lines.first else {
      throw DataError(file: file, line: 1, message: "the file is empty", hint: "the first row must name the columns")
    }
    let header = cells(of: headerLine).map(\.text)
    guard header.count <= maxColumns else {
      throw DataError(file: file, line: 1, message: "the header has \(header.count) columns; at most \(maxColumns) are supported")
    }
    guard let labelIndex = header.firstIndex(of: labelColumn) else {
      let guess = suggestion(for: labelColumn, among: header)
      throw DataError(
        file: file, line: 1, column: 1,
        message: "the header has no column named `\(labelColumn)`",
        hint: (guess.map { "did you mean `\($0)`? " } ?? "")
          + "columns are \(header.prefix(10).joined(separator: ", "))\(header.count > 10 ? ", …" : ""); `data.label` names the label column",
        sourceLine: String(headerLine))
    }
    if let duplicate = header.indices.first(where: { header[..<$0].contains(header[$0]) }) {
      throw DataError(
        file: file, line: 1, column: columnStart(of: duplicate, in: headerLine),
        message: "the header names column `\(header[duplicate])` twice", sourceLine: String(headerLine))
    }
    // The feature columns: those `data.columns` names, in its order, else all but the label.
    var featureIndices: [Int] = []
    if let columns {
      for name in columns {
        guard let index = header.firstIndex(of: name) else {
          let guess = suggestion(for: name, among: header)
          throw DataError(
            file: file, line: 1, column: 1, message: "`data.columns` names `\(name)`, which the header does not have",
            hint: guess.map { "did you mean `\($0)`?" } ?? "columns are \(header.prefix(10).joined(separator: ", "))\(header.count > 10 ? ", …" : "")",
            key: "data.columns", sourceLine: String(headerLine))
        }
        guard index != labelIndex else {
          throw DataError(
            file: file, line: 1, column: columnStart(of: index, in: headerLine),
            message: "`data.columns` names the label column `\(name)` as a feature", key: "data.columns",
            sourceLine: String(headerLine))
        }
        featureIndices.append(index)
      }
    } else {
      featureIndices = header.indices.filter { $0 != labelIndex }
    }
    guard !featureIndices.isEmpty else {
      throw DataError(file: file, line: 1, message: "the header has no feature columns besides `\(labelColumn)`", sourceLine: String(headerLine))
    }
    let featureSlot = Dictionary(uniqueKeysWithValues: featureIndices.enumerated().map { ($1, $0) })
    var table = CSVTable(
      file: file, featureNames: featureIndices.map { header[$0] }, features: [], labels: [], lines: [],
      labelColumns: [], labelName: labelColumn)
    var row = [Float](repeating: .nan, count: featureIndices.count)
    for (lineIndex, line) in lines.enumerated().dropFirst() {
      if line.isEmpty { continue }
      let cells = Self.cells(of: line)
      guard cells.count == header.count else {
        throw DataError(
          file: file, line: lineIndex + 1, column: cells.count > header.count ? columnStart(of: header.count, in: line) : line.count + 1,
          message: "row has \(cells.count) cells but the header has \(header.count) columns",
          sourceLine: String(line))
      }
      for slot in row.indices { row[slot] = .nan }
      var label: String?
      var labelColumnNumber = 1
      for (index, (trimmed, column)) in cells.enumerated() {
        let isLabel = index == labelIndex
        guard isLabel || featureSlot[index] != nil else { continue }
        if missingTokens.contains(trimmed) {
          guard allowMissing else {
            let shown = trimmed.isEmpty ? "an empty cell" : "`\(trimmed)`"
            throw DataError(
              file: file, line: lineIndex + 1, column: column,
              message: "\(shown) in column `\(header[index])` is a missing value",
              hint: "set `data.missing: drop` to leave such rows out, or `mean` to fill features with the training mean",
              sourceLine: String(line))
          }
          if isLabel { labelColumnNumber = column }
          continue
        }
        if isLabel {
          // Indices must fit the class limit and numbers must be indices, in every row of
          // every file (a split could otherwise hide a bad row in the test part).
          if let index = Int(trimmed), index >= 0 {
            guard index < DataLoader.maxClasses else {
              throw DataError(
                file: file, line: lineIndex + 1, column: column,
                message: "label \(trimmed.prefix(40)) in column `\(header[labelIndex])` is too large: at most \(DataLoader.maxClasses) classes (labels 0 to \(DataLoader.maxClasses - 1)) are supported",
                hint: "class labels are indices from 0 or names such as `cat`; is this column a class?", sourceLine: String(line))
            }
          } else if Int(trimmed) == nil, Double(trimmed) != nil {
            // A fraction is a measurement, not a class (negative integers such as -1 and 1
            // are names of two classes).
            throw DataError(
              file: file, line: lineIndex + 1, column: column,
              message: "label `\(trimmed.prefix(40))` in column `\(header[labelIndex])` is not a class index (an integer ≥ 0) or a name",
              hint: "class labels are indices from 0 or names such as `cat`; is this column a class?", sourceLine: String(line))
          }
          label = trimmed
          labelColumnNumber = column
        } else if let slot = featureSlot[index] {
          guard let value = Float(trimmed), value.isFinite else {
            throw DataError(
              file: file, line: lineIndex + 1, column: column,
              message: "`\(trimmed.prefix(40))` in column `\(header[index])` is not a finite number",
              hint: "every feature column must be numeric; `data.columns` picks the feature columns", sourceLine: String(line))
          }
          row[slot] = value
        }
      }
      table.features += row
      table.labels.append(label)
      table.lines.append(lineIndex + 1)
      table.labelColumns.append(labelColumnNumber)
    }
    guard !table.labels.isEmpty else {
      throw DataError(file: file, line: 2, message: "the file has a header but no data rows")
    }
    return table
  }

  /// The 1-based character column where cell `index` of `line` starts (just past the line's
  /// end when it has fewer cells).
  static func columnStart(of index: Int, in line: Substring) -> Int {
    let all = cells(of: line)
    return index < all.count ? all[index].column : line.count + 1
  }

  /// One line's cells with RFC 4180 quoting — a comma inside "..." belongs to the cell and ""
  /// stands for a quote — trimmed of surrounding spaces, each with its 1-based start column.
  /// Quoted cells may not span lines.
  static func cells(of line: Substring) -> [(text: String, column: Int)] {
    var result: [(text: String, column: Int)] = []
    var text = ""
    var start = 1
    var column = 1
    var quoted = false
    var wasQuoted = false
    var characters = line.makeIterator()
    var pending: Character? = characters.next()
    func finish() {
      let cell = wasQuoted ? text : text.trimmingBlanks
      result.append((cell, start))
    }
    while let character = pending {
      pending = characters.next()
      column += 1
      if quoted {
        if character == "\"" {
          if pending == "\"" {
            text.append("\"")
            pending = characters.next()
            column += 1
          } else {
            quoted = false
          }
        } else {
          text.append(character)
        }
      } else if character == "," {
        finish()
        text = ""
        wasQuoted = false
        start = column
      } else if character == "\"" && text.allSatisfy({ $0 == " " || $0 == "\t" }) && !wasQuoted {
        text = ""
        quoted = true
        wasQuoted = true
      } else if !(wasQuoted && (character == " " || character == "\t")) {
        text.append(character)
      }
    }
    finish()
    return result
  }
}

extension String {
  /// Without leading and trailing spaces and tabs.
  var trimmingBlanks: String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
    while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
    return String(s)
  }
}
