import RealModule

/// Contour tracing on a `ScalarGrid` with marching squares (Lorensen & Cline 1987, in 2-D).
/// Pure numerics: returns polylines and polygons in data coordinates, as matplotlib's contour
/// module returns paths for the drawing layer.
public enum ContourTracer {
  /// Level values for `levels` over `grid`. For fills the result brackets the data (one level
  /// at or below the minimum, one at or above the maximum), as matplotlib's `contourf` does;
  /// for lines only levels inside the data range are kept.
  public static func levelValues(_ levels: ContourLevels, grid: ScalarGrid, filled: Bool)
    -> [Double]
  {
    guard let range = grid.finiteRange else { return [] }
    var values: [Double]
    switch levels {
    case .values(let list):
      return Array(Set(list.filter(\.isFinite))).sorted()
    case .automatic(let count):
      if range.lowerBound == range.upperBound { return [range.lowerBound] }
      // matplotlib turns `levels=n` into MaxNLocator(n + 1).
      let step = TickLocator.niceStep(
        lower: range.lowerBound, upper: range.upperBound, bins: max(count, 1) + 1)
      let first = (range.lowerBound / step).rounded(.down)
      let last = (range.upperBound / step).rounded(.up)
      guard last - first < 10_000 else { return [] }
      // Integer multiples of the step avoid accumulated float noise in the level values.
      values = stride(from: first, through: last, by: 1).map { TickLocator.cleaned($0 * step, step: step) }
    case .logarithmic:
      let positive = grid.values.filter { $0.isFinite && $0 > 0 }
      guard let low = positive.min(), let high = positive.max(), high > low else {
        return positive.isEmpty ? [] : [positive[0]]
      }
      let lowExponent = Int(Double.log10(low).rounded(.down))
      let highExponent = Int(Double.log10(high).rounded(.up))
      guard highExponent - lowExponent < 300 else { return [] }
      let multipliers: [Double] = highExponent - lowExponent <= 2 ? [1, 2, 5] : [1]
      values = []
      for exponent in lowExponent...highExponent {
        for m in multipliers { values.append(m * Double.pow(10, Double(exponent))) }
      }
      // Trim to one level beyond the data on each side.
      let below = values.lastIndex { $0 <= low } ?? 0
      let above = values.firstIndex { $0 >= high } ?? (values.count - 1)
      values = Array(values[below...above])
    }
    if !filled {
      values = values.filter { $0 >= range.lowerBound && $0 <= range.upperBound }
    }
    return values
  }

  /// Where along the edge from value `a` to value `b` the level is crossed, as a fraction.
  @inline(__always) static func crossing(_ a: Double, _ b: Double, _ level: Double) -> Double {
    let t = (level - a) / (b - a)
    return t.isFinite ? min(max(t, 0), 1) : 0.5
  }

  /// Contour lines where the field equals `level`, joined across cells into polylines. A closed
  /// loop ends with its first point repeated. Saddle cells (diagonal corners on the same side)
  /// are resolved with the average of the four corners, the usual centre-value rule.
  public static func lines(_ grid: ScalarGrid, level: Double) -> [[Point]] {
    let nx = grid.columns
    let ny = grid.rows
    guard nx >= 2, ny >= 2, level.isFinite else { return [] }
    // Edge keys: 2·(j·nx + i) for the horizontal edge from (i, j) to (i+1, j), +1 for the
    // vertical edge from (i, j) to (i, j+1). Neighbouring cells share keys, which joins segments.
    var points: [Int: Point] = [:]
    var segments: [(Int, Int)] = []
    func edgePoint(_ key: Int) -> Point {
      if let p = points[key] { return p }
      let node = key / 2
      let i = node % nx
      let j = node / nx
      let p: Point
      if key % 2 == 0 {
        let t = crossing(grid[i, j], grid[i + 1, j], level)
        p = Point(grid.x[i] + (grid.x[i + 1] - grid.x[i]) * t, grid.y[j])
      } else {
        let t = crossing(grid[i, j], grid[i, j + 1], level)
        p = Point(grid.x[i], grid.y[j] + (grid.y[j + 1] - grid.y[j]) * t)
      }
      points[key] = p
      return p
    }
    for j in 0..<(ny - 1) {
      for i in 0..<(nx - 1) {
        let v0 = grid[i, j]
        let v1 = grid[i + 1, j]
        let v2 = grid[i + 1, j + 1]
        let v3 = grid[i, j + 1]
        guard v0.isFinite, v1.isFinite, v2.isFinite, v3.isFinite else { continue }
        let a0 = v0 >= level
        let a1 = v1 >= level
        let a2 = v2 >= level
        let a3 = v3 >= level
        let bottom = 2 * (j * nx + i)
        let top = 2 * ((j + 1) * nx + i)
        let left = 2 * (j * nx + i) + 1
        let right = 2 * (j * nx + i + 1) + 1
        var crossed: [Int] = []
        if a0 != a1 { crossed.append(bottom) }
        if a1 != a2 { crossed.append(right) }
        if a2 != a3 { crossed.append(top) }
        if a3 != a0 { crossed.append(left) }
        if crossed.count == 2 {
          segments.append((crossed[0], crossed[1]))
        } else if crossed.count == 4 {
          let centreAbove = (v0 + v1 + v2 + v3) / 4 >= level
          // Corners that differ from the centre are cut off on their own.
          if a0 != centreAbove {
            segments.append((bottom, left))
            segments.append((right, top))
          } else {
            segments.append((bottom, right))
            segments.append((top, left))
          }
        }
      }
    }
    for (a, b) in segments {
      _ = edgePoint(a)
      _ = edgePoint(b)
    }
    return join(segments).map { $0.compactMap { points[$0] } }
  }

  /// Joins segments that share endpoint keys into chains: open chains first from their loose
  /// ends, then closed loops (first key repeated at the end). Deterministic order.
  static func join(_ segments: [(Int, Int)]) -> [[Int]] {
    var adjacency: [Int: [Int]] = [:]
    for (index, (a, b)) in segments.enumerated() {
      adjacency[a, default: []].append(index)
      adjacency[b, default: []].append(index)
    }
    var used = [Bool](repeating: false, count: segments.count)
    var chains: [[Int]] = []
    func walk(from start: Int) -> [Int] {
      var chain = [start]
      var current = start
      while let next = adjacency[current]?.first(where: { !used[$0] }) {
        used[next] = true
        let (a, b) = segments[next]
        current = a == current ? b : a
        chain.append(current)
      }
      return chain
    }
    // Loose ends (keys used by one segment) start open chains; sorted for determinism.
    let ends = adjacency.filter { $0.value.count == 1 }.keys.sorted()
    for end in ends {
      guard let index = adjacency[end]?.first, !used[index] else { continue }
      chains.append(walk(from: end))
    }
    for index in segments.indices where !used[index] {
      chains.append(walk(from: segments[index].0))
    }
    return chains.filter { $0.count >= 2 }
  }

  /// Polygons covering the part of the grid where the field is >= `level` (cell by cell; fully
  /// covered runs of cells in a row are merged into one rectangle). All polygons wind the same
  /// way, so one non-zero fill of them all draws their union without seams.
  public static func region(_ grid: ScalarGrid, atLeast level: Double) -> [[Point]] {
    let nx = grid.columns
    let ny = grid.rows
    guard nx >= 2, ny >= 2 else { return [] }
    var polygons: [[Point]] = []
    for j in 0..<(ny - 1) {
      var runStart: Int?
      func closeRun(at end: Int) {
        guard let start = runStart else { return }
        polygons.append([
          Point(grid.x[start], grid.y[j]), Point(grid.x[end], grid.y[j]),
          Point(grid.x[end], grid.y[j + 1]), Point(grid.x[start], grid.y[j + 1]),
        ])
        runStart = nil
      }
      for i in 0..<(nx - 1) {
        let corners = [
          (grid[i, j], Point(grid.x[i], grid.y[j])),
          (grid[i + 1, j], Point(grid.x[i + 1], grid.y[j])),
          (grid[i + 1, j + 1], Point(grid.x[i + 1], grid.y[j + 1])),
          (grid[i, j + 1], Point(grid.x[i], grid.y[j + 1])),
        ]
        guard corners.allSatisfy({ $0.0.isFinite }) else {
          closeRun(at: i)
          continue
        }
        let above = corners.map { $0.0 >= level }
        if above.allSatisfy({ $0 }) {
          if runStart == nil { runStart = i }
          continue
        }
        closeRun(at: i)
        if !above.contains(true) { continue }
        func cut(_ k: Int) -> Point {
          let (va, pa) = corners[k]
          let (vb, pb) = corners[(k + 1) % 4]
          let t = crossing(va, vb, level)
          return Point(pa.x + (pb.x - pa.x) * t, pa.y + (pb.y - pa.y) * t)
        }
        let saddle = above[0] == above[2] && above[1] == above[3] && above[0] != above[1]
        let centreAbove = corners.map(\.0).reduce(0, +) / 4 >= level
        if saddle && !centreAbove {
          // The two high corners are separate: one triangle each.
          for k in 0..<4 where above[k] {
            polygons.append([cut((k + 3) % 4), corners[k].1, cut(k)])
          }
          continue
        }
        var polygon: [Point] = []
        for k in 0..<4 {
          if above[k] { polygon.append(corners[k].1) }
          if above[k] != above[(k + 1) % 4] { polygon.append(cut(k)) }
        }
        polygons.append(polygon)
      }
      closeRun(at: nx - 1)
    }
    return polygons
  }
}
