import Testing

@testable import NormlabInterop

/// The log directory layout, event order, hyperparameter domains and the handling of hostile
/// input (NaN, huge strings, bad run names). Readability by TensorBoard itself is checked by
/// `scripts/tensorboard-readback.py` on the output of `NormlabInteropSample`.
@Suite struct TensorBoardExportTests {
  static let time = TensorBoardTimestamp(secondsSince1970: 1_700_000_000)

  /// The events of an event file, decoded to (step, summary values), after checking framing.
  struct DecodedEvent {
    var wallTime: Double?
    var step: Int64
    var fileVersion: String?
    var values: [[UInt8]]
    var tags: [String] { values.compactMap { WireReader.value(1, in: $0)?.string } }
  }

  static func decode(_ file: [UInt8]) throws -> [DecodedEvent] {
    let records = try #require(WireReader.records(file))
    return records.map { record in
      let summary = WireReader.value(5, in: record)?.bytes
      return DecodedEvent(
        wallTime: WireReader.value(1, in: record)?.double,
        step: Int64(bitPattern: WireReader.value(2, in: record)?.varint ?? 0),
        fileVersion: WireReader.value(3, in: record)?.string,
        values: summary.map { WireReader.values(1, in: $0).compactMap(\.bytes) } ?? [])
    }
  }

  @Test func eventFileNameUsesTheGivenSeconds() {
    #expect(Self.time.eventFileName == "events.out.tfevents.1700000000.normlab")
  }

  @Test func logdirHasExperimentAtTopAndOneFolderPerRun() throws {
    let experiment = TensorBoardExperiment(runs: [
      TensorBoardRun(name: "baseline/seed-0"), TensorBoardRun(name: "batchnorm/seed-0"),
    ])
    let files = try experiment.logdirFiles(at: Self.time)
    #expect(
      files.map(\.path) == [
        "events.out.tfevents.1700000000.normlab",
        "baseline/seed-0/events.out.tfevents.1700000000.normlab",
        "batchnorm/seed-0/events.out.tfevents.1700000000.normlab",
      ])
    let top = try Self.decode(files[0].bytes)
    #expect(top.map(\.fileVersion) == ["brain.Event:2", nil])
    #expect(top[1].tags == ["_hparams_/experiment"])
    #expect(top.allSatisfy { $0.wallTime == 1_700_000_000 })
  }

  @Test func runFileStartsWithVersionThenSessionStartThenScalarsInStepOrder() throws {
    let run = TensorBoardRun(
      name: "r", hparams: ["lr": .number(0.1)],
      scalars: [
        ScalarSeries(tag: "loss/train", points: [(step: 2, value: 0.5), (step: 0, value: 2), (step: 1, value: 1)]),
        ScalarSeries(tag: "loss/test", points: [(step: 1, value: 1.5)]),
      ], status: .success)
    let events = try Self.decode(run.eventFileBytes(at: Self.time))
    #expect(events.map(\.step) == [0, 0, 0, 1, 2, 2])
    #expect(events[0].fileVersion == "brain.Event:2")
    #expect(events[1].tags == ["_hparams_/session_start_info"])
    #expect(events[2].tags == ["loss/train"])
    #expect(events[3].tags == ["loss/train", "loss/test"])
    #expect(events[4].tags == ["loss/train"])
    #expect(events[5].tags == ["_hparams_/session_end_info"])
    let values = events[2...4].flatMap(\.values).compactMap { WireReader.value(2, in: $0)?.float }
    #expect(values == [2, 1, 1.5, 0.5])
  }

  @Test func onlyTheFirstValueOfATagCarriesScalarMetadata() throws {
    let run = TensorBoardRun(
      name: "r",
      scalars: [
        ScalarSeries(tag: "a", points: [(step: 0, value: 1), (step: 1, value: 2)]),
        ScalarSeries(tag: "b", points: [(step: 1, value: 3)]),
      ])
    let values = try Self.decode(run.eventFileBytes(at: Self.time)).dropFirst(2).flatMap(\.values)
    let withMetadata = values.map { WireReader.value(9, in: $0) != nil }
    #expect(withMetadata == [true, false, true])
    let metadata = try #require(WireReader.value(9, in: values[0])?.bytes)
    #expect(metadata == SummaryMetadataMessage(pluginName: "scalars", dataClass: .scalar).serialized())
  }

  @Test func nonFiniteValuesAreWrittenAsTheyAre() throws {
    let run = TensorBoardRun(
      name: "diverged",
      scalars: [
        ScalarSeries(
          tag: "loss/train",
          points: [(step: 0, value: .nan), (step: 1, value: .infinity), (step: 2, value: -.infinity), (step: 3, value: 1e300)])
      ], status: .failure)
    let events = try Self.decode(run.eventFileBytes(at: Self.time))
    let values = events.flatMap(\.values).compactMap { WireReader.value(2, in: $0)?.float }
    #expect(values.count == 4)
    #expect(values[0].isNaN)
    #expect(values[1] == .infinity && values[2] == -.infinity && values[3] == .infinity)
  }

  @Test func emptyRunStillDeclaresItsSession() throws {
    let events = try Self.decode(TensorBoardRun(name: "empty").eventFileBytes(at: Self.time))
    #expect(events.count == 2)
    #expect(events[1].tags == ["_hparams_/session_start_info"])
  }

  @Test func hugeTagAndHParamAreFramedWhole() throws {
    let huge = String(repeating: "λ", count: 600_000)  // 1.2 MB of UTF-8
    let run = TensorBoardRun(
      name: "r", hparams: [huge: .string(huge)], scalars: [ScalarSeries(tag: huge, points: [(step: .max, value: 1)])])
    let events = try Self.decode(run.eventFileBytes(at: Self.time))
    #expect(events.count == 3)
    #expect(events[2].step == .max)
    #expect(events[2].tags == [huge])
  }

  @Test func sessionEndIsAtTheLastStepWithTheStatus() throws {
    let run = TensorBoardRun(
      name: "r", scalars: [ScalarSeries(tag: "x", points: [(step: 40, value: 1)])], status: .failure)
    let last = try #require(try Self.decode(run.eventFileBytes(at: Self.time)).last)
    #expect(last.step == 40)
    let metadata = try #require(WireReader.value(9, in: last.values[0])?.bytes)
    let content = try #require(WireReader.value(2, in: WireReader.value(1, in: metadata)?.bytes ?? [])?.bytes)
    let endInfo = try #require(WireReader.value(4, in: content)?.bytes)
    #expect(WireReader.value(1, in: endInfo)?.varint == 2)
    #expect(WireReader.value(2, in: endInfo)?.double == 1_700_000_000)
  }

  @Test func groupAndHParamsGoIntoSessionStartInfo() throws {
    let run = TensorBoardRun(name: "bn/seed-1", group: "bn", hparams: ["seed": .integer(1), "bn": .bool(true)])
    let events = try Self.decode(run.eventFileBytes(at: Self.time))
    let metadata = try #require(WireReader.value(9, in: events[1].values[0])?.bytes)
    let content = try #require(WireReader.value(2, in: WireReader.value(1, in: metadata)?.bytes ?? [])?.bytes)
    let start = try #require(WireReader.value(3, in: content)?.bytes)
    #expect(WireReader.value(4, in: start)?.string == "bn")
    let keys = WireReader.values(1, in: start).compactMap { $0.bytes }.compactMap { WireReader.value(1, in: $0)?.string }
    #expect(keys == ["bn", "seed"])
  }

  @Test func outputIsIdenticalForEqualInputs() throws {
    func make() -> TensorBoardExperiment {
      var hparams: [String: HParamValue] = [:]
      for index in 0..<50 { hparams["k\(index)"] = .integer(index) }
      return TensorBoardExperiment(runs: [
        TensorBoardRun(name: "a", hparams: hparams, scalars: [ScalarSeries(tag: "t", points: [(step: 1, value: 0.3)])])
      ])
    }
    #expect(try make().logdirFiles(at: Self.time) == make().logdirFiles(at: Self.time))
  }

  // MARK: Hyperparameter declarations

  static func infos(_ runs: [[String: HParamValue]]) -> [String: HParamInfoMessage] {
    let experiment = TensorBoardExperiment(runs: runs.enumerated().map { TensorBoardRun(name: "r\($0.offset)", hparams: $0.element) })
    return Dictionary(uniqueKeysWithValues: experiment.hparamInfos().map { ($0.name, $0) })
  }

  @Test func numbersGetTheIntervalOfTheirFiniteValues() throws {
    let infos = Self.infos([["lr": .number(0.1)], ["lr": .number(.nan)], ["lr": .number(0.001)], ["lr": .number(0.01)]])
    let lr = try #require(infos["lr"])
    #expect(lr.type == .float64 && lr.differs)
    guard case .interval(let low, let high) = lr.domain else {
      Issue.record("expected an interval, got \(String(describing: lr.domain))")
      return
    }
    #expect(low == 0.001 && high == 0.1)
  }

  @Test func onlyNonFiniteNumbersGiveNoDomain() throws {
    let info = try #require(Self.infos([["x": .number(.nan)], ["x": .number(.nan)]])["x"])
    #expect(info.domain == nil)
    #expect(!info.differs)
  }

  @Test func stringsAndBoolsGetSortedDiscreteDomains() throws {
    let infos = Self.infos([
      ["opt": .string("sgd"), "bn": .bool(true)], ["opt": .string("adam"), "bn": .bool(false)],
      ["opt": .string("sgd"), "bn": .bool(true)],
    ])
    let opt = try #require(infos["opt"])
    let bn = try #require(infos["bn"])
    #expect(opt.type == .string && bn.type == .bool && opt.differs && bn.differs)
    #expect(hex(opt.serialized()).contains(hex(ProtobufListValueMessage(values: [.string("adam"), .string("sgd")]).serialized())))
    #expect(hex(bn.serialized()).contains(hex(ProtobufListValueMessage(values: [.bool(false), .bool(true)]).serialized())))
  }

  @Test func mixedTypesGetUnsetTypeAndAllValues() throws {
    let info = try #require(Self.infos([["x": .string("a")], ["x": .number(2)], ["x": .bool(true)], ["x": .number(.infinity)]])["x"])
    #expect(info.type == .unset)
    #expect(
      hex(info.serialized()).contains(hex(ProtobufListValueMessage(values: [.bool(true), .number(2), .string("a")]).serialized())))
  }

  @Test func singleValueDoesNotDiffer() throws {
    let info = try #require(Self.infos([["seed": .integer(0)], ["seed": .number(-0.0)]])["seed"])
    #expect(!info.differs)
  }

  @Test func metricsDefaultToEveryTagInOrderOfAppearance() {
    let experiment = TensorBoardExperiment(runs: [
      TensorBoardRun(name: "a", scalars: [ScalarSeries(tag: "loss/test", points: [ScalarPoint]()), ScalarSeries(tag: "acc", points: [ScalarPoint]())]),
      TensorBoardRun(name: "b", scalars: [ScalarSeries(tag: "acc", points: [ScalarPoint]()), ScalarSeries(tag: "lr", points: [ScalarPoint]())]),
    ])
    #expect(experiment.declaredMetrics() == ["loss/test", "acc", "lr"])
    var chosen = experiment
    chosen.metrics = ["acc", "acc", "loss/test"]
    #expect(chosen.declaredMetrics() == ["acc", "loss/test"])
  }

  // MARK: Run names

  @Test(arguments: ["", "/abs", "trailing/", "a//b", ".", "..", "a/../b", "a/./b", "nul\u{0}", String(repeating: "x", count: 256)])
  func invalidRunNamesAreRejected(_ name: String) {
    #expect(throws: TensorBoardExportError.self) {
      try TensorBoardExperiment(runs: [TensorBoardRun(name: name)]).logdirFiles(at: Self.time)
    }
  }

  @Test(arguments: ["a", "baseline/seed-0", "λ run, trial 003", "...", String(repeating: "x", count: 255)])
  func ordinaryRunNamesAreAccepted(_ name: String) throws {
    let files = try TensorBoardExperiment(runs: [TensorBoardRun(name: name)]).logdirFiles(at: Self.time)
    #expect(files.last?.path == "\(name)/events.out.tfevents.1700000000.normlab")
  }

  @Test func duplicateRunNamesAreRejected() {
    #expect(throws: TensorBoardExportError.duplicateRunName("a")) {
      try TensorBoardExperiment(runs: [TensorBoardRun(name: "a"), TensorBoardRun(name: "a")]).logdirFiles(at: Self.time)
    }
  }

  @Test func metricStepsBeyondInt32AreRejectedOnlyForDeclaredMetrics() throws {
    let run = TensorBoardRun(
      name: "r",
      scalars: [
        ScalarSeries(tag: "m", points: [(step: 1 << 31, value: 1)]), ScalarSeries(tag: "huge", points: [(step: .max, value: 1)]),
      ])
    #expect(throws: TensorBoardExportError.metricStepOutOfRange(run: "r", tag: "m", step: 1 << 31)) {
      try TensorBoardExperiment(runs: [run], metrics: ["m"]).logdirFiles(at: Self.time)
    }
    var inRange = run
    inRange.scalars[0].points = [ScalarPoint(step: Int64(Int32.max), value: 1), ScalarPoint(step: -(1 << 40), value: 1)]
    #expect(try TensorBoardExperiment(runs: [inRange], metrics: ["m"]).logdirFiles(at: Self.time).count == 2)
  }

  @Test func errorDescriptionShortensHugeNames() {
    let error = TensorBoardExportError.invalidRunName(String(repeating: "y", count: 10_000), reason: "test")
    #expect(error.description.count < 200)
  }
}
