// Writes a sample TensorBoard log directory and tidy CSV with the edge cases normlab's exports
// meet (NaN and infinite values of a diverged run, UTF-8 tags and run names, values float32
// cannot hold exactly, huge steps, quotes and commas in strings), plus `expected.json`, the
// values `scripts/tensorboard-readback.py` must read back from them with TensorBoard and pandas.
//
// Usage: NormlabInteropSample OUTDIR   (writes OUTDIR/logdir/, OUTDIR/tidy.csv, OUTDIR/expected.json)

import Foundation
import NormlabInterop

@main
struct InteropSample {
  static let time = TensorBoardTimestamp(secondsSince1970: 1_700_000_000)

  struct SampleRun {
    var run: TensorBoardRun
    var variant: String
    var seed: Int64
    var trial: Int64?
  }

  static func main() {
    let arguments = CommandLine.arguments.dropFirst()
    guard arguments.count == 1, let outPath = arguments.first else {
      FileHandle.standardError.write(Data("usage: NormlabInteropSample OUTDIR\n".utf8))
      exit(2)
    }
    do {
      try write(to: URL(fileURLWithPath: outPath, isDirectory: true))
    } catch {
      FileHandle.standardError.write(Data("error: \(error)\n".utf8))
      exit(1)
    }
  }

  static func write(to out: URL) throws {
    let samples = sampleRuns()
    let metrics = ["loss/test", "accuracy/test", "loss/train", "損失/テスト"]
    let experiment = TensorBoardExperiment(
      name: "normlab sample", description: "Sample export: *batch norm* vs baseline, a diverged run.",
      runs: samples.map(\.run), metrics: metrics,
      hparamDescriptions: ["lr": "learning rate (`optimizer.lr`)", "batch_norm": "BatchNorm after each hidden layer"])
    let logdir = out.appendingPathComponent("logdir", isDirectory: true)
    try? FileManager.default.removeItem(at: logdir)
    for file in try experiment.logdirFiles(at: time) {
      let url = logdir.appendingPathComponent(file.path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(file.bytes).write(to: url)
    }

    let sweptKeys = ["lr", "batch_norm", "note"]
    var rows: [TidyRow] = []
    for sample in samples {
      let swept = sample.run.hparams.filter { sweptKeys.contains($0.key) }
      for series in sample.run.scalars {
        for point in series.points {
          rows.append(
            TidyRow(
              run: sample.run.name, variant: sample.variant, seed: sample.seed, trial: sample.trial, step: point.step,
              metric: series.tag, value: point.value, swept: swept))
        }
      }
      // A summary row without a step or value, as a report's "final accuracy missing" would be.
      rows.append(TidyRow(run: sample.run.name, variant: sample.variant, seed: sample.seed, metric: "final/accuracy", value: nil, swept: swept))
    }
    try Data(try TidyCSV.encode(rows, sweptKeys: sweptKeys).utf8).write(to: out.appendingPathComponent("tidy.csv"))

    let json = JSON.object([
      ("wall_time", .integer(time.secondsSince1970)),
      ("experiment_name", .string(experiment.name)),
      ("metrics", .array(metrics.map(JSON.string))),
      ("hparam_descriptions", .object(experiment.hparamDescriptions.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) })),
      ("runs", .array(samples.map { sample in
        JSON.object([
          ("name", .string(sample.run.name)),
          ("group", sample.run.group.map(JSON.string) ?? .null),
          ("status", sample.run.status.map { JSON.integer(Int64($0.rawValue)) } ?? .null),
          ("hparams", .object(sample.run.hparams.sorted { $0.key < $1.key }.map { ($0.key, JSON(hparam: $0.value)) })),
          ("scalars", .object(sample.run.scalars.map { series in
            (series.tag, JSON.array(series.points.map { .array([.integer($0.step), .number($0.value)]) }))
          })),
        ])
      })),
      ("csv", .object([
        ("file", .string("tidy.csv")),
        ("columns", .array((TidyCSV.fixedColumns + sweptKeys).map(JSON.string))),
        ("rows", .array(rows.map { row in
          var fields: [JSON] = [
            .string(row.run), .string(row.variant), row.seed.map(JSON.integer) ?? .null,
            row.trial.map(JSON.integer) ?? .null, row.step.map(JSON.integer) ?? .null,
            .string(row.metric), row.value.map(JSON.number) ?? .null,
          ]
          fields += sweptKeys.map { key in row.swept[key].map(JSON.init(hparam:)) ?? .null }
          return .array(fields)
        })),
      ])),
    ])
    var text = ""
    json.write(to: &text)
    text += "\n"
    try Data(text.utf8).write(to: out.appendingPathComponent("expected.json"))
  }

  /// Training-curve-like values from fixed formulas: no randomness, no clock.
  static func sampleRuns() -> [SampleRun] {
    func curves(lr: Double, seed: Int64, batchNorm: Bool, steps: [Int64]) -> [ScalarSeries] {
      let speed = (batchNorm ? 0.35 : 0.2) * min(lr * 10, 1)
      func loss(_ step: Int64, _ offset: Double) -> Double { 2.302585 * exp(-speed * Double(step)) + offset + 0.013 * Double(seed) }
      return [
        ScalarSeries(tag: "loss/train", points: steps.map { ($0, loss($0, 0.05)) }),
        ScalarSeries(tag: "loss/test", points: steps.map { ($0, loss($0, 0.11)) }),
        ScalarSeries(tag: "accuracy/train", points: steps.map { ($0, 1 - 0.9 * exp(-speed * Double($0))) }),
        ScalarSeries(tag: "accuracy/test", points: steps.map { ($0, 0.97 - 0.87 * exp(-speed * Double($0))) }),
        ScalarSeries(tag: "learning_rate", points: steps.map { ($0, lr) }),
        ScalarSeries(tag: "gradient_norm/layer_0", points: steps.map { ($0, 1.0 / (1.0 + Double($0))) }),
      ]
    }
    let steps = Array(Int64(0)...12)
    var samples: [SampleRun] = []
    for seed in Int64(0)...1 {
      samples.append(
        SampleRun(
          run: TensorBoardRun(
            name: "baseline/seed-\(seed)", group: "baseline",
            hparams: ["variant": .string("baseline"), "lr": .number(0.1), "batch_norm": .bool(false), "seed": .number(Double(seed)),
                      "note": .string("plain SGD, \"no\" norm")],
            scalars: curves(lr: 0.1, seed: seed, batchNorm: false, steps: steps), status: .success),
          variant: "baseline", seed: seed))
      samples.append(
        SampleRun(
          run: TensorBoardRun(
            name: "batchnorm/seed-\(seed)", group: "batchnorm",
            hparams: ["variant": .string("batchnorm"), "lr": .number(0.01), "batch_norm": .bool(true), "seed": .number(Double(seed)),
                      "note": .string("γ, β trainable\nrunning stats apart")],
            scalars: curves(lr: 0.01, seed: seed, batchNorm: true, steps: steps), status: .success),
          variant: "batchnorm", seed: seed))
    }
    var diverged = curves(lr: 10, seed: 0, batchNorm: false, steps: steps)
    for index in diverged.indices where diverged[index].tag.hasPrefix("loss/") || diverged[index].tag.hasPrefix("gradient_norm/") {
      for point in diverged[index].points.indices where point >= 5 {
        diverged[index].points[point].value = diverged[index].tag.hasPrefix("loss/") ? .nan : (point == 5 ? .infinity : -.infinity)
      }
    }
    samples.append(
      SampleRun(
        run: TensorBoardRun(
          name: "diverged/seed-0", group: "diverged",
          hparams: ["variant": .string("diverged"), "lr": .number(10), "batch_norm": .bool(false), "seed": .number(0), "note": .string("")],
          scalars: diverged, status: .failure),
        variant: "diverged", seed: 0))
    samples.append(
      SampleRun(
        run: TensorBoardRun(
          name: "λ-sweep/trial 003, Адам",
          hparams: ["variant": .string("λ-sweep"), "lr": .number(0.003), "batch_norm": .bool(true), "seed": .number(7),
                    "optimizer": .string("Адам"), "note": .string(" leading space, trailing comma,")],
          scalars: [
            ScalarSeries(tag: "損失/テスト", points: [(0, 0.1), (1 << 30, 1e-7)]),
            // Not a declared metric: the HParams dashboard only takes int32 metric steps.
            ScalarSeries(tag: "step/huge", points: [(1 << 40, 123456.789), (Int64.max, -2.5e-8)]),
            ScalarSeries(tag: "loss/test", points: [(-1, 0.3), (0, 3.4028234663852886e38), (1, 1e-45)]),
          ], status: nil),
        variant: "λ-sweep", seed: 7, trial: 3))
    return samples
  }
}

/// Just enough JSON to hand values to Python: `json.loads` also reads the `NaN`, `Infinity`
/// and `-Infinity` written for non-finite numbers.
enum JSON {
  case null
  case bool(Bool)
  case number(Double)
  case integer(Int64)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  init(hparam: HParamValue) {
    switch hparam {
    case .number(let x): self = .object([("number", .number(x))])
    case .string(let s): self = .object([("string", .string(s))])
    case .bool(let b): self = .object([("bool", .bool(b))])
    }
  }

  func write(to out: inout String) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let x):
      if x.isNaN {
        out += "NaN"
      } else if x.isInfinite {
        out += x < 0 ? "-Infinity" : "Infinity"
      } else {
        out += x.description
      }
    case .integer(let n): out += String(n)
    case .string(let s):
      out += "\""
      for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
          if scalar.value < 0x20 {
            let digits = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
          } else {
            out.unicodeScalars.append(scalar)
          }
        }
      }
      out += "\""
    case .array(let items):
      out += "["
      for (index, item) in items.enumerated() {
        if index > 0 { out += ", " }
        item.write(to: &out)
      }
      out += "]"
    case .object(let members):
      out += "{"
      for (index, (key, value)) in members.enumerated() {
        if index > 0 { out += ", " }
        JSON.string(key).write(to: &out)
        out += ": "
        value.write(to: &out)
      }
      out += "}"
    }
  }
}
