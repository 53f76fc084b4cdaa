import Foundation
import NormlabEngine
import Synchronization
import Testing

@testable import NormlabExperiment

/// Keeps entries as bytes in memory, as the CLI keeps them in files, and counts what happens.
final class MemoryRunStore: RunStore, Sendable {
  struct State {
    var entries: [String: [UInt8]] = [:]
    var lookups = 0
    var hits = 0
    var stores = 0
  }
  let state = Mutex(State())

  func lookup(_ key: RunKey) -> RunRecord? {
    state.withLock { s in
      s.lookups += 1
      guard let bytes = s.entries[key.digest], let record = try? RunCacheEntry.decode(bytes, key: key) else { return nil }
      s.hits += 1
      return record
    }
  }

  func store(_ record: RunRecord, under key: RunKey) {
    guard let bytes = try? RunCacheEntry.encode(record, key: key) else { return }
    state.withLock { s in
      s.entries[key.digest] = bytes
      s.stores += 1
    }
  }
}

/// Data files served from memory.
struct MemoryReader: DataFileReader {
  var files: [String: [UInt8]]
  func read(_ path: String) throws(DataError) -> [UInt8] {
    guard let bytes = files[path] else { throw DataError(file: path, message: "not found") }
    return bytes
  }
}

@Suite struct RunCacheTests {
  static let text = """
    seeds: [1, 2]
    data: { dataset: moons, samples: 120 }
    model: { layers: [6] }
    train: { epochs: 2, batch_size: 24 }
    variants:
      plain: { label: "plain" }
      bn: { model.batch_norm: true, color: "#ff0000" }
    """

  static func prepared(_ text: String = text, quick: Bool = false, reader: (any DataFileReader)? = nil) throws
    -> (ExperimentFile, [PreparedRun])
  {
    let experiment = try ExperimentParser.parse(text: text, file: "cache.yaml", defaultName: "cache")
    return (experiment, try ExperimentRunner.prepare(experiment, reader: reader, options: RunnerOptions(quick: quick)))
  }

  static func digest(_ run: PreparedRun, build: FloatingPointBuild = .current) throws -> String {
    try #require(RunKey(run, build: build)).digest
  }

  @Test func theKeyIsStableAndIgnoresLabelsAndColours() throws {
    let (_, runs) = try Self.prepared()
    let (_, again) = try Self.prepared()
    #expect(try runs.map { try Self.digest($0) } == again.map { try Self.digest($0) })
    #expect(Set(try runs.map { try Self.digest($0) }).count == 4, "every variant and seed has its own key")
    let relabelled = Self.text.replacingOccurrences(of: "label: \"plain\"", with: "label: \"other\"")
      .replacingOccurrences(of: "#ff0000", with: "#00ff00")
    let (_, renamed) = try Self.prepared(relabelled)
    #expect(try runs.map { try Self.digest($0) } == renamed.map { try Self.digest($0) })
  }

  @Test func theKeyCoversEverythingThatChangesAResult() throws {
    let (_, runs) = try Self.prepared()
    let base = runs[0]
    let reference = try Self.digest(base)
    var changed: [String: PreparedRun] = [:]
    var seed = base
    seed.run.seed = 99
    changed["seed"] = seed
    var trial = base
    trial.run.trial = 3
    changed["trial"] = trial
    var setting = base
    setting.run.settings.train.l2 = 0.5
    changed["a setting"] = setting
    var engine = base
    engine.configuration.training.steps = 7
    changed["the engine configuration (--quick's step limit)"] = engine
    var data = base
    data.data.fingerprint = ContentDigest.sha256(Array("other data".utf8))
    changed["the data"] = data
    for (what, run) in changed {
      #expect(try Self.digest(run) != reference, "changing \(what) must change the key")
    }
    var build = FloatingPointBuild.current
    build.blasCore = build.blasCore == "Haswell" ? "SkylakeX" : "Haswell"
    #expect(try Self.digest(base, build: build) != reference, "another BLAS kernel must change the key")
    var optimisation = FloatingPointBuild.current
    optimisation.optimization = optimisation.optimization == "debug" ? "release" : "debug"
    #expect(try Self.digest(base, build: optimisation) != reference)
    // --quick changes the settings and the step limit.
    let (_, quick) = try Self.prepared(quick: true)
    #expect(try Self.digest(quick[0]) != reference)
  }

  @Test func theDataFingerprintFollowsTheFileBytes() throws {
    let text = "seeds: [1]\ndata: { dataset: csv, path: d.csv }\nmodel: { layers: [2] }\ntrain: { epochs: 1 }\n"
    let csv = Array("a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,1,0\n2,3,1\n".utf8)
    var edited = csv
    edited[10] = UInt8(ascii: "9")  // the first feature of the first row: 1 -> 9
    let (_, one) = try Self.prepared(text, reader: MemoryReader(files: ["d.csv": csv]))
    let (_, same) = try Self.prepared(text, reader: MemoryReader(files: ["d.csv": csv]))
    let (_, other) = try Self.prepared(text, reader: MemoryReader(files: ["d.csv": edited]))
    #expect(one[0].data.fingerprint.count == 64)
    #expect(one[0].data.fingerprint == same[0].data.fingerprint)
    #expect(one[0].data.fingerprint != other[0].data.fingerprint)
    #expect(try Self.digest(one[0]) != Self.digest(other[0]))
    let (_, generated) = try Self.prepared()
    #expect(generated[0].data.fingerprint != one[0].data.fingerprint)
  }

  @Test func anEntryGivesBackTheRecordItHolds() throws {
    let (experiment, runs) = try Self.prepared()
    let result = ExperimentRunner.execute(experiment, prepared: runs, options: RunnerOptions(jobs: 2))
    for (run, record) in zip(runs, result.runs) {
      let key = try #require(RunKey(run))
      let bytes = try RunCacheEntry.encode(record, key: key)
      let decoded = try RunCacheEntry.decode(bytes, key: key)
      #expect(decoded == record)
      #expect(MetricsCodec.digest(of: [decoded]) == MetricsCodec.digest(of: [record]))
      #expect(try RunCacheEntry.verify(bytes, digest: key.digest) == key.canonical)
    }
  }

  @Test func damagedEntriesAreRefused() throws {
    let (experiment, runs) = try Self.prepared()
    let result = ExperimentRunner.execute(experiment, prepared: Array(runs.prefix(2)), options: RunnerOptions())
    let key = try #require(RunKey(runs[0]))
    let otherKey = try #require(RunKey(runs[1]))
    let bytes = try RunCacheEntry.encode(result.runs[0], key: key)
    func problem(_ bytes: [UInt8], _ key: RunKey) -> RunCacheEntry.Problem? {
      do {
        _ = try RunCacheEntry.decode(bytes, key: key)
        return nil
      } catch { return error }
    }
    var flipped = bytes
    flipped[bytes.count - 40] ^= 0x01
    #expect(problem(flipped, key) == .checksumMismatch)
    #expect(problem(Array(bytes.prefix(bytes.count - 100)), key) == .checksumMismatch)
    #expect(problem(Array(bytes.prefix(30)), key) == .notAnEntry)
    #expect(problem([], key) == .notAnEntry)
    #expect(problem(Array("{\"runs\": []}\n".utf8), key) == .notAnEntry)
    #expect(problem(bytes, otherKey) == .keyMismatch, "an entry filed under another key is not served")
    // An edit that recomputes the checksum but breaks the record is caught by the checks
    // a metrics.json gets.
    let edited = try RunCacheEntry.encode(
      { var r = result.runs[0]; r.history.step.removeLast(); return r }(), key: key)
    guard case .malformed(let why) = problem(edited, key) else {
      Issue.record("an inconsistent record must be refused")
      return
    }
    #expect(why.contains("series of different lengths"), "\(why)")
  }

  @Test func executeReusesStoredRunsAndGivesTheSameResult() throws {
    let (experiment, runs) = try Self.prepared()
    let store = MemoryRunStore()
    let first = ExperimentRunner.execute(experiment, prepared: runs, options: RunnerOptions(jobs: 2), store: store)
    #expect(store.state.withLock { ($0.lookups, $0.hits, $0.stores) } == (4, 0, 4))
    let second = ExperimentRunner.execute(experiment, prepared: runs, options: RunnerOptions(jobs: 2), store: store)
    #expect(store.state.withLock { ($0.lookups, $0.hits, $0.stores) } == (8, 4, 4))
    #expect(try MetricsCodec.json(second) == MetricsCodec.json(first))

    // One variant changed: only its two runs train again.
    let changed = Self.text.replacingOccurrences(of: "bn: { model.batch_norm: true", with: "bn: { model.batch_norm: true, train.l2: 0.01")
    let (changedExperiment, changedRuns) = try Self.prepared(changed)
    let third = ExperimentRunner.execute(changedExperiment, prepared: changedRuns, options: RunnerOptions(jobs: 2), store: store)
    #expect(store.state.withLock { ($0.hits, $0.stores) } == (6, 6))
    #expect(third.runs.filter { $0.variant == "plain" } == first.runs.filter { $0.variant == "plain" })
    #expect(third.runs.filter { $0.variant == "bn" }.map(\.history) != first.runs.filter { $0.variant == "bn" }.map(\.history))

    // A reused record takes names and colours from the plan, not from the entry.
    let recoloured = Self.text.replacingOccurrences(of: "#ff0000", with: "#0000ff")
    let (recolouredExperiment, recolouredRuns) = try Self.prepared(recoloured)
    let fourth = ExperimentRunner.execute(recolouredExperiment, prepared: recolouredRuns, options: RunnerOptions(), store: store)
    #expect(fourth.runs.filter { $0.variant == "bn" }.allSatisfy { $0.color == "#0000ff" })
    #expect(store.state.withLock { $0.stores } == 6, "a colour does not retrain")
  }

  @Test func interruptedRunsAreNotStored() throws {
    // 40 epochs of 4 steps: progress reports step 50, where the second run is stopped.
    let (experiment, runs) = try Self.prepared(Self.text.replacingOccurrences(of: "epochs: 2", with: "epochs: 40"))
    let store = MemoryRunStore()
    let stop = StopFlag()
    // One run at a time: the first finishes, the second is stopped at its first step.
    let result = ExperimentRunner.execute(
      experiment, prepared: runs, options: RunnerOptions(jobs: 1), stop: stop,
      progress: { event in
        if case .step = event.event, event.run.index == 1 { stop.stop() }
      }, store: store)
    #expect(result.interrupted)
    #expect(result.runs.count == 2 && !result.runs[0].final.interrupted && result.runs[1].final.interrupted)
    #expect(store.state.withLock { $0.stores } == 1, "only the finished run is stored")
  }

  @Test func theRecordLayoutNamesEveryStoredField() {
    let layout = RecordLayout.describe(RecordLayout.sample, depth: 0)
    for field in ["final:FinalMetrics", "wallSeconds:Double", "history:HistoryRecord", "batchLoss:Array<Optional<Double>>",
      "boundary:Optional<BoundaryGrid>", "resolution:Int", "diagnostics:DiagnosticsRecord"]
    {
      #expect(layout.contains(field), "the layout lacks \(field)")
    }
  }
}
