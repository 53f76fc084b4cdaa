import ArgumentParser
import Foundation
import NormlabExperiment

/// `run`'s run-cache flags: where finished runs are kept, or that none are.
struct RunCacheOptions: ParsableArguments {
  @Option(
    name: .customLong("cache"),
    help: ArgumentHelp(
      "Folder of the run cache (default: NORMLAB_CACHE, else .normlab-cache next to each experiment file).",
      valueName: "dir"))
  var folder: String?

  @Flag(name: .customLong("no-cache"), help: "Train every run; neither read nor write the run cache.")
  var disabled = false

  func validate() throws {
    if disabled && folder != nil { throw ValidationError("--cache and --no-cache exclude each other") }
  }

  /// The store for one experiment, or nil when the cache is off or cannot be created (a
  /// warning says so; the runs are trained). A folder that is not a run cache, or that
  /// overlaps the report folder, is bad input (exit 2).
  func store(for plan: ExperimentPlan) throws(Failure) -> FileRunStore? {
    guard
      let url = RunCacheFolder.location(
        flag: folder, disabled: disabled, environment: ProcessInfo.processInfo.environment,
        experimentFile: plan.file)
    else { return nil }
    let cache = RunCacheFolder(url)
    let shown = folder ?? ProcessInfo.processInfo.environment["NORMLAB_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
      ?? ((plan.file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(RunCacheFolder.defaultName)
    if InputFile.overlap(cache.root.path, plan.destination.destination.path) {
      Console.error("\(shown): error: the run cache and the report folder \(plan.destination.destination.path) overlap\n    hint: choose another --cache or --out")
      throw Failure(code: ExitStatus.badInput)
    }
    do {
      try cache.open()
    } catch {
      switch error {
      case .foreign(let reason):
        Console.error("\(shown): error: \(reason); normlab keeps its run cache only in a folder it made\n    hint: choose another --cache, or --no-cache")
        throw Failure(code: ExitStatus.badInput)
      case .unwritable(let reason):
        Console.warning("\(shown): warning: cannot create the run cache: \(reason); runs are not cached")
        return nil
      }
    }
    return FileRunStore(folder: cache, shown: shown)
  }
}
