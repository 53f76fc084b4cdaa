import NormlabPlot

/// What a RecordingBackend drew, read back as boxes: text boxes, the legend frame, colour bars
/// and markers, so tests can check placement without pixels.
struct Recorded {
  var backend: RecordingBackend

  init(_ figure: Figure) {
    var backend = RecordingBackend()
    FigureRenderer.draw(figure, in: Rect(x: 0, y: 0, width: figure.size.width, height: figure.size.height), on: &backend)
    self.backend = backend
  }

  static func bounds(_ path: Path) -> Rect? {
    var points: [Point] = []
    for element in path.elements {
      switch element {
      case .move(let p), .line(let p): points.append(p)
      case .close: continue
      }
    }
    guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
      let minY = points.map(\.y).min(), let maxY = points.map(\.y).max()
    else { return nil }
    return Rect(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
  }

  /// Unrotated text boxes with their strings.
  var texts: [(text: String, box: Rect)] {
    backend.calls.compactMap { call in
      guard case .text(let text, let p, let style, let anchor, let rotation) = call, rotation == 0,
        !text.isEmpty
      else { return nil }
      let size = backend.measure(text, style: style)
      let origin = anchor.origin(for: size)
      return (text, Rect(x: p.x + origin.x, y: p.y + origin.y, width: size.width, height: size.height))
    }
  }

  /// Legend frames: the translucent white fills legends are drawn on.
  var legendFrames: [Rect] {
    backend.calls.compactMap { call in
      guard case .fill(let path, let color) = call, color == Color.white.withAlpha(0.85) else { return nil }
      return Self.bounds(path)
    }
  }

  /// Colour bars: the 11-point-wide framed strips beside plots.
  var colorbars: [Rect] {
    backend.calls.compactMap { call in
      guard case .stroke(let path, let style) = call, style.color == Color.axis, style.width == 0.8,
        let box = Self.bounds(path), abs(box.width - 11) < 0.01, box.height > 20
      else { return nil }
      return box
    }
  }

  /// Filled paths of `color` (markers of one class, say) with their vertex counts.
  func fills(of color: Color) -> [(box: Rect, vertices: Int)] {
    backend.calls.compactMap { call in
      guard case .fill(let path, let fill) = call, fill == color, let box = Self.bounds(path) else {
        return nil
      }
      return (box, path.elements.filter { if case .close = $0 { return false } else { return true } }.count)
    }
  }
}

extension Rect {
  /// Overlap of more than a hair (touching edges do not count).
  func overlaps(_ other: Rect) -> Bool {
    minX < other.maxX - 0.5 && other.minX < maxX - 0.5 && minY < other.maxY - 0.5
      && other.minY < maxY - 0.5
  }
}
