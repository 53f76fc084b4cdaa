import Foundation
import NormlabExperiment
import NormlabReport

/// Report layouts, summary templates and starters: a folder named by `NORMLAB_TEMPLATES`, then
/// the project's own `templates/` (in the working folder), then the set built into the binary,
/// so a copied executable is complete and a project can still override any file.
struct TemplateLibrary {
  let folders: [URL]

  static func current() -> TemplateLibrary {
    var folders: [URL] = []
    if let env = ProcessInfo.processInfo.environment["NORMLAB_TEMPLATES"], !env.isEmpty {
      folders.append(URL(fileURLWithPath: env))
    }
    folders.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("templates"))
    return TemplateLibrary(folders: folders)
  }

  /// The file's text and where it came from (a path, or "built-in"), or nil when no source has it.
  func file(_ relative: String) throws(Failure) -> (text: String, origin: String)? {
    for folder in folders {
      let path = folder.appendingPathComponent(relative).path
      if FileManager.default.fileExists(atPath: path) {
        return (try InputFile.readText(path, what: "template file"), path)
      }
    }
    return BuiltinTemplates.files[relative].map { ($0, "built-in \(relative)") }
  }

  private func names(where matches: (String) -> String?) -> [String] {
    var found = Set(BuiltinTemplates.files.keys.compactMap(matches))
    for folder in folders {
      guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { continue }
      for case let path as String in enumerator {
        if let name = matches(path) { found.insert(name) }
      }
    }
    return found.sorted()
  }

  /// Report templates: folders holding a `layout.yaml`.
  var templateNames: [String] {
    names { path in
      let parts = path.split(separator: "/")
      return parts.count == 2 && parts[1] == "layout.yaml" ? String(parts[0]) : nil
    }
  }

  /// Starters for `normlab new`: `starters/NAME.yaml`.
  var starterNames: [String] {
    names { path in
      let parts = path.split(separator: "/")
      return parts.count == 2 && parts[0] == "starters" && parts[1].hasSuffix(".yaml") ? String(parts[1].dropLast(5)) : nil
    }
  }

  static func isValidName(_ name: String) -> Bool {
    !name.isEmpty && name.count <= 64 && name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" }
  }

  /// Why `name` cannot be used as a report template, or nil when it can.
  func problem(withTemplate name: String) -> String? {
    guard Self.isValidName(name) else { return "template name `\(name)` may only contain letters, digits, `-` and `_`" }
    let known = templateNames
    if known.contains(name) { return nil }
    return "unknown report template `\(name)`; templates are \(known.joined(separator: ", "))"
  }

  /// The parsed layout and summary template of `name`.
  func report(_ name: String) throws(Failure) -> (layout: ReportLayout, summary: String) {
    if let problem = problem(withTemplate: name) {
      Console.error("error: \(problem)")
      throw Failure(code: ExitStatus.badInput)
    }
    guard let (layoutText, origin) = try file("\(name)/layout.yaml") else {
      Console.error("error: unknown report template `\(name)`")
      throw Failure(code: ExitStatus.badInput)
    }
    let layout: ReportLayout
    do {
      layout = try ReportLayout.parse(text: layoutText, file: origin, name: name)
    } catch {
      Console.error(error.description)
      throw Failure(code: ExitStatus.badInput)
    }
    var summary = try file("\(name)/summary.md.mustache")
    if summary == nil { summary = try file("default/summary.md.mustache") }
    guard let summary else {
      Console.error("error: no summary template (default/summary.md.mustache)")
      throw Failure(code: ExitStatus.internalFailure)
    }
    return (layout, summary.text)
  }
}
