/// The contract's exit codes, as CI scripts read them.
enum ExitStatus {
  static let success: Int32 = 0
  /// An `expect:` clause failed (or gradcheck failed).
  static let expectationFailed: Int32 = 1
  /// Bad input: a file, flag, key, value or data file; or an output that would replace
  /// something normlab did not write.
  static let badInput: Int32 = 2
  /// An internal failure, or an interrupted run.
  static let internalFailure: Int32 = 3
  /// The report could not be written (disk full, read-only folder, permission denied): the
  /// input was fine, so a retry elsewhere may succeed.
  static let writeFailed: Int32 = 4
}

/// A failure already printed where it happened; carries only the exit code.
struct Failure: Error {
  var code: Int32
}
