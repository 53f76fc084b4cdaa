import Foundation

/// Where a report says it came from, chosen so reruns are byte-identical: never the wall clock,
/// and nothing at all where nothing is known.
enum Provenance {
  /// SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else the date of the last
  /// commit of the repository holding the experiment, else unknown (the report shows no date).
  static func date(commitTime: Int?) -> String? {
    if let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Int(text) {
      return iso8601(seconds)
    }
    return commitTime.map(iso8601)
  }

  static func iso8601(_ seconds: Int) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }

  /// (short hash, commit time) of HEAD in the git repository that holds `folder`, if any.
  static func gitHead(of folder: URL) -> (commit: String, time: Int)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", folder.path, "log", "-1", "--format=%h %ct"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
      let parts = String(data: data, encoding: .utf8)?.split(separator: " "), parts.count == 2,
      let time = Int(parts[1].trimmingCharacters(in: .whitespacesAndNewlines))
    else { return nil }
    return (String(parts[0]), time)
  }
}
