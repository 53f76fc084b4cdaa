import RealModule

/// Text notes, optionally with an arrow to the point they describe.
enum AnnotationPainter {
  static func draw<B: GraphicsBackend>(
    _ annotation: Annotation, transform: DataTransform, plot: Rect, on backend: inout B
  ) {
    let position: Point?
    if annotation.inAxesFraction {
      position =
        annotation.x.isFinite && annotation.y.isFinite
        ? Point(plot.minX + annotation.x * plot.width, plot.maxY - annotation.y * plot.height) : nil
    } else {
      position = transform(annotation.x, annotation.y)
    }
    guard let p = position else { return }
    let style = TextStyle(size: annotation.size, color: annotation.color)
    if let target = annotation.arrowTo, let tip = transform(target.x, target.y) {
      let size = backend.measure(annotation.text, style: style)
      let offset = annotation.anchor.origin(for: size)
      let box = Rect(x: p.x + offset.x, y: p.y + offset.y, width: size.width, height: size.height)
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
    backend.text(annotation.text, at: p, style: style, anchor: annotation.anchor)
  }
}
