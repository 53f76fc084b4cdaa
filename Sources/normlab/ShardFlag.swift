import ArgumentParser
import Foundation
import NormlabExperiment

/// `--shard K/N` or `--shard auto` (the scheduler's environment, see `ShardEnvironment`).
enum ShardFlag {
  static let help = "Run only the K-th of N slices of the runs (e.g. 2/4), or `auto` for the slice the scheduler's environment names (GitHub matrix via NORMLAB_SHARD_INDEX/NORMLAB_SHARD_COUNT, GitLab parallel, Slurm array, Kubernetes indexed Job); combine results with `normlab merge`."

  /// Checks the flags' shape before anything is read.
  static func validate(_ text: String?, count: Int?) throws {
    if let text, text != "auto", ShardSpec.parse(text) == nil {
      throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N ≤ \(ShardSpec.maxCount), e.g. 2/4, or auto")
    }
    if let count {
      guard text == "auto" else { throw ValidationError("--shard-count goes with --shard auto") }
      guard (1...ShardSpec.maxCount).contains(count) else {
        throw ValidationError("--shard-count must be 1 to \(ShardSpec.maxCount)")
      }
    }
  }

  /// The slice to run; for `auto`, from the environment, with a line saying where it came from.
  /// A missing or inconsistent environment is bad input (exit 2).
  static func resolve(_ text: String?, count: Int?) throws(Failure) -> ShardSpec? {
    guard let text else { return nil }
    guard text == "auto" else { return ShardSpec.parse(text) }
    do {
      let resolved = try ShardEnvironment.resolve(ProcessInfo.processInfo.environment, countOption: count)
      print("shard \(resolved.spec) (from \(resolved.source))")
      return resolved.spec
    } catch {
      Console.error(error.description)
      throw Failure(code: ExitStatus.badInput)
    }
  }
}
