/// A point in device-independent units (1/72 inch).
public struct Point: Sendable, Equatable, Hashable {
  public var x: Double
  public var y: Double
  public init(_ x: Double, _ y: Double) {
    self.x = x
    self.y = y
  }
}

public struct Size: Sendable, Equatable, Hashable {
  public var width: Double
  public var height: Double
  public init(_ width: Double, _ height: Double) {
    self.width = width
    self.height = height
  }
}

public struct Rect: Sendable, Equatable, Hashable {
  public var x: Double
  public var y: Double
  public var width: Double
  public var height: Double

  public init(x: Double, y: Double, width: Double, height: Double) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }

  public var minX: Double { x }
  public var minY: Double { y }
  public var maxX: Double { x + width }
  public var maxY: Double { y + height }
  public var center: Point { Point(x + width / 2, y + height / 2) }

  public func insetBy(left: Double, top: Double, right: Double, bottom: Double) -> Rect {
    Rect(
      x: x + left, y: y + top, width: max(width - left - right, 1),
      height: max(height - top - bottom, 1))
  }

  public func contains(_ p: Point) -> Bool {
    p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY
  }

  public func intersects(_ other: Rect) -> Bool {
    minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
  }
}

/// A vector path made of straight segments (enough for every chart we draw).
public struct Path: Sendable, Equatable {
  public enum Element: Sendable, Equatable {
    case move(Point)
    case line(Point)
    case close
  }

  public var elements: [Element] = []
  public init() {}

  public mutating func move(to p: Point) { elements.append(.move(p)) }
  public mutating func line(to p: Point) { elements.append(.line(p)) }
  public mutating func close() { elements.append(.close) }

  public static func rectangle(_ r: Rect) -> Path {
    var path = Path()
    path.move(to: Point(r.minX, r.minY))
    path.line(to: Point(r.maxX, r.minY))
    path.line(to: Point(r.maxX, r.maxY))
    path.line(to: Point(r.minX, r.maxY))
    path.close()
    return path
  }

  public static func polyline(_ points: [Point]) -> Path {
    var path = Path()
    for (i, p) in points.enumerated() {
      if i == 0 { path.move(to: p) } else { path.line(to: p) }
    }
    return path
  }

  /// A rectangle with corners rounded by `radius` (arcs as short segments), like matplotlib's
  /// rounded legend frame.
  public static func roundedRectangle(_ r: Rect, radius: Double) -> Path {
    let radius = min(max(radius, 0), r.width / 2, r.height / 2)
    guard radius > 0 else { return rectangle(r) }
    var points: [Point] = []
    let corners = [
      (Point(r.maxX - radius, r.minY + radius), -Double.pi / 2),
      (Point(r.maxX - radius, r.maxY - radius), 0.0),
      (Point(r.minX + radius, r.maxY - radius), Double.pi / 2),
      (Point(r.minX + radius, r.minY + radius), Double.pi),
    ]
    for (centre, start) in corners {
      for k in 0...4 {
        let angle = start + Double(k) * Double.pi / 8
        points.append(Point(centre.x + radius * _cosine(angle), centre.y + radius * _sine(angle)))
      }
    }
    return polygon(points)
  }

  /// A closed polygon through `points`.
  public static func polygon(_ points: [Point]) -> Path {
    var path = polyline(points)
    if !points.isEmpty { path.close() }
    return path
  }

  /// A regular polygon approximating a circle (keeps the backend protocol to straight lines).
  public static func circle(center: Point, radius: Double, segments: Int = 16) -> Path {
    var path = Path()
    for i in 0..<segments {
      let angle = 2 * Double.pi * Double(i) / Double(segments)
      let p = Point(center.x + radius * _cosine(angle), center.y + radius * _sine(angle))
      if i == 0 { path.move(to: p) } else { path.line(to: p) }
    }
    path.close()
    return path
  }
}

extension ClosedRange where Bound == Double {
  /// `low...high` when both ends are finite and ordered, else nil: a range built from data read
  /// from a file must never trap.
  public static func checked(_ low: Double, _ high: Double) -> ClosedRange<Double>? {
    guard low.isFinite, high.isFinite, low <= high else { return nil }
    return low...high
  }
}
