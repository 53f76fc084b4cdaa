// SIMD helpers the layer passes share: blocks of eight columns with a partial last block.

/// Calls `body(j, width)` for the column blocks of a row: full blocks of eight, then the rest.
@inlinable @inline(__always)
func _columnBlocks(_ units: Int, _ body: (_ j: Int, _ width: Int) -> Void) {
  var j = 0
  while j + _lanes <= units {
    body(j, _lanes)
    j += _lanes
  }
  if j < units { body(j, units - j) }
}

@inlinable @inline(__always)
func _load<T: EngineScalar>(_ p: UnsafePointer<T>, _ i: Int, _ width: Int) -> SIMD8<T> {
  width == _lanes ? p._vector(i) : _partialLoad(p + i, width)
}

@inlinable @inline(__always)
func _load<T: EngineScalar>(_ p: UnsafeMutablePointer<T>, _ i: Int, _ width: Int) -> SIMD8<T> {
  _load(UnsafePointer(p), i, width)
}

@inlinable @inline(__always)
func _store<T: EngineScalar>(
  _ v: SIMD8<T>, _ p: UnsafeMutablePointer<T>, _ i: Int, _ width: Int
) {
  if width == _lanes { p._store(v, i) } else { _partialStore(v, p + i, width) }
}
