import ArgumentParser
import Foundation
import NormlabEngine
import NormlabExperiment

struct GradcheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gradcheck",
    abstract: "Compare back-propagated gradients with central differences for each variant's network.")

  @Argument(help: "An experiment file (YAML).")
  var file: String

  @Option(help: "Check only this variant.")
  var variant: String?

  @Option(help: "Samples in the checked batch (2 to 256).")
  var samples: Int = 16

  static let threshold = 1e-7

  func validate() throws {
    guard (2...256).contains(samples) else { throw ValidationError("--samples must be 2 to 256") }
  }

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
      var settings = experiment.settings(of: variant)
      settings.data.samples = min(settings.data.samples, 200)
      let data: LoadedData
      do {
        data = try DataLoader.load(settings.data, reader: ExperimentDataReader(experimentFile: file))
      } catch {
        Console.error(error.description)
        throw ExitCode(ExitStatus.badInput)
      }
      let configuration = RunConfiguration(settings: settings, featureCount: data.train.featureCount, classCount: data.classCount)
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
