import ArgumentParser
import Foundation

struct NewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "new", abstract: "Write a commented starter experiment to experiments/NAME.yaml.")

  @Argument(help: "A starter (see `normlab list`).")
  var template: String

  @Argument(help: "Name of the new experiment.")
  var name: String

  func validate() throws {
    guard TemplateLibrary.isValidName(name) else {
      throw ValidationError("NAME may only contain letters, digits, `-` and `_` (at most 64)")
    }
  }

  func run() throws {
    let library = TemplateLibrary.current()
    guard TemplateLibrary.isValidName(template), let (starter, _) = try library.file("starters/\(template).yaml") else {
      Console.error("error: unknown starter `\(template)`\n    hint: starters are \(library.starterNames.joined(separator: ", "))")
      throw ExitCode(ExitStatus.badInput)
    }
    let destination = URL(fileURLWithPath: "experiments").appendingPathComponent("\(name).yaml")
    let text = starter.replacingOccurrences(of: "{{name}}", with: name)
    do {
      try FileManager.default.createDirectory(atPath: "experiments", withIntermediateDirectories: true)
    } catch {
      Console.error("experiments: error: cannot create the folder: \(FileWriter.describe(error))")
      throw ExitCode(ExitStatus.writeFailed)
    }
    let temporary = destination.deletingLastPathComponent().appendingPathComponent(".\(name).yaml.tmp-\(getpid())")
    do {
      try FileWriter.write(Array(text.utf8), to: temporary.path)
    } catch {
      unlink(temporary.path)
      Console.error("\(destination.path): error: cannot write: \(FileWriter.describe(error))")
      throw ExitCode(ExitStatus.writeFailed)
    }
    // link() refuses an existing name, so a file that appeared meanwhile is never replaced.
    let linked = link(temporary.path, destination.path)
    let linkError = errno
    unlink(temporary.path)
    guard linked == 0 else {
      if linkError == EEXIST {
        Console.error("\(destination.path): error: already exists; choose another NAME or delete it")
        throw ExitCode(ExitStatus.badInput)
      }
      Console.error("\(destination.path): error: cannot write: \(String(cString: strerror(linkError)))")
      throw ExitCode(ExitStatus.writeFailed)
    }
    print("wrote \(destination.path)")
  }
}
