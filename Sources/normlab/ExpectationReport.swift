import NormlabExperiment

/// How `run` and `merge` tell the user about `expect:` clauses: a failed clause is an error; a
/// noise-aware clause always says what its test found, passed or failed.
enum ExpectationReport {
  /// Prints the clauses; true when one failed.
  static func print(_ expectations: [ExpectationResult], file: String) -> Bool {
    var failed = false
    for expectation in expectations {
      let detail = expectation.message.map { " (\($0))" } ?? ""
      if !expectation.passed {
        failed = true
        Console.error("\(file): error: expectation failed: \(expectation.clause)\(detail)")
      } else if let test = expectation.test {
        if test.isUnderpowered {
          Console.warning("\(file): warning: expectation passed although underpowered: \(expectation.clause)\(detail)")
        } else {
          Swift.print("\(file): expectation holds: \(expectation.clause) (\(test.summary))")
        }
      }
    }
    return failed
  }
}
