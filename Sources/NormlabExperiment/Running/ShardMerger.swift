/// Joins the partial results of `run --shard K/N` into the result one unsharded run gives:
/// runs in plan order, the data sample and provenance of shard 1, expectations evaluated on
/// all runs.
public enum ShardMerger {
  public struct MergeError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public var description: String { "error: \(message)" + (hint.map { "\n    hint: \($0)" } ?? "") }
  }

  /// `partials` pairs each result with the folder it came from, for messages.
  public static func merge(_ partials: [(folder: String, result: ExperimentResult)], options: RunnerOptions = RunnerOptions()) throws(MergeError)
    -> ExperimentResult
  {
    guard let first = partials.first else { throw MergeError(message: "no partial results given") }
    var byShard: [Int: String] = [:]
    var count: Int?
    for (folder, result) in partials {
      guard let shard = result.shard, let spec = ShardSpec.parse(shard) else {
        throw MergeError(
          message: "\(folder) is not a partial result (no `shard` in its metrics.json)",
          hint: "merge joins the folders written by `normlab run --shard K/N`")
      }
      let (k, n) = (spec.index, spec.count)
      if let count, count != n {
        throw MergeError(message: "\(folder) is shard \(shard) but the others are slices of \(count)")
      }
      count = n
      if let other = byShard[k] {
        throw MergeError(message: "\(folder) and \(other) are both shard \(k)/\(n)")
      }
      byShard[k] = folder
      if result.interrupted {
        throw MergeError(message: "\(folder) holds an interrupted run", hint: "run shard \(shard) again")
      }
      // Every shard must hold exactly the runs it was given, as they were written.
      guard let planned = result.plannedRuns, planned >= 0, planned <= ExperimentFile.maxRuns, let digest = result.shardDigest else {
        throw MergeError(
          message: "\(folder) does not say which runs it holds (no `planned_runs` or `shard_digest` in its metrics.json)",
          hint: "run shard \(shard) again with this version of normlab")
      }
      let expected = (0..<planned).filter { spec.contains(planIndex: $0) }.count
      if result.runs.count != expected {
        throw MergeError(
          message: "\(folder) holds \(result.runs.count) runs but shard \(shard) of \(planned) planned runs has \(expected)",
          hint: "a run was removed or added by hand; run shard \(shard) again")
      }
      if MetricsCodec.digest(of: result.runs) != digest {
        throw MergeError(
          message: "\(folder) holds runs that differ from the ones normlab wrote (their checksum does not match)",
          hint: "metrics.json was edited after the run; run shard \(shard) again")
      }
      if let first = partials.first?.result.plannedRuns, first != planned {
        throw MergeError(message: "\(folder) comes from a plan of \(planned) runs but another shard from one of \(first)")
      }
      for (label, same) in [
        ("experiment name", result.experiment == first.result.experiment),
        ("normlab version", result.normlabVersion == first.result.normlabVersion),
        ("variants and their configuration", result.variants == first.result.variants),
        ("seeds", result.seeds == first.result.seeds),
        ("sweep", result.sweepKeys == first.result.sweepKeys),
        ("--quick setting", result.quick == first.result.quick),
        ("report options", result.report == first.result.report),
        ("expect clauses", result.expectClauses == first.result.expectClauses),
      ] where !same {
        throw MergeError(
          message: "\(folder) and \(first.folder) differ in their \(label)",
          hint: "every shard must come from the same experiment file, flags and normlab version")
      }
    }
    let n = count ?? 1
    let missing = (1...n).filter { byShard[$0] == nil }
    guard missing.isEmpty else {
      throw MergeError(
        message: "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(n)" }.joined(separator: ", "))",
        hint: "give the folders of all \(n) shards")
    }
    // Plan order is variants × sweep trials × seeds; rebuild it from those three.
    let variantOrder = Dictionary(uniqueKeysWithValues: first.result.variants.enumerated().map { ($1.name, $0) })
    let seedOrder = Dictionary(first.result.seeds.enumerated().map { ($1, $0) }) { a, _ in a }
    func key(_ run: RunRecord) -> [Int] {
      [variantOrder[run.variant] ?? Int.max, run.trial ?? 0, seedOrder[run.seed] ?? Int.max]
    }
    let runs = partials.flatMap(\.result.runs).sorted { key($0).lexicographicallyPrecedes(key($1)) }
    for (a, b) in zip(runs, runs.dropFirst()) where key(a) == key(b) {
      throw MergeError(message: "run `\(a.variant)` seed \(a.seed)\(a.trial.map { " trial \($0)" } ?? "") appears in two shards")
    }
    let leader = partials.first { ShardSpec.parse($0.result.shard ?? "")?.index == 1 }?.result ?? first.result
    var merged = leader
    merged.shard = nil
    merged.plannedRuns = nil
    merged.shardDigest = nil
    merged.interrupted = false
    merged.runs = runs
    var clauses: [ExpectationClause] = []
    for text in leader.expectClauses ?? [] {
      do {
        clauses.append(try ExpectationClause(parsing: text))
      } catch {
        throw MergeError(message: "cannot read the expect clause `\(text)`: \(error.message)")
      }
    }
    merged.summaries = VariantSummary.compute(merged)
    merged.expectations = ExpectationEvaluator.evaluate(clauses, runs: runs, seeds: merged.seeds, allowUnderpowered: options.allowUnderpowered)
    return merged
  }
}
