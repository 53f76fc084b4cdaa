import Foundation
import NormlabEngine
import NormlabExperiment
import NormlabPlot
import NormlabReport
import Synchronization

/// Feeds mutated experiment files, CSV files, IDX files and metrics.json files to normlab's
/// loaders (and what runs after them: planning, data preparation, a few training steps, chart
/// building and rendering). A crash ends the process with a signal; a hang is caught by a
/// watchdog; memory is capped with RLIMIT_AS so an input that tries to allocate gigabytes
/// crashes instead of slowly succeeding. The input being processed is kept in
/// `--artifacts`, and `--only INDEX` replays one input.
@main
struct Fuzz {
  struct Options {
    var inputs = 10_000
    var seed: UInt64 = 1
    var root = "."
    var only: Int?
    var timeout = 10.0
    var memoryMiB = 4096
    var artifacts = ".build/fuzz"
    var renderEvery = 25
  }

  static func main() {
    let options: Options
    do { options = try parse(Array(CommandLine.arguments.dropFirst())) } catch {
      print("usage: NormlabFuzz [--inputs N] [--seed S] [--root DIR] [--only INDEX] [--timeout SECONDS] [--memory-mib M] [--artifacts DIR] [--render-every K]\n\(error)")
      exit(2)
    }
    limitMemory(mebibytes: options.memoryMiB)
    var fuzzer = Fuzzer(options: options)
    exit(fuzzer.run())
  }

  struct UsageError: Error, CustomStringConvertible { var description: String }

  static func parse(_ arguments: [String]) throws -> Options {
    var options = Options()
    var iterator = arguments.makeIterator()
    while let flag = iterator.next() {
      guard let value = iterator.next() else { throw UsageError(description: "\(flag) needs a value") }
      switch flag {
      case "--inputs": options.inputs = Int(value) ?? options.inputs
      case "--seed": options.seed = UInt64(value) ?? options.seed
      case "--root": options.root = value
      case "--only": options.only = Int(value)
      case "--timeout": options.timeout = Double(value) ?? options.timeout
      case "--memory-mib": options.memoryMiB = Int(value) ?? options.memoryMiB
      case "--artifacts": options.artifacts = value
      case "--render-every": options.renderEvery = max(Int(value) ?? options.renderEvery, 1)
      default: throw UsageError(description: "unknown option \(flag)")
      }
    }
    return options
  }

  static func limitMemory(mebibytes: Int) {
    var limit = rlimit(rlim_cur: rlim_t(mebibytes) << 20, rlim_max: rlim_t(mebibytes) << 20)
    if setrlimit(Int32(RLIMIT_AS.rawValue), &limit) != 0 {
      print("warning: could not limit the address space to \(mebibytes) MiB")
    }
  }
}

/// Refuses every data file named by a fuzzed experiment: the data loaders are fuzzed directly.
struct NoFiles: DataFileReader {
  func read(_ path: String) throws(DataError) -> [UInt8] {
    throw DataError(file: path, message: "data files are not read while fuzzing")
  }
}

/// Index and start time (ns since boot) of the input in progress, read by the watchdog.
final class InProgress: Sendable {
  let index = Atomic<Int>(-1)
  let startedAt = Atomic<UInt64>(0)
}

/// What one input did; `accepted` means the loader returned a value rather than an error.
struct Tally {
  var inputs = 0
  var accepted = 0
  var trained = 0
  var rendered = 0
  var slowestSeconds = 0.0
}

struct Fuzzer {
  let options: Fuzz.Options
  var seeds: [InputKind: [[UInt8]]] = [:]
  var idxLabelSeeds: [[UInt8]] = []
  var tallies: [InputKind: Tally] = [:]
  let settings: ReportSettings?
  let inProgress = InProgress()

  init(options: Fuzz.Options) {
    self.options = options
    let root = URL(fileURLWithPath: options.root)
    let templates = root.appendingPathComponent("templates/default")
    if let layoutText = try? String(contentsOf: templates.appendingPathComponent("layout.yaml"), encoding: .utf8),
      let summary = try? String(contentsOf: templates.appendingPathComponent("summary.md.mustache"), encoding: .utf8),
      let layout = try? ReportLayout.parse(text: layoutText, file: "layout.yaml", name: "default")
    {
      settings = ReportSettings(layout: layout, summaryTemplate: summary, date: "2000-01-01T00:00:00Z")
    } else {
      print("warning: no templates under \(options.root); metrics inputs are decoded but not rendered")
      settings = nil
    }
    collectSeeds(root: root)
  }

  mutating func collectSeeds(root: URL) {
    let fm = FileManager.default
    var files: [URL] = []
    for folder in ["experiments", "templates/starters", "Tests/ReliabilityTests/Corpus", "Tests/ReliabilityTests/Fixtures"] {
      let url = root.appendingPathComponent(folder)
      guard let enumerator = fm.enumerator(at: url, includingPropertiesForKeys: nil) else { continue }
      for case let file as URL in enumerator { files.append(file) }
    }
    for file in files.sorted(by: { $0.path < $1.path }) {
      guard let data = fm.contents(atPath: file.path), data.count <= Mutator.maxLength else { continue }
      let name = file.lastPathComponent
      switch file.pathExtension {
      case "yaml": seeds[.yaml, default: []].append(Array(data))
      case "csv": seeds[.csv, default: []].append(Array(data))
      case "json" where name != "manifest.json": seeds[.metrics, default: []].append(Array(data))
      case "idx" where name.contains("label"): idxLabelSeeds.append(Array(data))
      case "idx": seeds[.idx, default: []].append(Array(data))
      default: break
      }
    }
    // Valid inputs made here, so mutations start from something the loaders accept.
    seeds[.yaml, default: []].append(Array(Self.validExperiment.utf8))
    seeds[.csv, default: []].append(Array("x1, x2 ,label\n0.5,1e3,0\n-2,3.25,1\n\"4\",5,2\n7,8,1\r\n".utf8))
    seeds[.idx, default: []].append(Pathological.header(magic: 0x803, [5, 4, 4]) + (0..<80).map { UInt8($0 * 3 % 256) })
    idxLabelSeeds.append(Pathological.header(magic: 0x801, [5]) + [0, 1, 2, 1, 9])
    for text in [Self.validExperiment, Self.divergingExperiment, Self.sweepExperiment] {
      if let json = Self.metricsSeed(text) { seeds[.metrics, default: []].append(json) }
    }
  }

  static let validExperiment = """
    name: seed
    seeds: [1, 2]
    data: { dataset: blobs, samples: 64, classes: 3 }
    model: { layers: [4, 4], activation: tanh }
    train: { epochs: 2, batch_size: 16, optimizer: { name: adam, lr: 0.01 } }
    variants:
      a: { model.batch_norm: true }
      b: { label: "B", color: "#112233", train.optimizer.name: sgd }
    expect:
      - a.train_loss < b.train_loss
      - a.test_accuracy >= 0.5 * b.test_accuracy
    """

  static let divergingExperiment = """
    name: diverge
    seeds: 2
    data: { dataset: moons, samples: 64 }
    model: { layers: [8] }
    train: { epochs: 3, batch_size: 8, optimizer: { name: sgd, lr: 1.0e6 } }
    variants: { big: {}, small: { train.optimizer.lr: 0.01 } }
    expect: [ big.train_loss < small.train_loss ]
    """

  static let sweepExperiment = """
    name: sweep
    seeds: [3]
    data: { dataset: spirals, samples: 60, classes: 3 }
    model: { layers: [6] }
    train: { epochs: 1, batch_size: 10 }
    sweep:
      method: random
      trials: 3
      parameters:
        train.optimizer.lr: { distribution: log_uniform, low: 0.001, high: 1 }
    """

  /// A real metrics.json from a tiny experiment trained here.
  static func metricsSeed(_ text: String) -> [UInt8]? {
    guard let experiment = try? ExperimentParser.parse(text: text, file: "seed.yaml", defaultName: "seed"),
      let prepared = try? ExperimentRunner.prepare(experiment, reader: nil, options: RunnerOptions())
    else { return nil }
    let result = ExperimentRunner.execute(experiment, prepared: prepared, options: RunnerOptions())
    return try? MetricsCodec.json(result)
  }

  // MARK: Running

  mutating func run() -> Int32 {
    let artifacts = URL(fileURLWithPath: options.artifacts)
    try? FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
    startWatchdog(artifacts: artifacts)
    let indices = options.only.map { [$0] } ?? Array(0..<options.inputs)
    let clock = ContinuousClock()
    let began = clock.now
    for index in indices {
      // Making and saving the input is not timed: only the code under test is.
      inProgress.index.store(-1, ordering: .relaxed)
      let (kind, primary, secondary) = input(index)
      save(primary, secondary, kind: kind, index: index, artifacts: artifacts)
      inProgress.startedAt.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed)
      inProgress.index.store(index, ordering: .relaxed)
      let start = clock.now
      let accepted = feed(kind, primary, secondary, index: index)
      let elapsed = clock.now - start
      let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      tallies[kind, default: Tally()].inputs += 1
      if accepted { tallies[kind, default: Tally()].accepted += 1 }
      tallies[kind, default: Tally()].slowestSeconds = max(tallies[kind, default: Tally()].slowestSeconds, seconds)
      if seconds > options.timeout / 10 {
        print("slow: input \(index) (\(kind.rawValue), \(primary.count) bytes) took \(String(format: "%.2f", seconds)) s")
      }
      if options.only != nil {
        print("input \(index) (\(kind.rawValue), \(primary.count) bytes): \(accepted ? "accepted" : "refused"), \(String(format: "%.3f", seconds)) s")
      }
    }
    inProgress.index.store(-1, ordering: .relaxed)
    for name in ["current.txt", "current.input", "current.labels"] {
      try? FileManager.default.removeItem(at: artifacts.appendingPathComponent(name))
    }
    let total = clock.now - began
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print("fuzz: \(indices.count) inputs, seed \(options.seed), no crash, no hang (limit \(options.timeout) s per input, \(options.memoryMiB) MiB address space)")
    for kind in InputKind.allCases {
      let t = tallies[kind] ?? Tally()
      print("  \(kind.rawValue): \(t.inputs) inputs, \(t.accepted) accepted, \(t.trained) trained, \(t.rendered) rendered, slowest \(String(format: "%.3f", t.slowestSeconds)) s")
    }
    print("  total \(total), peak RSS \(usage.ru_maxrss / 1024) MiB")
    return 0
  }

  /// The input of `index`: a kind, its bytes (and for IDX the labels file), from (seed, index).
  func input(_ index: Int) -> (InputKind, [UInt8], [UInt8]) {
    let kind = InputKind.allCases[index % InputKind.allCases.count]
    var mutator = Mutator(rng: SplitMix64(seed: options.seed).derived(UInt64(index)))
    let pool = seeds[kind] ?? []
    let round = index / InputKind.allCases.count
    if round % 97 == 13 {
      switch kind {
      case .yaml: return (kind, Pathological.yaml(round), [])
      case .csv: return (kind, Pathological.csv(round), [])
      case .idx: return (kind, Pathological.idx(round), idxLabelSeeds.last ?? [])
      case .metrics: return (kind, Pathological.metrics(round), [])
      }
    }
    let base = pool.isEmpty ? [] : pool[mutator.int(pool.count)]
    if kind == .idx {
      let labels = idxLabelSeeds.isEmpty ? [] : idxLabelSeeds[mutator.int(idxLabelSeeds.count)]
      switch mutator.int(3) {
      case 0: return (kind, mutator.mutate(base, kind: kind, others: pool), labels)
      case 1: return (kind, base, mutator.mutate(labels, kind: kind, others: idxLabelSeeds))
      default:
        return (kind, mutator.mutate(base, kind: kind, others: pool), mutator.mutate(labels, kind: kind, others: idxLabelSeeds))
      }
    }
    // Experiment files are often kept whole and varied through `--set` flags only, so many
    // reach the runner and the engine.
    if kind == .yaml, mutator.chance(0.4) { return (kind, base, []) }
    return (kind, mutator.mutate(base, kind: kind, others: pool), [])
  }

  /// Every other experiment input also gets `--set` flags: a schema key set to an edge value,
  /// so accepted files reach the runner with unusual settings.
  func overrides(_ index: Int) -> [String] {
    var rng = SplitMix64(seed: options.seed).derived(UInt64(index) ^ 0x5E7)
    guard rng.nextIndex(below: 10) < 7 else { return [] }
    let keys = Schema.keys
    return (0..<(1 + rng.nextIndex(below: 3))).map { _ in
      let spec = keys[rng.nextIndex(below: keys.count)]
      // Mostly a value of the key's type at an edge of its range; sometimes anything.
      let edges = rng.nextIndex(below: 5) == 0 ? Self.anyValues : Self.edgeValues(of: spec.type)
      return "\(spec.path)=\(edges[rng.nextIndex(below: edges.count)])"
    }
  }

  static let anyValues = [
    "0", "-1", "1e-300", "1e300", "0.999999", "100000000", "true", "[]", "[1000000, 1000000]", "[true]",
    "relu", "csv", "idx", "null", ".nan", "9223372036854775807", "{a: 1}", "\"x\"",
  ]

  static func edgeValues(of type: ValueType) -> [String] {
    switch type {
    case .bool: return ["true", "false"]
    case .int(let lo, let hi): return ["\(lo)", "\(hi)", "\(lo + 1)", "\(min(hi, max(lo, 3)))", "\(min(hi, max(lo, 1000)))"]
    case .number(let lo, let hi, _):
      return [lo, hi, lo + 1e-9, min(hi, max(lo, 0.5)), min(hi, max(lo, 1e3)), min(hi, 1e30)].filter(\.isFinite).map { "\($0)" } + ["1e-30"]
    case .string: return ["x", "\"\"", "../../etc/passwd", "/dev/zero"]
    case .choice(let options): return options
    case .intList(let lo, let hi): return ["[\(lo)]", "[\(hi)]", "[\(lo), \(lo), \(lo)]", "[]", "[3, 3]"]
    case .boolList: return ["[true]", "[true, false]", "[]"]
    case .stringList: return ["[x1]", "[label]", "[x1, x1]", "[]", "[\"\"]"]
    case .optional(let inner): return edgeValues(of: inner) + ["null"]
    case .boolOrBoolList: return ["true", "false", "[true, false]", "[true]"]
    case .intOrWord(let lo, let hi, let word): return edgeValues(of: .int(min: lo, max: hi)) + [word, "0"]
    }
  }

  /// Keeps the input in progress on disk (plain writes, no fsync) for a post-mortem.
  func save(_ primary: [UInt8], _ secondary: [UInt8], kind: InputKind, index: Int, artifacts: URL) {
    func write(_ bytes: [UInt8], _ name: String) {
      let fd = open(artifacts.appendingPathComponent(name).path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      guard fd >= 0 else { return }
      _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      close(fd)
    }
    write(Array("\(index) \(kind.rawValue) seed \(options.seed)\n".utf8), "current.txt")
    write(primary, "current.input")
    if kind == .idx { write(secondary, "current.labels") }
  }

  /// Runs one input through its loader and whatever a real command would do next.
  mutating func feed(_ kind: InputKind, _ primary: [UInt8], _ secondary: [UInt8], index: Int) -> Bool {
    switch kind {
    case .yaml:
      let text = String(decoding: primary, as: UTF8.self)
      guard let experiment = try? ExperimentParser.parse(text: text, file: "fuzz.yaml", defaultName: "fuzz", overrides: overrides(index)) else {
        return false
      }
      guard var prepared = try? ExperimentRunner.prepare(experiment, reader: NoFiles(), options: RunnerOptions(quick: index % 2 == 0))
      else { return true }
      // A few steps of the first runs when they are small: the engine sees the fuzzed options.
      prepared = Array(prepared.prefix(2)).filter { run in
        run.configuration.network.parameterCount <= 200_000 && run.data.train.features.count <= 200_000
      }
      for i in prepared.indices {
        prepared[i].configuration.training.steps = min(prepared[i].configuration.training.steps ?? 3, 3)
        prepared[i].configuration.training.epochs = 1
      }
      if !prepared.isEmpty {
        _ = ExperimentRunner.execute(experiment, prepared: prepared, options: RunnerOptions(jobs: 1))
        tallies[kind, default: Tally()].trained += 1
      }
      return true
    case .csv:
      return (try? CSVLoader.load(bytes: primary, file: "fuzz.csv", labelColumn: "label")) != nil
    case .idx:
      return (try? IDXLoader.load(images: primary, imagesFile: "images.idx", labels: secondary, labelsFile: "labels.idx")) != nil
    case .metrics:
      guard let result = try? MetricsCodec.decode(primary, file: "metrics.json") else { return false }
      guard var settings else { return true }
      let names = ReportComposer.chartNames(result, layout: settings.layout)
      for chart in ChartBuilder.charts(for: result, names: names, captions: [:]) {
        var backend = RecordingBackend()
        FigureRenderer.draw(chart.figure, in: Rect(x: 0, y: 0, width: 600, height: 400), on: &backend)
      }
      // Full PNG, SVG and PDF rendering costs more, so only every few accepted inputs.
      settings.formats = tallies[kind, default: Tally()].accepted % options.renderEvery == 0 ? ["pdf", "png", "svg", "md"] : ["md"]
      _ = try? ReportComposer.compose(result, settings: settings)
      tallies[kind, default: Tally()].rendered += settings.formats.count > 1 ? 1 : 0
      return true
    }
  }

  /// Ends the process with exit 1 when one input runs longer than the timeout.
  func startWatchdog(artifacts: URL) {
    let limit = UInt64(options.timeout * 1e9)
    let inProgress = self.inProgress
    let (timeout, seed) = (options.timeout, options.seed)
    let thread = Thread {
      while true {
        Thread.sleep(forTimeInterval: 0.1)
        let index = inProgress.index.load(ordering: .relaxed)
        guard index >= 0 else { continue }
        let elapsed = DispatchTime.now().uptimeNanoseconds &- inProgress.startedAt.load(ordering: .relaxed)
        if elapsed > limit, inProgress.index.load(ordering: .relaxed) == index {
          print("HANG: input \(index) ran longer than \(timeout) s; it is in \(artifacts.path)/current.input; replay with --only \(index) --seed \(seed)")
          exit(1)
        }
      }
    }
    thread.start()
  }
}
