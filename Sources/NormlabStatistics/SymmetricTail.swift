/// Inverting the survival function of a distribution symmetric about 0 (normal, Student t).
enum SymmetricTail {
  /// The x with P(X > x) = q, from `upperPoint`, which inverts the upper tail for q < 0.5: the
  /// lower half is its mirror image, so the small tail keeps all its precision.
  static func inverseSurvival(_ q: Double, upperPoint: (Double) -> Double) -> Double {
    guard q >= 0, q <= 1 else { return .nan }
    if q == 0 { return .infinity }
    if q == 1 { return -.infinity }
    if q == 0.5 { return 0 }
    if q > 0.5 { return -upperPoint(1 - q) }  // 1 − q is exact for q in [0.5, 1].
    return upperPoint(q)
  }
}
