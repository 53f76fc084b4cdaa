import Foundation

/// Where normlab talks to the user: progress on stdout, diagnostics on stderr.
enum Console {
  static func error(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
  }

  /// A problem that does not stop the command.
  static func warning(_ message: String) {
    error(message)
  }

  static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
  static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
