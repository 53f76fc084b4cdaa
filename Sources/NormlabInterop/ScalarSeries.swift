/// One value of a scalar series at a training step.
public struct ScalarPoint: Sendable, Hashable {
  public var step: Int64
  public var value: Double

  public init(step: Int64, value: Double) {
    self.step = step
    self.value = value
  }
}

/// A named series of scalars, one TensorBoard scalar chart per tag.
///
/// The tag is any UTF-8 string; TensorBoard groups charts by the part before the first `/`
/// (`loss/train` and `loss/test` share the "loss" section). Values are written as 32-bit floats
/// (`Summary.Value.simple_value`), so they keep about seven significant digits; magnitudes
/// beyond `Float.greatestFiniteMagnitude` become ±infinity. NaN and ±infinity are written as
/// they are (see `TensorBoardRun`).
public struct ScalarSeries: Sendable, Hashable {
  public var tag: String
  public var points: [ScalarPoint]

  public init(tag: String, points: [ScalarPoint]) {
    self.tag = tag
    self.points = points
  }

  public init(tag: String, points: [(step: Int64, value: Double)]) {
    self.init(tag: tag, points: points.map { ScalarPoint(step: $0.step, value: $0.value) })
  }
}
