/// Which legend entries stand for which series of a panel, so a click on an entry can hide
/// everything it names. Charts label one series per variant and leave its companions
/// unlabelled (the band around a mean, the faint raw curve under a smoothed one, the test curve
/// of the same colour); a legend entry without data of its own (`train`, `test`) stands for a
/// line style. The rules:
/// - a labelled series with data answers to its own label;
/// - an unlabelled series answers to the label of the first labelled series of its colour;
/// - a line answers to the data-less entry drawn with its dash, and a band or other companion
///   to the one of the next line of its colour (the line it surrounds); a line redrawn dashed
///   because it lies on an earlier one keeps that line's style.
public enum SVGLegendLinks {
  /// The legend labels each series of `axes` answers to, in series order (empty when none).
  public static func keys(of axes: Axes) -> [[String]] {
    let series = axes.series
    var styleEntries: [(dash: LineDash, label: String)] = []
    var labelByColor: [Int: String] = [:]
    for item in series {
      guard let label = label(of: item) else { continue }
      if hasData(item) {
        if let color = color(of: item), labelByColor[rgb(color)] == nil { labelByColor[rgb(color)] = label }
      } else if case .line(let line) = item {
        styleEntries.append((line.dash, label))
      }
    }
    return series.indices.map { index -> [String] in
      let item = series[index]
      guard hasData(item) else { return [] }
      var keys: [String] = []
      if let label = label(of: item) {
        keys.append(label)
      } else if let color = color(of: item), let label = labelByColor[rgb(color)] {
        keys.append(label)
      }
      if let dash = dash(of: index, in: series),
        let entry = styleEntries.first(where: { $0.dash == dash }), !keys.contains(entry.label)
      {
        keys.append(entry.label)
      }
      return keys
    }
  }

  /// The dash of the line series `index` is, or of the next line of its colour. A labelled line
  /// that lies on an earlier labelled one was redrawn dashed to stay visible
  /// (`CoincidentLines`): it keeps the style of the line it lies on.
  public static func dash(of index: Int, in series: [Series]) -> LineDash? {
    if case .line(let line) = series[index] {
      guard line.label != nil else { return line.dash }
      for earlier in series[..<index] {
        if case .line(let twin) = earlier, twin.label != nil, CoincidentLines.coincide(twin, line) { return twin.dash }
      }
      return line.dash
    }
    guard let color = color(of: series[index]) else { return nil }
    for later in series[(index + 1)...] {
      if case .line(let line) = later, hasData(later), rgb(line.color) == rgb(color) { return line.dash }
    }
    return nil
  }

  static func label(of series: Series) -> String? {
    let label: String?
    switch series {
    case .line(let s): label = s.label
    case .band(let s): label = s.label
    case .scatter(let s): label = s.label
    case .contour(let s): label = s.label
    case .heatmap(let s): label = s.label
    case .histogram(let s): label = s.label
    case .percentileBand(let s): label = s.label
    case .bars: label = nil
    case .trajectory(let s): label = s.label
    case .reference(let s): label = s.label
    }
    return label?.isEmpty == false ? label : nil
  }

  static func color(of series: Series) -> Color? {
    switch series {
    case .line(let s): return s.color
    case .band(let s): return s.color
    case .scatter(let s): return s.color
    case .histogram(let s): return s.color
    case .percentileBand(let s): return s.color
    case .trajectory(let s): return s.color
    case .reference(let s): return s.color
    case .contour, .heatmap, .bars: return nil
    }
  }

  static func hasData(_ series: Series) -> Bool {
    switch series {
    case .line(let s): return !s.x.isEmpty
    case .reference: return true
    default: return !series.points.isEmpty
    }
  }

  /// A colour as one integer, alpha ignored (a band is its line's colour, translucent).
  public static func rgb(_ color: Color) -> Int {
    func byte(_ v: Double) -> Int { Int((min(max(v.isFinite ? v : 0, 0), 1) * 255).rounded()) }
    return byte(color.red) << 16 | byte(color.green) << 8 | byte(color.blue)
  }
}
