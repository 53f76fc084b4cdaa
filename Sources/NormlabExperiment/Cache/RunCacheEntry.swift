import Foundation
import NormlabEngine

/// One run cache entry as bytes: a short text header, then the key's canonical document and
/// the run record as JSON, each on one line.
///
/// ```
/// normlab run cache entry
/// format 1
/// key <SHA-256 of the canonical key document>
/// sha256 <SHA-256 of everything after the blank line>
///
/// {"build":...,"seed":1,...}          the canonical key document
/// {"diagnostics":...,"final":...}     the run record, sorted keys
/// ```
///
/// The checksum covers the body, and the stored key document must equal the one asked for,
/// so a truncated, corrupted or mis-filed entry is refused rather than served. The checksum
/// detects damage, not deliberate forgery: whoever can write the cache can also write the
/// experiment's data files.
public enum RunCacheEntry {
  static let magic = "normlab run cache entry"
  /// Entries larger than this are refused before they are parsed.
  public static let maxBytes = MetricsCodec.maxMetricsBytes

  public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
    case notAnEntry
    case otherFormat(String)
    case tooLarge(Int)
    case keyMismatch
    case checksumMismatch
    case malformed(String)

    public var description: String {
      switch self {
      case .notAnEntry: return "it is not a run cache entry"
      case .otherFormat(let format): return "it has entry format \(format), this normlab reads \(RunKey.format)"
      case .tooLarge(let size): return "it is \(size >> 20) MiB, more than \(RunCacheEntry.maxBytes >> 20) MiB"
      case .keyMismatch: return "it holds another run than its name says"
      case .checksumMismatch: return "its checksum does not match (a damaged or edited entry)"
      case .malformed(let why): return "its record cannot be read: \(why)"
      }
    }
  }

  /// The entry of `record` under `key`.
  public static func encode(_ record: RunRecord, key: RunKey) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let body = key.canonical + [0x0A] + Array(try encoder.encode(record)) + [0x0A]
    let header = "\(magic)\nformat \(RunKey.format)\nkey \(key.digest)\nsha256 \(ContentDigest.sha256(body))\n\n"
    return Array(header.utf8) + body
  }

  /// The header's fields of `bytes` (magic, format, key, checksum) and where the body starts.
  struct Header {
    var format: String
    var key: String
    var checksum: String
    var bodyStart: Int
  }

  static func header(of bytes: [UInt8]) throws(Problem) -> Header {
    // Five lines: magic, format, key, sha256, blank. Each is short; look no further than 512 bytes.
    var lines: [String] = []
    var start = 0
    var index = 0
    while lines.count < 5 {
      guard index < min(bytes.count, 512) else { throw .notAnEntry }
      if bytes[index] == 0x0A {
        lines.append(String(decoding: bytes[start..<index], as: UTF8.self))
        start = index + 1
      }
      index += 1
    }
    guard lines[0] == magic, lines[4].isEmpty else { throw .notAnEntry }
    func field(_ line: String, _ name: String) throws(Problem) -> String {
      guard line.hasPrefix(name + " ") else { throw .notAnEntry }
      return String(line.dropFirst(name.count + 1))
    }
    return Header(
      format: try field(lines[1], "format"), key: try field(lines[2], "key"),
      checksum: try field(lines[3], "sha256"), bodyStart: start)
  }

  /// The key digest an entry says it holds, without checking the rest (for `cache info`).
  public static func keyDigest(of bytes: [UInt8]) -> String? {
    try? header(of: bytes).key
  }

  /// The key document stored in an entry, without checking the record (for `cache info`).
  public static func keyDocument(of bytes: [UInt8]) -> [UInt8]? {
    guard let header = try? header(of: bytes) else { return nil }
    let body = bytes[header.bodyStart...]
    guard let end = body.firstIndex(of: 0x0A) else { return nil }
    return Array(body[..<end])
  }

  /// The record stored in `bytes` for `key`. Refuses an entry of another format, of another
  /// key, with a wrong checksum, or whose record does not decode or would not render.
  public static func decode(_ bytes: [UInt8], key: RunKey) throws(Problem) -> RunRecord {
    guard bytes.count <= maxBytes else { throw .tooLarge(bytes.count) }
    let header = try header(of: bytes)
    guard header.format == String(RunKey.format) else { throw .otherFormat(String(header.format.prefix(20))) }
    let body = bytes[header.bodyStart...]
    guard ContentDigest.sha256(body) == header.checksum else { throw .checksumMismatch }
    guard header.key == key.digest, let split = body.firstIndex(of: 0x0A),
      body[body.startIndex..<split].elementsEqual(key.canonical)
    else { throw .keyMismatch }
    let record: RunRecord
    do {
      record = try JSONDecoder().decode(RunRecord.self, from: Data(body[(split + 1)...]))
    } catch {
      throw .malformed("\(error)")
    }
    // The same consistency checks as a metrics.json that is read back: a report is drawn
    // from this record.
    do {
      try MetricsCodec.validate(single(record))
    } catch let problem as MetricsCodec.DecodeError {
      throw .malformed(problem.message)
    } catch {
      throw .malformed("\(error)")
    }
    return record
  }

  /// A result holding only `record`, for the checks `MetricsCodec.validate` makes.
  static func single(_ record: RunRecord) -> ExperimentResult {
    ExperimentResult(
      experiment: "cache", normlabVersion: normlabVersion, title: "", description: "", seeds: [record.seed],
      quick: false, interrupted: false, shard: nil, variants: [], sweepKeys: [],
      report: ReportRecord(template: "default", charts: [], exclude: [], sections: []), runs: [record],
      expectations: [], dataSample: nil, date: nil, commit: nil)
  }
}

extension RunCacheEntry {
  /// Checks an entry without knowing the run it is for (`normlab cache info --verify`): the
  /// header, the checksum, and that the stored key document hashes to `digest`, the entry's
  /// name. Returns the key document.
  public static func verify(_ bytes: [UInt8], digest: String) throws(Problem) -> [UInt8] {
    guard bytes.count <= maxBytes else { throw .tooLarge(bytes.count) }
    let header = try header(of: bytes)
    guard header.format == String(RunKey.format) else { throw .otherFormat(String(header.format.prefix(20))) }
    let body = bytes[header.bodyStart...]
    guard ContentDigest.sha256(body) == header.checksum else { throw .checksumMismatch }
    guard let split = body.firstIndex(of: 0x0A) else { throw .malformed("no key document") }
    let document = Array(body[..<split])
    guard header.key == digest, ContentDigest.sha256(document) == digest else { throw .keyMismatch }
    return document
  }

  /// The normlab version and floating-point build a key document names, for `cache info`.
  public static func origin(ofKeyDocument document: [UInt8]) -> (version: String, build: FloatingPointBuild)? {
    struct Origin: Decodable {
      var normlabVersion: String
      var build: FloatingPointBuild
      enum CodingKeys: String, CodingKey { case normlabVersion = "normlab_version", build }
    }
    guard let origin = try? JSONDecoder().decode(Origin.self, from: Data(document)) else { return nil }
    return (origin.normlabVersion, origin.build)
  }
}
