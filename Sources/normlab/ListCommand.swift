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
    print("datasets:        \(Schema.datasets.joined(separator: ", "))")
    print("report templates: \(library.templateNames.joined(separator: ", "))")
    print("starters (new):  \(library.starterNames.joined(separator: ", "))")
    print("activations:     \(Activation.allCases.map(\.rawValue).joined(separator: ", "))")
    print("outputs:         sigmoid, softmax, linear")
    print("initializations: \(InitializerKind.allCases.map(\.rawValue).joined(separator: ", "))")
    print("optimizers:      \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))")
    print("schedules:       \(ScheduleKind.allCases.map(\.rawValue).joined(separator: ", "))")
    print("charts:          \(ChartName.all.joined(separator: ", "))")
  }
}
