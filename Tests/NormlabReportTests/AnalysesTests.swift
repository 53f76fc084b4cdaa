import NormlabEngine
import NormlabExperiment
import Testing

@Suite struct AnalysesTests {
  @Test func minimumIsTheLeastSquaresSolution() throws {
    // y = 2 x1 − 3 x2 exactly: the minimum is (2, −3) with zero loss.
    let x1: [Double] = [1, 2, 3, 4, -1]
    let x2: [Double] = [0.5, -1, 2, 1, 3]
    let y = zip(x1, x2).map { 2 * $0 - 3 * $1 }
    let surface = LossSurface(x1: x1, x2: x2, y: y)
    let (w1, w2) = try #require(surface.minimum)
    #expect(abs(w1 - 2) < 1e-9 && abs(w2 + 3) < 1e-9)
    #expect(abs(surface.loss(w1, w2)) < 1e-12)
    let (g1, g2) = surface.gradient(0.5, 0.25)
    // Central differences of the loss, independently of the closed-form gradient.
    let h = 1e-6
    #expect(abs(g1 - (surface.loss(0.5 + h, 0.25) - surface.loss(0.5 - h, 0.25)) / (2 * h)) < 1e-5)
    #expect(abs(g2 - (surface.loss(0.5, 0.25 + h) - surface.loss(0.5, 0.25 - h)) / (2 * h)) < 1e-5)
  }

  @Test func normalizationRoundsTheBowlAndLetsGradientDescentArrive() throws {
    let surfaces = Fixture.result().analyses?.lossSurfaces ?? []
    try #require(surfaces.count == 2)
    let (raw, normalized) = (surfaces[0], surfaces[1])
    #expect(raw.inputs == "raw" && normalized.inputs == "normalized")
    #expect(raw.conditionNumber > 1000)
    #expect(normalized.conditionNumber < 10)
    #expect(raw.values.count == raw.resolution * raw.resolution)
    func distance(_ surface: LossSurfaceRecord, _ optimizer: String) -> Double {
      guard let path = surface.paths.first(where: { $0.optimizer == optimizer }), let x = path.x.last, let y = path.y.last else { return .infinity }
      let start = ((path.x[0] - surface.minimum[0]) * (path.x[0] - surface.minimum[0]) + (path.y[0] - surface.minimum[1]) * (path.y[0] - surface.minimum[1])).squareRoot()
      return ((x - surface.minimum[0]) * (x - surface.minimum[0]) + (y - surface.minimum[1]) * (y - surface.minimum[1])).squareRoot() / start
    }
    // Raw inputs: gradient descent hardly moves along the valley; per-weight step sizes do.
    #expect(distance(raw, "gd") > 0.9)
    #expect(distance(raw, "rmsprop") < distance(raw, "gd"))
    // Normalized: plain gradient descent gets (almost) all the way.
    #expect(distance(normalized, "gd") < 0.01)
    #expect(surfaces.allSatisfy { $0.paths.map(\.optimizer) == ["gd", "momentum", "rmsprop", "adam"] })
  }
}
