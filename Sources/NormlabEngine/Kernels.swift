import RealModule

/// Elementwise kernels of the training step, eight lanes at a time. Generic over the scalar, so
/// Float training and Double gradient checks run the same code; specialised per type by the
/// compiler (see `@_specialize` on `TrainingSession`).

@usableFromInline let _lanes = 8

extension UnsafePointer where Pointee: EngineScalar {
  @inlinable @inline(__always)
  func _vector(_ i: Int) -> SIMD8<Pointee> {
    UnsafeRawPointer(self + i).loadUnaligned(as: SIMD8<Pointee>.self)
  }
}

extension UnsafeMutablePointer where Pointee: EngineScalar {
  @inlinable @inline(__always)
  func _vector(_ i: Int) -> SIMD8<Pointee> {
    UnsafeRawPointer(self + i).loadUnaligned(as: SIMD8<Pointee>.self)
  }

  @inlinable @inline(__always)
  func _store(_ value: SIMD8<Pointee>, _ i: Int) {
    UnsafeMutableRawPointer(self + i).storeBytes(of: value, as: SIMD8<Pointee>.self)
  }
}

/// A value broadcast to all lanes, or the single lane of the scalar tail.
@inlinable @inline(__always)
func _splat<T: EngineScalar>(_ value: T) -> SIMD8<T> { SIMD8(repeating: value) }

/// Loads `count` (< 8) values into the low lanes; the rest are zero.
@inlinable @inline(__always)
func _partialLoad<T: EngineScalar>(_ p: UnsafePointer<T>, _ count: Int) -> SIMD8<T> {
  var v = SIMD8<T>()
  for k in 0..<count { v[k] = p[k] }
  return v
}

@inlinable @inline(__always)
func _partialStore<T: EngineScalar>(_ v: SIMD8<T>, _ p: UnsafeMutablePointer<T>, _ count: Int) {
  for k in 0..<count { p[k] = v[k] }
}

extension Activation {
  /// out = g(x) over `count` values. Plain loops that LLVM vectorises, except sigmoid, whose
  /// e^x goes through the scalar type's eight-lane `_exp`: 1 / (1 + e^-x), with -x clamped to
  /// [-87, 88] first (Float's finite range; sigmoid is 0 or 1 to every digit beyond it).
  @inlinable @inline(__always)
  func _apply<T: EngineScalar>(_ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, count: Int) {
    switch self {
    case .sigmoid:
      for i in 0..<count { out[i] = _negatedClamp(x[i]) }
      _sigmoidOfNegated(out, count: count)
    case .tanh:
      for i in 0..<count { out[i] = T.tanh(x[i]) }
    case .relu:
      for i in 0..<count { out[i] = x[i] > 0 ? x[i] : 0 }
    case .leakyRelu:
      let slope = T(Activation.leakySlope)
      for i in 0..<count { out[i] = x[i] > 0 ? x[i] : slope * x[i] }
    case .linear:
      if UnsafePointer(out) != x { out.update(from: x, count: count) }
    }
  }

  /// -x limited to [-87, 88], the range in which Float's e^x is finite and normal; sigmoid is
  /// 0 or 1 to every digit beyond it.
  @inlinable @inline(__always)
  func _negatedClamp<T: EngineScalar>(_ x: T) -> T {
    Swift.min(Swift.max(-x, -87), 88)
  }

  /// values[i] = 1 / (1 + e^values[i]), where values hold `_negatedClamp(x)`: eight lanes at a time.
  @inlinable @inline(__always)
  func _sigmoidOfNegated<T: EngineScalar>(_ values: UnsafeMutablePointer<T>, count: Int) {
    var i = 0
    while i + _lanes <= count {
      values._store(1 / (1 + T._exp(values._vector(i))), i)
      i += _lanes
    }
    if i < count {
      let rest = count - i
      _partialStore(1 / (1 + T._exp(_partialLoad(UnsafePointer(values + i), rest))), values + i, rest)
    }
  }
}
