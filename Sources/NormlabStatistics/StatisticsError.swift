/// Why a statistic could not be computed from its input. Every routine in this module returns a
/// defined value or one of these; none of them traps on input.
public enum StatisticsError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Fewer usable (finite) values than the statistic needs.
  case notEnoughData(what: String, needed: Int, got: Int)
  /// A confidence level outside the open interval (0, 1).
  case invalidConfidence(Double)
  /// Two sequences that must have one entry per item differ in length.
  case lengthMismatch(what: String, left: Int, right: Int)
  /// A value that must be finite is not (NaN or infinite) at `index`.
  case nonFiniteValue(what: String, index: Int)
  /// A class label outside `0..<classCount` at `index`.
  case labelOutOfRange(index: Int, label: Int, classCount: Int)
  /// An argument outside its documented range.
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .notEnoughData(let what, let needed, let got):
      return "not enough data for \(what): needs at least \(needed) finite value(s), got \(got)"
    case .invalidConfidence(let c):
      return "confidence must be strictly between 0 and 1, got \(c)"
    case .lengthMismatch(let what, let left, let right):
      return "\(what): lengths differ (\(left) and \(right))"
    case .nonFiniteValue(let what, let index):
      return "\(what): value at index \(index) is not finite"
    case .labelOutOfRange(let index, let label, let classCount):
      return "label \(label) at index \(index) is outside 0..<\(classCount)"
    case .invalidArgument(let message):
      return message
    }
  }

  /// Throws `.invalidConfidence` unless `confidence` is in the open interval (0, 1).
  static func check(confidence: Double) throws(StatisticsError) {
    guard confidence > 0, confidence < 1 else { throw .invalidConfidence(confidence) }
  }
}
