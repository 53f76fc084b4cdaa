import NormlabPlot

/// A simple ruled table.
enum TableDrawer {
  static let headerStyle = TextStyle(size: 9.5, weight: .bold)
  static let cellStyle = TextStyle(size: 9.5)

  static func widths(_ count: Int, width: Double, columnWeights: [Double]?) -> [Double] {
    let weights = columnWeights ?? ([1.6] + Array(repeating: 1.0, count: max(count - 1, 0)))
    let total = weights.reduce(0, +)
    return weights.map { width * $0 / total }
  }

  static func rowHeight<B: GraphicsBackend>(_ cells: [String], widths: [Double], style: TextStyle, backend: B) -> Double {
    var height = 0.0
    for (i, cell) in cells.enumerated() where i < widths.count {
      height = max(height, backend.measureParagraph(cell, width: widths[i] - 6, style: style))
    }
    return height + 8
  }

  static func height<B: GraphicsBackend>(header: [String], rows: [[String]], width: Double, backend: B, columnWeights: [Double]?) -> Double {
    let w = widths(header.count, width: width, columnWeights: columnWeights)
    return rowHeight(header, widths: w, style: headerStyle, backend: backend)
      + rows.map { rowHeight($0, widths: w, style: cellStyle, backend: backend) }.reduce(0, +)
  }

  @discardableResult
  static func draw<B: GraphicsBackend>(
    header: [String], rows: [[String]], at origin: Point, width: Double, on backend: inout B,
    columnWeights: [Double]? = nil
  ) -> Double {
    let widths = widths(header.count, width: width, columnWeights: columnWeights)
    var y = origin.y
    func drawRow(_ cells: [String], style: TextStyle) {
      var x = origin.x
      for (i, cell) in cells.enumerated() where i < widths.count {
        backend.paragraph(cell, at: Point(x + 3, y + 4), width: widths[i] - 6, style: style)
        x += widths[i]
      }
    }
    drawRow(header, style: headerStyle)
    y += rowHeight(header, widths: widths, style: headerStyle, backend: backend)
    backend.stroke(Path.polyline([Point(origin.x, y - 2), Point(origin.x + width, y - 2)]), style: StrokeStyle(color: .axis, width: 0.8))
    for (i, row) in rows.enumerated() {
      let h = rowHeight(row, widths: widths, style: cellStyle, backend: backend)
      if i % 2 == 1 {
        backend.fill(Path.rectangle(Rect(x: origin.x, y: y - 2, width: width, height: h)), color: Color(hex: 0xF4F6F8))
      }
      drawRow(row, style: cellStyle)
      y += h
    }
    backend.stroke(Path.polyline([Point(origin.x, y - 2), Point(origin.x + width, y - 2)]), style: StrokeStyle(color: .axis, width: 0.8))
    return y
  }
}
