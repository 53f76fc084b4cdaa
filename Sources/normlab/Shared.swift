import ArgumentParser
import Foundation
import NormlabExperiment
import NormlabReport

/// Reading experiments, templates and provenance, shared by the commands.
enum Workspace {
  /// Parses and validates one experiment file; prints every diagnostic and fails with exit 2.
  static func loadExperiment(_ path: String, overrides: [String]) throws(Failure) -> ExperimentFile {
    let bytes = try Files.read(path, what: "experiment file")
    let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    do {
      return try ExperimentParser.parse(bytes: bytes, file: path, defaultName: stem, overrides: overrides)
    } catch {
      Console.error(error.description)
      let count = error.diagnostics.count
      Console.error("\(count) error\(count == 1 ? "" : "s") in \(path)")
      throw Failure(code: ExitStatus.badInput)
    }
  }

  static func reader(for path: String) -> ExperimentFolderReader {
    ExperimentFolderReader(
      folder: URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL,
      shownFolder: (path as NSString).deletingLastPathComponent)
  }

  /// The layout and summary template named by the result's `report.template`.
  static func reportSettings(for result: ExperimentResult, formats: Set<String>) throws(Failure) -> ReportSettings {
    guard let folder = Files.templatesDirectory() else {
      Console.error("error: cannot find the report templates (templates/default/layout.yaml)\n    hint: run from the normlab checkout, or set NORMLAB_TEMPLATES to its templates folder")
      throw Failure(code: ExitStatus.internalFailure)
    }
    let name = result.report.template
    guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
      Console.error("error: template name `\(name)` may only contain letters, digits, `-` and `_`")
      throw Failure(code: ExitStatus.badInput)
    }
    let layoutPath = folder.appendingPathComponent(name).appendingPathComponent("layout.yaml").path
    guard FileManager.default.fileExists(atPath: layoutPath) else {
      let known = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).appendingPathComponent("layout.yaml").path)
      }.sorted() ?? []
      Console.error("error: unknown report template `\(name)`\n    hint: templates are \(known.joined(separator: ", "))")
      throw Failure(code: ExitStatus.badInput)
    }
    let layoutText = try Files.readText(layoutPath, what: "report layout")
    let layout: ReportLayout
    do {
      layout = try ReportLayout.parse(text: layoutText, file: layoutPath, name: name)
    } catch {
      Console.error(error.description)
      throw Failure(code: ExitStatus.badInput)
    }
    var summaryPath = folder.appendingPathComponent(name).appendingPathComponent("summary.md.mustache").path
    if !FileManager.default.fileExists(atPath: summaryPath) {
      summaryPath = folder.appendingPathComponent("default/summary.md.mustache").path
    }
    let summary = try Files.readText(summaryPath, what: "summary template")
    return ReportSettings(
      layout: layout, summaryTemplate: summary, date: result.date ?? Provenance.fallbackDate,
      gitCommit: result.commit, formats: formats)
  }
}

/// Where a report says it came from, chosen so reruns are byte-identical.
enum Provenance {
  static let fallbackDate = "2000-01-01T00:00:00Z"

  /// SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else the date of the
  /// checkout's last commit, else a fixed date; never the wall clock.
  static func date(commitTime: Int?) -> String {
    if let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = Int(text) {
      return iso8601(seconds)
    }
    if let commitTime { return iso8601(commitTime) }
    return fallbackDate
  }

  static func iso8601(_ seconds: Int) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }

  /// (short hash, commit time) of HEAD in the current folder's repository, if any.
  static func gitHead() -> (String, Int)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "log", "-1", "--format=%h %ct"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
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
