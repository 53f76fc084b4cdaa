/// The wall time written into an export, in whole seconds since 1970-01-01T00:00:00Z.
///
/// Every event's `wall_time` and the event file's name come from this value and never from
/// the clock, so exporting the same results twice gives byte-identical files. Pass the
/// report's fixed date (or the time the experiment finished, if it is recorded).
public struct TensorBoardTimestamp: Sendable, Hashable, Comparable {
  public var secondsSince1970: Int64

  public init(secondsSince1970: Int64) {
    self.secondsSince1970 = secondsSince1970
  }

  /// The name of every event file of an export: `events.out.tfevents.<seconds>.normlab`.
  ///
  /// TensorBoard reads files whose name contains `tfevents`, in name order; TensorFlow's
  /// writers append host name, process id and a counter, normlab appends its own name so the
  /// name stays the same between exports.
  public var eventFileName: String { "events.out.tfevents.\(secondsSince1970).normlab" }

  /// The value of `Event.wall_time`, a double in seconds.
  var wallTime: Double { Double(secondsSince1970) }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }
}
