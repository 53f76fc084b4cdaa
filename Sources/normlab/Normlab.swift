import ArgumentParser
import Foundation
import NormlabExperiment

/// normlab: declarative experiments in, trained comparisons and finished reports out.
@main
struct Normlab: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "normlab",
    abstract: "Train the comparisons an experiment file describes and write a report.",
    version: normlabVersion,
    subcommands: [
      RunCommand.self, ReportCommand.self, HandoutCommand.self, CheckCommand.self, GradcheckCommand.self,
      NewCommand.self, ListCommand.self, CompareCommand.self, MergeCommand.self, BenchCommand.self,
      CacheCommand.self, ExportCommand.self,
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
