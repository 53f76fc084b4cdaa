import RealModule

extension Array {
  /// Calls `body` with a pointer to the elements; an empty array gets an aligned dangling
  /// pointer that is never read (no allocation), so callers need no force unwrap.
  @inlinable
  func _withPointer<R>(_ body: (UnsafePointer<Element>) throws -> R) rethrows -> R {
    try withUnsafeBufferPointer { buffer in
      if let base = buffer.baseAddress { return try body(base) }
      if let dangling = UnsafePointer<Element>(bitPattern: MemoryLayout<Element>.alignment) {
        return try body(dangling)
      }
      let placeholder = UnsafeMutablePointer<Element>.allocate(capacity: 1)
      defer { placeholder.deallocate() }
      return try body(placeholder)
    }
  }

  @inlinable
  mutating func _withMutablePointer<R>(_ body: (UnsafeMutablePointer<Element>) throws -> R)
    rethrows -> R
  {
    try withUnsafeMutableBufferPointer { buffer in
      if let base = buffer.baseAddress { return try body(base) }
      if let dangling = UnsafeMutablePointer<Element>(bitPattern: MemoryLayout<Element>.alignment) {
        return try body(dangling)
      }
      let placeholder = UnsafeMutablePointer<Element>.allocate(capacity: 1)
      defer { placeholder.deallocate() }
      return try body(placeholder)
    }
  }
}
