import ArgumentParser
import NormlabEngine
import NormlabExperiment

struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List datasets, templates, initializations, optimizers, schedules and charts.")

  @Flag(help: "Print the experiment-file reference (docs/experiment-file.md) instead.")
  var schema = false

  func run() throws {
    if schema {
      print(SchemaDocs.markdown(), terminator: "")
      return
    }
    let library = TemplateLibrary.current()
    let rows: [(String, [String])] = [
      ("datasets", Schema.datasets), ("report templates", library.templateNames),
      ("starters (new)", library.starterNames), ("activations", Activation.allCases.map(\.rawValue)),
      ("outputs", ["sigmoid", "softmax", "linear"]), ("initializations", InitializerKind.allCases.map(\.rawValue)),
      ("optimizers", OptimizerKind.allCases.map(\.rawValue)), ("schedules", ScheduleKind.allCases.map(\.rawValue)),
      ("charts", ChartName.all),
    ]
    // Values start in one column, after the longest label.
    let width = (rows.map(\.0.count).max() ?? 0) + 2
    for (label, values) in rows {
      let head = label + ":"
      print(head + String(repeating: " ", count: width - head.count) + values.joined(separator: ", "))
    }
  }
}
