/// Labelled lines that lie exactly on an earlier one (two optimizers on the same schedule) would
/// hide it: they are drawn dashed over it, and their legend entry says "same as …".
enum CoincidentLines {
  static let dashes: [LineDash] = [.dashed, .dotted, .dashDot]

  static func distinguish(_ axes: Axes) -> Axes {
    var copy = axes
    var earlier: [LineSeries] = []
    var twins = 0
    for (index, series) in axes.series.enumerated() {
      guard case .line(var line) = series, let label = line.label,
        line.y.contains(where: { $0.isFinite && (axes.yScale != .log || $0 > 0) })
      else { continue }
      if let twin = earlier.first(where: { coincide($0, line) }) {
        if line.dash == twin.dash {
          line.dash = dashes[twins % dashes.count]
          if line.dash == twin.dash { line.dash = dashes[(twins + 1) % dashes.count] }
          twins += 1
        }
        line.label = "\(label) (same as \(twin.label ?? ""))"
        copy.series[index] = .line(line)
      }
      earlier.append(line)
    }
    return copy
  }

  /// Same x and, within a millionth of the values' range, the same y (non-finite where the
  /// other is non-finite).
  static func coincide(_ a: LineSeries, _ b: LineSeries) -> Bool {
    guard a.x.count == b.x.count, a.y.count == b.y.count, a.x == b.x, !a.y.isEmpty else {
      return false
    }
    let finite = (a.y + b.y).filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else { return false }
    let tolerance = max(high - low, abs(high), 1e-300) * 1e-6
    return zip(a.y, b.y).allSatisfy { p, q in
      p.isFinite ? (q.isFinite && abs(p - q) <= tolerance) : !q.isFinite
    }
  }
}
