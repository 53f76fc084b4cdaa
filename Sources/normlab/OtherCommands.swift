import ArgumentParser
import Foundation
import NormlabEngine
import NormlabExperiment
import NormlabReport

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report", abstract: "Re-render a report from its metrics.json, without training.")

  @Argument(help: "A report folder written by `normlab run`.")
  var resultsDirectory: String

  @Option(help: "Comma-separated formats to write: pdf, png, svg, md.")
  var format: String = "pdf,png,svg,md"

  func validate() throws {
    let known: Set<String> = ["pdf", "png", "svg", "md"]
    for f in format.split(separator: ",") where !known.contains(String(f)) {
      throw ValidationError("unknown format `\(f)`; formats are pdf, png, svg, md")
    }
  }

  func run() throws {
    do {
      try render()
    } catch let failure as Failure {
      // Already printed; only the exit code is left to give.
      throw ExitCode(failure.code)
    }
  }

  func render() throws {
    let folder = URL(fileURLWithPath: resultsDirectory)
    let metricsPath = folder.appendingPathComponent("metrics.json").path
    let bytes = try Files.read(metricsPath, what: "metrics file")
    let result: ExperimentResult
    do {
      result = try MetricsCodec.decode(bytes, file: metricsPath)
    } catch {
      Console.error(error.description)
      throw ExitCode(ExitStatus.badInput)
    }
    // Files this command does not regenerate are carried over unchanged.
    var keep: [(String, [UInt8])] = []
    let fm = FileManager.default
    if let enumerator = fm.enumerator(atPath: folder.path) {
      for case let path as String in enumerator {
        let full = folder.appendingPathComponent(path).path
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
          let data = fm.contents(atPath: full)
        {
          keep.append((path, Array(data)))
        }
      }
    }
    let formats = Set(format.split(separator: ",").map(String.init))
    try ReportWriter.write(result, experiment: nil, to: folder, formats: formats, keep: keep)
    print("wrote \(folder.path)")
  }
}

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Validate experiment files without training.")

  @Argument(help: "Experiment files (YAML).")
  var files: [String]

  @Option(name: .customLong("set"), help: "Override one key of every variant.")
  var overrides: [String] = []

  func run() throws {
    var failed = false
    for file in files {
      do {
        let experiment = try Workspace.loadExperiment(file, overrides: overrides)
        _ = try ExperimentRunner.prepare(experiment, reader: Workspace.reader(for: file), options: RunnerOptions(quick: false))
        let runs = experiment.plan().count
        print("\(file): ok (\(experiment.variants.count) variants, \(runs) runs)")
      } catch let error as RunError {
        Console.error(error.description)
        failed = true
      } catch {
        failed = true
      }
    }
    if failed { throw ExitCode(ExitStatus.badInput) }
  }
}

struct GradcheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gradcheck",
    abstract: "Compare back-propagated gradients with central differences for each variant's network.")

  @Argument(help: "An experiment file (YAML).")
  var file: String

  @Option(help: "Check only this variant.")
  var variant: String?

  @Option(help: "Samples in the checked batch.")
  var samples: Int = 16

  static let threshold = 1e-7

  func run() throws {
    let experiment = try Workspace.loadExperiment(file, overrides: [])
    var variants = experiment.variants
    if let variant {
      variants = variants.filter { $0.name == variant }
      if variants.isEmpty {
        Console.error("\(file): error: no variant named `\(variant)`; variants are \(experiment.variants.map(\.name).joined(separator: ", "))")
        throw ExitCode(ExitStatus.badInput)
      }
    }
    var failed = false
    for variant in variants {
      var values = experiment.values(of: variant)
      if let current = values["data.samples"]?.intValue { values["data.samples"] = .int(min(current, 200)) }
      let data: LoadedData
      do {
        data = try DataLoader.load(DataConfig(values: values), reader: Workspace.reader(for: file))
      } catch {
        Console.error(error.description)
        throw ExitCode(ExitStatus.badInput)
      }
      let configuration = RunConfiguration(values: values, featureCount: data.train.featureCount, classCount: data.classCount)
      let batch = data.train.subset(Array(0..<min(max(samples, 2), data.train.count))).converted(to: Double.self)
      let result = GradientCheck.run(spec: configuration.network, data: batch, seed: experiment.seeds.first ?? 1)
      let passed = result.relativeDifference < Self.threshold
      if !passed { failed = true }
      let verdict = passed ? "ok" : "FAILED"
      print(String(format: "%@: relative difference %.3e over %d of %d parameters — %@", variant.name, result.relativeDifference, result.checkedParameters, result.totalParameters, verdict))
      if !passed, let worst = result.worst {
        print("  worst: layer \(worst.layer) \(worst.tensor)[\(worst.index)] analytic \(worst.analytic) numeric \(worst.numeric)")
      }
    }
    if failed { throw ExitCode(ExitStatus.expectationFailed) }
  }
}

struct NewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "new", abstract: "Write a commented starter experiment to experiments/NAME.yaml.")

  @Argument(help: "A starter from templates/starters (see `normlab list`).")
  var template: String

  @Argument(help: "Name of the new experiment.")
  var name: String

  func validate() throws {
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
      throw ValidationError("NAME may only contain letters, digits, `-` and `_`")
    }
  }

  func run() throws {
    guard let templates = Files.templatesDirectory() else {
      Console.error("error: cannot find the templates folder")
      throw ExitCode(ExitStatus.internalFailure)
    }
    let starters = templates.appendingPathComponent("starters")
    let source = starters.appendingPathComponent("\(template).yaml")
    guard template.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
      FileManager.default.fileExists(atPath: source.path)
    else {
      let known = ((try? FileManager.default.contentsOfDirectory(atPath: starters.path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
      Console.error("error: unknown starter `\(template)`\n    hint: starters are \(known.joined(separator: ", "))")
      throw ExitCode(ExitStatus.badInput)
    }
    let destination = URL(fileURLWithPath: "experiments").appendingPathComponent("\(name).yaml")
    guard !FileManager.default.fileExists(atPath: destination.path) else {
      Console.error("\(destination.path): error: already exists; choose another NAME or delete it")
      throw ExitCode(ExitStatus.badInput)
    }
    var text = try Files.readText(source.path, what: "starter")
    text = text.replacingOccurrences(of: "{{name}}", with: name)
    do {
      try FileManager.default.createDirectory(atPath: "experiments", withIntermediateDirectories: true)
      let temporary = destination.deletingLastPathComponent().appendingPathComponent(".\(name).yaml.tmp")
      try Data(text.utf8).write(to: temporary)
      try FileManager.default.moveItem(at: temporary, to: destination)
    } catch {
      Console.error("\(destination.path): error: cannot write: \(Files.describe(error))")
      throw ExitCode(ExitStatus.badInput)
    }
    print("wrote \(destination.path)")
  }
}

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
    print("datasets:        \(Schema.datasets.joined(separator: ", "))")
    var templates: [String] = []
    var starters: [String] = []
    if let folder = Files.templatesDirectory() {
      let fm = FileManager.default
      templates = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
        fm.fileExists(atPath: folder.appendingPathComponent($0).appendingPathComponent("layout.yaml").path)
      }.sorted()
      starters = ((try? fm.contentsOfDirectory(atPath: folder.appendingPathComponent("starters").path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }
    print("report templates: \(templates.joined(separator: ", "))")
    print("starters (new):  \(starters.joined(separator: ", "))")
    print("activations:     \(Activation.allCases.map(\.rawValue).joined(separator: ", "))")
    print("outputs:         sigmoid, softmax, linear")
    print("initializations: \(InitializerKind.allCases.map(\.rawValue).joined(separator: ", "))")
    print("optimizers:      \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))")
    print("schedules:       \(ScheduleKind.allCases.map(\.rawValue).joined(separator: ", "))")
    print("charts:          \(ChartName.all.joined(separator: ", "))")
  }
}
