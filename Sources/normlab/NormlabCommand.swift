import ArgumentParser
import Foundation

/// normlab: declarative experiments in, trained comparisons and finished reports out.
@main
struct Normlab: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "normlab",
    abstract: "Train the comparisons an experiment file describes and write a report.",
    version: "0.1.0",
    subcommands: [
      RunCommand.self, ReportCommand.self, CheckCommand.self, GradcheckCommand.self,
      NewCommand.self, ListCommand.self, CompareCommand.self, MergeCommand.self, BenchCommand.self,
    ])

  /// Maps every failure to the contract's exit codes: usage errors are bad input (2).
  static func main() {
    // A file-size limit (ulimit -f) must fail the write with EFBIG and a message, not kill
    // the process with SIGXFSZ and leave the staging folder behind.
    signal(SIGXFSZ, SIG_IGN)
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let exit as ExitCode {
      Foundation.exit(exit.rawValue)
    } catch let failure as Failure {
      // Already reported where it happened; only the exit code is left to give.
      Foundation.exit(failure.code)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      Console.error(fullMessage(for: error))
      Foundation.exit(code == .validationFailure ? ExitStatus.badInput : ExitStatus.internalFailure)
    }
  }
}

/// The contract's exit codes.
enum ExitStatus {
  static let success: Int32 = 0
  static let expectationFailed: Int32 = 1
  static let badInput: Int32 = 2
  static let internalFailure: Int32 = 3
}

enum Console {
  static func error(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
  }

  static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}
