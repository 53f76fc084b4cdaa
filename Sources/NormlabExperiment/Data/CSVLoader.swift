import NormlabEngine

/// CSV with a header row, a named integer label column, and numeric features.
public enum CSVLoader {
  public static let maxColumns = 100_000
  /// Rows and cells a CSV may hold; checked on the raw bytes before anything is split, so a
  /// header of a billion commas or a file of a billion newlines is refused without allocating.
  public static let maxRows = 10_000_000
  public static let maxCells = 1 << 28

  public static func load(bytes: [UInt8], file: String, labelColumn: String) throws(DataError)
    -> Dataset<Float>
  {
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
    let text = String(decoding: bytes, as: UTF8.self)
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
    let featureCount = header.count - 1
    guard featureCount >= 1 else {
      throw DataError(file: file, line: 1, message: "the header has no feature columns besides `\(labelColumn)`", sourceLine: String(headerLine))
    }
    var features: [Float] = []
    var labels: [Int32] = []
    var labelValues = Set<Int32>()
    for (lineIndex, line) in lines.enumerated().dropFirst() {
      if line.isEmpty { continue }
      let cells = Self.cells(of: line)
      guard cells.count == header.count else {
        throw DataError(
          file: file, line: lineIndex + 1, column: cells.count > header.count ? columnStart(of: header.count, in: line) : line.count + 1,
          message: "row has \(cells.count) cells but the header has \(header.count) columns",
          sourceLine: String(line))
      }
      for (index, (trimmed, column)) in cells.enumerated() {
        let shown = trimmed.isEmpty ? "an empty cell" : "`\(trimmed.prefix(40))`"
        if index == labelIndex {
          guard let label = Int32(trimmed), label >= 0 else {
            throw DataError(
              file: file, line: lineIndex + 1, column: column,
              message: "label \(shown) in column `\(header[index])` is not a class index (an integer ≥ 0)",
              sourceLine: String(line))
          }
          // The output layer has one unit per class: a stray large label must not make it huge.
          guard Int(label) < DataLoader.maxClasses else {
            throw DataError(
              file: file, line: lineIndex + 1, column: column,
              message: "label \(label) in column `\(header[index])` is too large: at most \(DataLoader.maxClasses) classes (labels 0 to \(DataLoader.maxClasses - 1)) are supported",
              hint: "class labels are indices from 0; is this column a class?", sourceLine: String(line))
          }
          labels.append(label)
          labelValues.insert(label)
        } else {
          guard let value = Float(trimmed), value.isFinite else {
            throw DataError(
              file: file, line: lineIndex + 1, column: column,
              message: "\(shown) in column `\(header[index])` is not a finite number",
              hint: "every column except `\(labelColumn)` must be numeric", sourceLine: String(line))
          }
          features.append(value)
        }
      }
    }
    guard !labels.isEmpty else {
      throw DataError(file: file, line: 2, message: "the file has a header but no data rows")
    }
    let classes = Int((labelValues.max() ?? 1) + 1)
    return Dataset(features: features, labels: labels, featureCount: featureCount, classCount: max(classes, 2))
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
