import NormlabEngine

/// How a CSV's label texts become class indices. The training file decides: labels that are
/// all non-negative integers are class indices as written; otherwise labels are names (`cat`,
/// `dog`) numbered in sorted order, and the names are kept for charts and tables. Test and
/// development files are read with the training file's encoding.
public struct LabelEncoding: Sendable, Equatable {
  /// Class names in index order; nil when the labels are indices.
  public var classNames: [String]?
  public var classCount: Int

  public init(training table: CSVTable) throws(DataError) {
    var indices: [Int] = []
    var names = Set<String>()
    for (row, label) in table.labels.enumerated() {
      guard let label else { continue }
      if let index = Int(label), index >= 0 {
        indices.append(index)
      } else if Int(label) == nil, Double(label) != nil {
        throw DataError(
          file: table.file, line: table.lines[row], column: table.labelColumns[row],
          message: "label `\(label.prefix(40))` in column `\(table.labelName)` is not a class index (an integer ≥ 0) or a name",
          hint: "class labels are indices from 0 or names such as `cat`; is this column a class?")
      } else {
        names.insert(label)
      }
    }
    if names.isEmpty {
      // Indices: the output layer has one unit per class, so a stray large label must not
      // make it huge.
      if let row = table.labels.indices.first(where: { (table.labels[$0].flatMap { Int($0) } ?? 0) >= DataLoader.maxClasses }) {
        throw DataError(
          file: table.file, line: table.lines[row], column: table.labelColumns[row],
          message: "label \(table.labels[row] ?? "") in column `\(table.labelName)` is too large: at most \(DataLoader.maxClasses) classes (labels 0 to \(DataLoader.maxClasses - 1)) are supported",
          hint: "class labels are indices from 0; is this column a class?")
      }
      classNames = nil
      classCount = max((indices.max() ?? 1) + 1, 2)
    } else {
      // Names, with any integer-looking labels as names too.
      let all = names.union(indices.map(String.init)).sorted()
      guard all.count <= DataLoader.maxClasses else {
        throw DataError(
          file: table.file, message: "column `\(table.labelName)` holds \(all.count) different labels; at most \(DataLoader.maxClasses) classes are supported",
          hint: "is this column a class?")
      }
      classNames = all
      classCount = max(all.count, 2)
    }
  }

  /// The class of a label text, nil when the training data has no such class.
  public func classIndex(of label: String) -> Int32? {
    if let classNames {
      guard let index = classNames.firstIndex(of: label) else { return nil }
      return Int32(index)
    }
    guard let index = Int(label), index >= 0, index < DataLoader.maxClasses else { return nil }
    return Int32(index)
  }

  /// The rows of `table` as a dataset; every row must be complete (the missing-value policy
  /// has run). A label name the training data lacks is refused at its row.
  public func dataset(_ table: CSVTable, filling means: [Float]?) throws(DataError) -> Dataset<Float> {
    let width = table.featureNames.count
    var features: [Float] = []
    features.reserveCapacity(table.features.count)
    var labels: [Int32] = []
    labels.reserveCapacity(table.count)
    for row in 0..<table.count {
      guard let text = table.labels[row] else { continue }
      guard let label = classIndex(of: text) else {
        throw DataError(
          file: table.file, line: table.lines[row], column: table.labelColumns[row],
          message: "label `\(text.prefix(40))` in column `\(table.labelName)` does not occur in the training data",
          hint: classNames.map { "the classes are \($0.prefix(10).joined(separator: ", "))\($0.count > 10 ? ", …" : "")" })
      }
      for column in 0..<width {
        let value = table.features[row * width + column]  // safe: rows are whole
        features.append(value.isNaN ? (means?[column] ?? value) : value)
      }
      labels.append(label)
    }
    return Dataset(features: features, labels: labels, featureCount: width, classCount: classCount)
  }
}
