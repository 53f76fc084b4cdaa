import RealModule

/// Text notes, optionally with an arrow to the point they describe, placed with collision
/// checks: each note stays inside the plot (clear of the tick labels), off the legend and the
/// notes placed before it, and over as little data as a small move allows.
enum AnnotationPainter {
  struct Placed: Equatable {
    var annotation: Annotation
    var lines: [String]
    var box: Rect
    var anchor: TextAnchor
    var tip: Point?
  }

  /// Candidate moves in points, nearest first; notes with an arrow may travel farther, since
  /// the arrow still says what they describe.
  static func offsets(arrow: Bool) -> [(Double, Double)] {
    let reach = arrow ? 6 : 3
    var moves: [(Double, Double)] = []
    for dy in -reach...reach {
      for dx in -reach...reach { moves.append((Double(dx) * 10, Double(dy) * 7)) }
    }
    return moves.sorted { a, b in
      let da = a.0 * a.0 + a.1 * a.1
      let db = b.0 * b.0 + b.1 * b.1
      return da != db ? da < db : (a.1, a.0) < (b.1, b.0)
    }
  }

  static func place<B: GraphicsBackend>(
    _ annotations: [Annotation], transform: DataTransform, plot: Rect, avoiding occupied: [Rect],
    samples: [Point], backend: B
  ) -> [Placed] {
    var taken = occupied
    var result: [Placed] = []
    let inner = plot.insetBy(left: 2, top: 2, right: 2, bottom: 2)
    for annotation in annotations {
      let position: Point?
      if annotation.inAxesFraction {
        position =
          annotation.x.isFinite && annotation.y.isFinite
          ? Point(plot.minX + annotation.x * plot.width, plot.maxY - annotation.y * plot.height)
          : nil
      } else {
        position = transform(annotation.x, annotation.y)
      }
      guard let p = position else { continue }
      let style = TextStyle(size: annotation.size, color: annotation.color)
      let lines = TextWrap.lines(annotation.text, width: max(inner.width - 4, 20)) {
        backend.measure($0, style: style).width
      }
      let lineHeight = backend.measure("Ag", style: style).height
      let size = Size(
        lines.map { backend.measure($0, style: style).width }.max() ?? 0,
        lineHeight * Double(max(lines.count, 1)))
      let origin = annotation.anchor.origin(for: size)
      let tip = annotation.arrowTo.flatMap { transform($0.x, $0.y) }
      var best: (Rect, Double)?
      for (dx, dy) in offsets(arrow: tip != nil) {
        var box = Rect(x: p.x + origin.x + dx, y: p.y + origin.y + dy, width: size.width, height: size.height)
        // Inside the plot: a note hanging over the frame runs into the tick labels.
        box.x = min(max(box.x, inner.minX), max(inner.maxX - box.width, inner.minX))
        box.y = min(max(box.y, inner.minY), max(inner.maxY - box.height, inner.minY))
        let padded = box.insetBy(left: -1.5, top: -1, right: -1.5, bottom: -1)
        let collisions = taken.filter { $0.intersects(padded) }.count
        let covered = samples.lazy.filter { padded.contains($0) }.count
        let hidesTip = tip.map { padded.contains($0) } ?? false
        let cost =
          Double(collisions) * 1e6 + (hidesTip ? 1e4 : 0) + Double(covered) * 10
          + (dx * dx + dy * dy).squareRoot()
        if best == nil || cost < (best?.1 ?? 0) - 1e-9 { best = (box, cost) }
        if collisions == 0 && covered == 0 && !hidesTip { break }
      }
      guard let (box, _) = best else { continue }
      taken.append(box)
      result.append(Placed(annotation: annotation, lines: lines, box: box, anchor: annotation.anchor, tip: tip))
    }
    return result
  }

  static func draw<B: GraphicsBackend>(_ placed: [Placed], on backend: inout B) {
    for note in placed {
      let annotation = note.annotation
      let style = TextStyle(size: annotation.size, color: annotation.color)
      if let tip = note.tip {
        let box = note.box
        // Start at the box edge facing the target, stop short of it.
        let start = Point(
          min(max(tip.x, box.minX), box.maxX), min(max(tip.y, box.minY - 1), box.maxY + 1))
        let dx = tip.x - start.x
        let dy = tip.y - start.y
        let length = (dx * dx + dy * dy).squareRoot()
        if length > 6 {
          let end = Point(tip.x - dx / length * 2, tip.y - dy / length * 2)
          backend.stroke(
            Path.polyline([start, end]), style: StrokeStyle(color: annotation.color, width: 0.9))
          Marker.arrowhead(
            at: end, angle: Double.atan2(y: dy, x: dx), size: 6, color: annotation.color,
            on: &backend)
        }
      }
      let lineHeight = backend.measure("Ag", style: style).height
      for (k, line) in note.lines.enumerated() {
        let y = note.box.minY + Double(k) * lineHeight
        switch note.anchor {
        case .topLeft, .left, .bottomLeft:
          backend.text(line, at: Point(note.box.minX, y), style: style, anchor: .topLeft)
        case .top, .center, .bottom:
          backend.text(line, at: Point(note.box.center.x, y), style: style, anchor: .top)
        case .topRight, .right, .bottomRight:
          backend.text(line, at: Point(note.box.maxX, y), style: style, anchor: .topRight)
        }
      }
    }
  }
}
