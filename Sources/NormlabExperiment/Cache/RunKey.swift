import Foundation
import NormlabEngine

/// The run cache's key of one prepared run: SHA-256 over a canonical JSON document of
/// everything that can change the run's result, so a cached result is reused only where
/// training again would give the same numbers.
///
/// The document holds, with sorted keys and no spaces:
/// - `settings`: the run's resolved typed settings as the engine sees them (after `--quick`);
/// - `network`, `training`: the engine configuration made from them and the data's shape
///   (`--quick`'s step limit, the resolved `log_every`);
/// - `seed` and `trial`;
/// - `data`: the data's fingerprint (every data file's bytes as read, or the generator);
/// - `normlab_version`, `format` (this encoding) and `record_layout` (the stored fields of a
///   run record), so an upgrade never reads entries of another layout;
/// - `build`: architecture, BLAS library and kernels, compiler, optimisation
///   (`FloatingPointBuild`).
///
/// Labels and colours are not in it: they do not change a run's numbers, and a reused record
/// takes them from the current plan.
public struct RunKey: Sendable, Hashable, CustomStringConvertible {
  /// Bump when the document or the entry layout changes meaning.
  public static let format = 1

  /// 64 lowercase hex digits; names the entry.
  public let digest: String
  /// The canonical document the digest is taken over; stored in the entry and compared on
  /// lookup, so a mis-filed entry is never served.
  public let canonical: [UInt8]

  public var description: String { digest }

  struct Document: Encodable {
    var format: Int
    var normlabVersion: String
    var recordLayout: String
    var build: FloatingPointBuild
    var settings: ExperimentSettings
    var network: NetworkSpec
    var training: TrainingOptions
    var seed: UInt64
    var trial: Int?
    var data: String

    enum CodingKeys: String, CodingKey {
      case format, normlabVersion = "normlab_version", recordLayout = "record_layout", build
      case settings, network, training, seed, trial, data
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(format, forKey: .format)
      try c.encode(normlabVersion, forKey: .normlabVersion)
      try c.encode(recordLayout, forKey: .recordLayout)
      try c.encode(build, forKey: .build)
      try c.encode(settings, forKey: .settings)
      try c.encode(network, forKey: .network)
      try c.encode(training, forKey: .training)
      try c.encode(seed, forKey: .seed)
      // Written as null when absent: "no trial" is a value of the key too.
      try c.encode(trial, forKey: .trial)
      try c.encode(data, forKey: .data)
    }
  }

  /// The key of `prepared` on `build`; nil when the settings cannot be encoded (such a run is
  /// trained and not cached).
  public init?(_ prepared: PreparedRun, build: FloatingPointBuild = .current) {
    let document = Document(
      format: Self.format, normlabVersion: normlabVersion, recordLayout: RecordLayout.fingerprint,
      build: build, settings: prepared.run.settings, network: prepared.configuration.network,
      training: prepared.configuration.training, seed: prepared.run.seed, trial: prepared.run.trial,
      data: prepared.data.fingerprint)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    guard let bytes = try? encoder.encode(document) else { return nil }
    canonical = Array(bytes)
    digest = ContentDigest.sha256(canonical)
  }

  /// True for 64 lowercase hex digits: the only names the store reads or removes.
  public static func isDigest(_ text: some StringProtocol) -> Bool {
    text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }
}

/// The stored shape of a run record: every field's name and type, nested records included,
/// found by reflection on a record with every optional part present. A field added to
/// `RunRecord` (or to its final metrics, history or diagnostics) changes it, so entries
/// written before the field existed are not served as if they had it.
enum RecordLayout {
  static let fingerprint: String = ContentDigest.sha256(describe(sample, depth: 0).utf8)

  static func describe(_ value: Any, depth: Int) -> String {
    let mirror = Mirror(reflecting: value)
    guard depth < 8 else { return "" }
    switch mirror.displayStyle {
    case .struct:
      return "{" + mirror.children.map { child in
        "\(child.label ?? "_"):\(type(of: child.value))" + describe(child.value, depth: depth + 1)
      }.joined(separator: ",") + "}"
    case .optional:
      return mirror.children.first.map { describe($0.value, depth: depth + 1) } ?? ""
    default:
      return ""
    }
  }

  static var sample: RunRecord {
    RunRecord(
      variant: "v", label: "v", color: "#000000", seed: 1, trial: 0, parameters: [:],
      settings: ExperimentSettings(),
      final: FinalMetrics(
        trainLoss: 0, testLoss: 0, trainAccuracy: 0, testAccuracy: 0, steps: 0, epochs: 0,
        diverged: false, divergedAtStep: 0, interrupted: false, wallSeconds: 0, stepsPerSecond: 0),
      history: HistoryRecord(
        step: [], epoch: [], trainLoss: [], testLoss: [], trainAccuracy: [], testAccuracy: [],
        learningRate: [], batchLoss: []),
      diagnostics: DiagnosticsRecord(
        gradientNorms: [], weightNorms: [], probePercentiles: [], probeLayer: 0, saturation: [],
        batchNormRunningMean: [], batchNormRunningVariance: []),
      boundary: BoundaryGrid(xRange: [], yRange: [], resolution: 0, values: [], classes: 0))
  }
}
