import Foundation
import Yams

/// Reads and writes `metrics.json`, `metrics.csv` and the resolved `experiment.yaml`.
public enum MetricsCodec {
  /// Pretty-printed with sorted keys, so equal results give byte-identical files.
  public static func json(_ result: ExperimentResult) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return Array(try encoder.encode(result)) + [0x0A]
  }

  /// The SHA-256 of runs as `metrics.json` writes them (sorted keys, so decoding and encoding
  /// again gives the same bytes).
  public static func digest(of runs: [RunRecord]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let bytes = (try? encoder.encode(runs)).map(Array.init) ?? []
    return ContentDigest.sha256(bytes)
  }

  public struct DecodeError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    public var description: String { "\(file): error: \(message)" }
  }

  public static let maxMetricsBytes = 512 << 20

  public static func decode(_ bytes: [UInt8], file: String) throws(DecodeError) -> ExperimentResult {
    guard bytes.count <= maxMetricsBytes else {
      throw DecodeError(file: file, message: "is larger than \(maxMetricsBytes >> 20) MiB")
    }
    do {
      let result = try JSONDecoder().decode(ExperimentResult.self, from: Data(bytes))
      try validate(result)
      return result
    } catch let error as DecodeError {
      throw DecodeError(file: file, message: error.message)
    } catch DecodingError.keyNotFound(let key, let context) {
      throw DecodeError(file: file, message: "missing key `\(path(context.codingPath + [key]))`")
    } catch DecodingError.typeMismatch(_, let context) {
      throw DecodeError(file: file, message: "wrong type at `\(path(context.codingPath))`: \(context.debugDescription)")
    } catch DecodingError.valueNotFound(_, let context) {
      throw DecodeError(file: file, message: "missing value at `\(path(context.codingPath))`")
    } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
      // This decoder names no key for a number that does not fit its field (a negative seed,
      // a fractional step) and no position for a syntax error; find both ourselves.
      throw DecodeError(file: file, message: locateProblem(bytes) ?? "is not valid metrics JSON: \(context.debugDescription)")
    } catch DecodingError.dataCorrupted(let context) {
      throw DecodeError(file: file, message: "is not valid metrics JSON at `\(path(context.codingPath))`: \(context.debugDescription)")
    } catch {
      throw DecodeError(file: file, message: "is not valid metrics JSON: \(error)")
    }
  }

  /// True when `range` is two finite numbers, the first below the second: an axis can span it.
  static func isAxisRange(_ range: [Double]) -> Bool {
    range.count == 2 && range[0].isFinite && range[1].isFinite && range[0] < range[1]
      && (range[1] - range[0]).isFinite
  }

  /// Texts a report lays out, bounded as in experiment files.
  static func checkLength(_ text: String, _ limit: Int, at path: String) throws {
    if text.count > limit {
      throw DecodeError(file: "", message: "`\(path)` is \(text.count) characters long; at most \(limit) are allowed")
    }
  }

  /// Consistency a renderer relies on: series of one run have equal lengths, grids are complete,
  /// every axis range is finite and ordered, class counts and texts are bounded. Messages name
  /// the key path.
  static func validate(_ result: ExperimentResult) throws {
    try checkLength(result.title, ExperimentParser.maxTitleLength, at: "title")
    try checkLength(result.experiment, 100, at: "experiment")
    try checkLength(result.description, ExperimentParser.maxDescriptionLength, at: "description")
    if result.report.sections.count > ExperimentParser.maxSections {
      throw DecodeError(file: "", message: "`report.sections` has more than \(ExperimentParser.maxSections) sections")
    }
    for (i, section) in result.report.sections.enumerated() {
      try checkLength(section.heading, ExperimentParser.maxTitleLength, at: "report.sections[\(i)].heading")
      try checkLength(section.text, ExperimentParser.maxSectionTextLength, at: "report.sections[\(i)].text")
    }
    for (i, variant) in result.variants.enumerated() {
      try checkLength(variant.label, ExperimentParser.maxLabelLength, at: "variants[\(i)].label")
    }
    if result.variants.count > 100 {
      throw DecodeError(file: "", message: "`variants` lists \(result.variants.count) variants; an experiment has at most 100")
    }
    if let names = result.classNames {
      if names.count > DataLoader.maxClasses || names.contains(where: { $0.count > ExperimentParser.maxLabelLength }) {
        throw DecodeError(file: "", message: "`class_names` must hold at most \(DataLoader.maxClasses) names of at most \(ExperimentParser.maxLabelLength) characters")
      }
    }
    if result.runs.count > ExperimentFile.maxRuns {
      throw DecodeError(file: "", message: "`runs` lists \(result.runs.count) runs; an experiment has at most \(ExperimentFile.maxRuns)")
    }
    if result.sweepKeys.count > Schema.keys.count {
      // Only schema keys can be swept; thousands of them made the report take seconds per file.
      throw DecodeError(file: "", message: "`sweep_keys` lists \(result.sweepKeys.count) keys; an experiment has \(Schema.keys.count)")
    }
    if let sample = result.dataSample, sample.label.contains(where: { $0 < 0 || $0 >= DataLoader.maxClasses }) {
      throw DecodeError(file: "", message: "`data_sample.label` holds labels outside 0 to \(DataLoader.maxClasses - 1)")
    }
    if let sample = result.dataSample, sample.x.count != sample.y.count || sample.x.count != sample.label.count {
      // The decision-boundary chart indexes x, y and label together (a fuzzed file crashed it).
      throw DecodeError(file: "", message: "`data_sample` has x, y and label lists of different lengths")
    }
    for (i, surface) in (result.analyses?.lossSurfaces ?? []).enumerated() {
      let path = "analyses.loss_surfaces[\(i)]"
      if surface.resolution < 2 || surface.resolution > 1000 || surface.values.count != surface.resolution * surface.resolution  // safe: resolution ≤ 1000 checked first
        || surface.minimum.count != 2 || surface.paths.contains(where: { $0.x.count != $0.y.count })
      {
        throw DecodeError(file: "", message: "`\(path)` is malformed (grid size, minimum or path lengths)")
      }
      if !isAxisRange(surface.xRange) || !isAxisRange(surface.yRange) {
        throw DecodeError(file: "", message: "`\(path).x_range` and `y_range` must each be two finite numbers, the first below the second")
      }
      if !surface.minimum.allSatisfy(\.isFinite) || !surface.minimumLoss.isFinite || !surface.values.allSatisfy(\.isFinite) {
        throw DecodeError(file: "", message: "`\(path)` holds values that are not finite")
      }
    }
    for (i, run) in result.runs.enumerated() {
      let h = run.history
      let n = h.step.count
      let lengths = [h.epoch.count, h.trainLoss.count, h.testLoss.count, h.trainAccuracy.count,
        h.testAccuracy.count, h.learningRate.count, h.batchLoss.count]
      if lengths.contains(where: { $0 != n }) {
        throw DecodeError(file: "", message: "`runs[\(i)].history` (variant `\(run.variant)`) has series of different lengths")
      }
      if let grid = run.boundary {
        let path = "runs[\(i)].boundary"
        if grid.resolution < 2 || grid.resolution > 1000 || grid.values.count != grid.resolution * grid.resolution {  // safe: resolution ≤ 1000 checked first
          throw DecodeError(file: "", message: "`\(path)` is malformed: `values` must hold resolution × resolution numbers (resolution 2 to 1000)")
        }
        if !isAxisRange(grid.xRange) || !isAxisRange(grid.yRange) {
          throw DecodeError(file: "", message: "`\(path).x_range` and `y_range` must each be two finite numbers, the first below the second")
        }
        if grid.classes < 2 || grid.classes > DataLoader.maxClasses {
          throw DecodeError(file: "", message: "`\(path).classes` must be between 2 and \(DataLoader.maxClasses), not \(grid.classes)")
        }
        if !grid.values.allSatisfy(\.isFinite) {
          throw DecodeError(file: "", message: "`\(path).values` holds numbers that are not finite")
        }
      }
      try checkLength(run.label, ExperimentParser.maxLabelLength, at: "runs[\(i)].label")
      if let classification = run.classification {
        let path = "runs[\(i)].classification"
        let k = classification.confusion.count
        if k < 2 || k > DataLoader.maxClasses || classification.confusion.contains(where: { $0.count != k || $0.contains { $0 < 0 } })
          || classification.perClass.count != k
        {
          throw DecodeError(file: "", message: "`\(path).confusion` must be a square table of 2 to \(DataLoader.maxClasses) classes of non-negative counts, with one `per_class` entry per class")
        }
        if let roc = classification.roc {
          let rates = roc.falsePositiveRate + roc.truePositiveRate
          if roc.falsePositiveRate.count != roc.truePositiveRate.count || roc.falsePositiveRate.count > 10_000
            || !rates.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 }) || !roc.auc.isFinite
          {
            throw DecodeError(file: "", message: "`\(path).roc` must hold two lists of equal length (at most 10000) of rates in [0, 1] and a finite `auc`")
          }
        }
      }
      if run.diagnostics.probePercentiles.contains(where: { $0.count != 3 && !$0.isEmpty }) {
        throw DecodeError(file: "", message: "`runs[\(i)].diagnostics.probe_percentiles` (variant `\(run.variant)`) holds entries that are not triples")
      }
    }
  }

  /// Keys whose values (or list items) are integers, with the smallest value they allow.
  static let integerKeys: [String: Int] = [
    "seed": 0, "seeds": 0, "step": 0, "steps": 0, "resolution": 0, "classes": 0, "trial": 0,
    "probe_layer": 0, "diverged_at_step": 0, "label": 0, "features": 0, "planned_runs": 0,
  ]

  /// Where a document that does not decode goes wrong: a syntax error's line and column, or
  /// the key path of the first integer field holding something else.
  static func locateProblem(_ bytes: [UInt8]) -> String? {
    let tree: Any
    do {
      tree = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    } catch {
      let detail = ((error as NSError).userInfo["NSDebugDescription"] as? String) ?? ""
      if detail.contains("end of file") {
        return "is not valid JSON: it ends early (was it cut off while being written or copied?)"
      }
      guard let range = detail.range(of: "around character "),
        let offset = Int(detail[range.upperBound...].prefix(while: \.isNumber)), offset >= 0
      else { return nil }
      let before = bytes.prefix(offset)
      let line = before.count(where: { $0 == 0x0A }) + 1
      let column = offset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
      return "is not valid JSON: invalid value at line \(line), column \(column)"
    }
    var pending: [(String, Any, String?)] = [("", tree, nil)]
    var visited = 0
    while let (path, value, key) = pending.popLast(), visited < 10_000_000 {
      visited += 1
      if let object = value as? [String: Any] {
        for name in object.keys.sorted().reversed() {
          pending.append((path.isEmpty ? name : "\(path).\(name)", object[name] ?? NSNull(), name))
        }
      } else if let array = value as? [Any] {
        for (index, item) in array.enumerated().reversed() { pending.append(("\(path)[\(index)]", item, key)) }
      } else if let key, let minimum = integerKeys[key], let number = value as? NSNumber, !(value is Bool) {
        let double = number.doubleValue
        if double != double.rounded() || double < Double(minimum) || abs(double) > 9.2e18 {
          return "`\(path)` must be an integer ≥ \(minimum), not \(number)"
        }
      }
    }
    return nil
  }

  static func path(_ keys: [any CodingKey]) -> String {
    keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
      .trimmingCharacters(in: CharacterSet(charactersIn: "."))
  }

  /// One row per logged point: `variant,seed,step,epoch,train_loss,...` then `trial`, `batch_loss`.
  /// `metrics.csv`: one row per logged point, the contract's columns, then `trial`,
  /// `batch_loss`, and one column per swept key holding the run's value of it.
  public static func csv(_ result: ExperimentResult) -> [UInt8] {
    let swept = result.sweepKeys
    var lines = [
      (["variant", "seed", "step", "epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy",
        "learning_rate", "trial", "batch_loss"] + swept.map(csvField)).joined(separator: ",")
    ]
    func cell(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
    for run in result.runs {
      let h = run.history
      let settings = result.settings(of: run)
      let sweptCells = swept.map { key in
        Schema.byPath[key].map { csvField(csvText($0.value(in: settings))) } ?? ""
      }
      for i in h.step.indices {
        lines.append(
          ([
            csvField(run.variant), "\(run.seed)", "\(h.step[i])", "\(h.epoch[i])",
            cell(h.trainLoss[i]), cell(h.testLoss[i]), cell(h.trainAccuracy[i]),
            cell(h.testAccuracy[i]), cell(h.learningRate[i]), run.trial.map(String.init) ?? "",
            cell(h.batchLoss[i]),
          ] + sweptCells).joined(separator: ","))
      }
    }
    return Array((lines.joined(separator: "\n") + "\n").utf8)
  }

  /// A value as a CSV cell: numbers as numbers, null empty, lists as `[64, 64]`.
  static func csvText(_ value: ConfigValue) -> String {
    value == .null ? "" : value.description
  }

  static func csvField(_ s: String) -> String {
    s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }

  /// The fully resolved configuration of every variant, as YAML with keys in schema order.
  public static func resolvedYAML(_ experiment: ExperimentFile) -> [UInt8] {
    var pairs: [(Node, Node)] = [
      (Node("name"), Node(experiment.name)),
      (Node("title"), Node(experiment.title)),
      (Node("seeds"), Node(experiment.seeds.map { Node(String($0)) })),
    ]
    var variantPairs: [(Node, Node)] = []
    for variant in experiment.variants {
      let settings = experiment.settings(of: variant)
      var entries: [(Node, Node)] = [(Node("label"), Node(variant.label, .implicit, .doubleQuoted))]
      if let color = variant.color { entries.append((Node("color"), Node(color, .implicit, .doubleQuoted))) }
      for spec in Schema.keys {
        entries.append((Node(spec.path), node(for: spec.value(in: settings))))
      }
      variantPairs.append((Node(variant.name), Node(entries)))
    }
    pairs.append((Node("variants"), Node(variantPairs)))
    if !experiment.commandLineOverrides.isEmpty {
      pairs.append((Node("command_line_overrides"), Node(experiment.commandLineOverrides.map { (Node($0.key), node(for: $0.value)) })))
    }
    if let sweep = experiment.sweep {
      let trials = SweepSampler.trials(of: sweep)
      pairs.append((Node("sweep_trials"), Node(trials.map { trial in
        Node(sweep.parameters.compactMap { key, _ in trial[key].map { (Node(key), node(for: $0)) } })
      })))
    }
    let text = (try? Yams.serialize(node: Node(pairs), sortKeys: false)) ?? ""
    return Array(("# Resolved configuration written by normlab \(normlabVersion).\n" + text).utf8)
  }

  static func node(for value: ConfigValue) -> Node {
    switch value {
    case .list(let items): return Node(items.map(node(for:)), .implicit, .flow)
    case .string(let s): return Node(s)
    default: return Node(value.description)
    }
  }
}
