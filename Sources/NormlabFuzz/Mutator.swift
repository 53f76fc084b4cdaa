import Foundation
import NormlabEngine

/// The input formats the fuzzer feeds to normlab's loaders.
enum InputKind: String, CaseIterable, Sendable {
  case yaml, csv, idx, metrics
}

/// Seeded byte-level mutations with format-aware dictionaries: every input is a function of
/// (seed, index) alone, so any failure can be replayed with `--only INDEX`.
struct Mutator {
  var rng: SplitMix64
  /// Inputs are capped so one input stays cheap; the pathological generators make their own.
  static let maxLength = 1 << 20

  static let interestingNumbers = [
    "0", "-1", "1", "2", "-0", "255", "256", "65535", "65536", "2147483647", "2147483648",
    "4294967295", "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
    "18446744073709551616", "1e308", "1e309", "-1e309", "1e-320", "0.0000001", "1000000000",
    "100000000", "10000000", ".nan", "NaN", "nan", ".inf", "-.inf", "inf", "Infinity", "0x10", "1_000",
  ]

  static let tokens: [InputKind: [String]] = [
    .yaml: [
      ": ", "- ", "\n", "\n  ", "  ", "[", "]", "{", "}", ",", "&a ", "*a", "<<: *a", "!!str ",
      "!!binary ", "? ", "|\n  ", ">-\n  ", "\"", "'", "#", "---\n", "...\n", "%YAML 1.1\n", "\t", "~",
      "null", "true", "yes", "variants:\n  ", "../", "/etc/passwd", "expect:\n  - ", "sweep:\n  ",
      "model.layers: ", "data.dataset: ", "bn.test_accuracy > ", " * ", "(", ")", "\u{FEFF}", "é", "\r\n",
      "expect:\n  - \"base.test_loss < (((1)))\"\n", " + 1", "- - -", "((((((((", "))))))))", "best_test_accuracy",
      "report:\n  template: ", "report:\n  charts: [sweep, decision_boundary]\n", "noise: 1e39", "title: ",
    ],
    .csv: [",", "\n", "\r\n", "\"", "\"\"", " ", "\t", "label", "x", "-", "e", "E", ".", "\u{FEFF}", "é", "\0"],
    .idx: [],
    .metrics: [
      "null", "true", "false", "[]", "{}", "\"\"", ",", ":", "[", "]", "{", "}", "\"runs\"",
      "\"history\"", "\"step\"", "\"boundary\"", "\"resolution\"", "\"values\"", "\"classes\"",
      "\"diverged\"", "\"diverged_at_step\"", "\"seed\"", "\"trial\"", "\"color\"", "\"#zzzzzz\"",
      "\"variant\"", "\"charts\"", "\"template\"", "\"../x\"", "\\u0000", "\\ud800", "1e999",
    ],
  ]

  mutating func int(_ bound: Int) -> Int { rng.nextIndex(below: bound) }
  mutating func chance(_ p: Double) -> Bool { rng.nextUniform() < p }

  /// Stacked mutations of `input` (one or two mostly, up to eight); `others` supplies splice
  /// partners. Metrics inputs are mostly mutated as JSON values, so they stay parseable and
  /// reach the decoder's checks and the renderer.
  mutating func mutate(_ input: [UInt8], kind: InputKind, others: [[UInt8]]) -> [UInt8] {
    var bytes = input
    if kind == .metrics, chance(0.75), var tree = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) {
      for _ in 0..<(1 + (chance(0.5) ? 0 : int(4))) {
        // A quarter of the time aim at what renderers trust most: axis ranges and class counts.
        tree = chance(0.25) ? mutateRangesAndClasses(tree, depth: 0) : mutateJSON(tree, depth: 0)
      }
      if let data = try? JSONSerialization.data(withJSONObject: tree, options: [.fragmentsAllowed]) {
        return Array(data.prefix(Mutator.maxLength))
      }
    }
    let count = chance(0.6) ? 1 : (chance(0.5) ? 2 : 1 + int(8))
    for _ in 0..<count {
      apply(&bytes, kind: kind, others: others)
      if bytes.count > Mutator.maxLength { bytes.removeLast(bytes.count - Mutator.maxLength) }
    }
    return bytes
  }

  mutating func apply(_ bytes: inout [UInt8], kind: InputKind, others: [[UInt8]]) {
    let position = bytes.isEmpty ? 0 : int(bytes.count + 1)
    switch int(kind == .idx ? 7 : 10) {
    case 0 where !bytes.isEmpty:
      let i = int(bytes.count)
      bytes[i] ^= UInt8(1) << UInt8(int(8))
    case 1 where !bytes.isEmpty:
      let interesting: [UInt8] = [0, 0xFF, 0x7F, 0x80, 0x0A, 0x3A, 0x2D, 0x2C, 0x22, 0x5B, 0x7B, 0x2A, 0x26, 0x20]
      bytes[int(bytes.count)] = interesting[int(interesting.count)]
    case 2 where !bytes.isEmpty:
      let start = int(bytes.count)
      bytes.removeSubrange(start..<min(bytes.count, start + 1 + int(32)))
    case 3 where !bytes.isEmpty:
      let start = int(bytes.count)
      let chunk = Array(bytes[start..<min(bytes.count, start + 1 + int(64))])
      let copies = chance(0.1) ? 1 + int(2000) : 1
      let insertAt = int(bytes.count + 1)
      var repeated: [UInt8] = []
      for _ in 0..<copies where repeated.count < Mutator.maxLength { repeated += chunk }
      bytes.insert(contentsOf: repeated, at: insertAt)
    case 4 where !others.isEmpty:
      // Splice: this input's head with another's tail.
      let other = others[int(others.count)]
      let cut = int(bytes.count + 1)
      let otherCut = int(other.count + 1)
      bytes = Array(bytes[..<cut]) + Array(other[otherCut...])
    case 5 where bytes.count >= 4:
      // A big-endian 32-bit word set to an edge value (IDX headers, lengths).
      let words: [UInt32] = [0, 1, 2, 3, 0x7F, 0xFF, 0x100, 0xFFFF, 0x10000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x803, 0x801, 28, 60000]
      let word = words[int(words.count)]
      let at = kind == .idx && chance(0.7) ? 4 * int(min(4, bytes.count / 4)) : int(bytes.count - 3)
      for k in 0..<4 where at + k < bytes.count { bytes[at + k] = UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * k)) }
    case 6:
      let random = (0..<(1 + int(16))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
      bytes.insert(contentsOf: random, at: position)
    case 7:
      let list = Mutator.tokens[kind] ?? []
      guard !list.isEmpty else { return }
      bytes.insert(contentsOf: Array(list[int(list.count)].utf8), at: position)
    case 8:
      replaceNumber(&bytes)
    case 9:
      // Swap two lines: keys move to other sections, rows move above the header.
      var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
      guard lines.count > 1 else { return }
      lines.swapAt(int(lines.count), int(lines.count))
      bytes = Array(lines.joined(separator: [0x0A]))
    default:
      bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: position)
    }
  }

  /// Descends to a random value of a JSON tree and replaces it with an edge case of some type.
  mutating func mutateJSON(_ value: Any, depth: Int) -> Any {
    if var object = value as? [String: Any], !object.isEmpty, depth < 12, chance(0.85) {
      let keys = object.keys.sorted()
      let key = keys[int(keys.count)]
      if chance(0.08) {
        object[key] = nil
      } else if let child = object[key] {
        object[key] = mutateJSON(child, depth: depth + 1)
      }
      return object
    }
    if var array = value as? [Any], !array.isEmpty, depth < 12, chance(0.85) {
      switch int(8) {
      case 0: return [Any]()
      case 1: array.removeLast(1 + int(array.count))
      case 2: array.append(array[int(array.count)])
      case 3:
        // Long runs of one scalar; containers are only doubled, so stacked mutations cannot
        // grow the tree multiplicatively.
        let element = array[int(array.count)]
        let isContainer = element is [Any] || element is [String: Any]
        array = Array(repeating: element, count: isContainer ? 2 : 1 + int(3000))
      default:
        let i = int(array.count)
        array[i] = mutateJSON(array[i], depth: depth + 1)
      }
      return array
    }
    switch int(12) {
    case 0: return NSNull()
    case 1: return chance(0.5)
    case 2: return ""
    case 3: return String(repeating: "é/..", count: 1 + int(5000))
    case 4: return [Any]()
    case 5: return [String: Any]()
    case 6: return [-1, 0, 1, 2, 3, 60, 1000, 1_000_000, Int(Int32.max), Int.max, Int.min][int(11)]
    case 7: return [-1e308, 1e308, 1e-308, -0.0, 0.5, 1.5, 1e15, 9.3e18, -9.3e18, 1e19][int(10)]
    case 8: return "#" + String(repeating: "f", count: int(9))
    case 9: return ["loss", "accuracy", "../../x", "a/b", "", "default", "0/0", "1/1"][int(8)]
    default:
      if let number = value as? Double { return number * [-1, 0, 1e6, 1e-6, 1e300][int(5)] }
      return [Int.max, -1][int(2)]
    }
  }

  /// Sets every `x_range`, `y_range` or `classes` (and, now and then, `label` lists) under a
  /// random branch to an edge case: reversed, empty, zero-width or overflowing ranges, class
  /// counts of 0, 1 or 10^5.
  mutating func mutateRangesAndClasses(_ value: Any, depth: Int) -> Any {
    if var object = value as? [String: Any], depth < 12 {
      for key in object.keys.sorted() {
        switch key {
        case "x_range", "y_range":
          let ranges: [[Double]] = [[3, -3], [1, 1], [-1e308, 1e308], [], [0], [0, 1, 2], [1e308, 1e308]]
          if chance(0.5) { object[key] = ranges[int(ranges.count)] }
        case "classes":
          if chance(0.5) { object[key] = [0, 1, 2, 999, 1000, 1001, 100_000, Int.max, -1][int(9)] }
        case "label" where object[key] is [Any]:
          if chance(0.3) { object[key] = [100_000, -1, Int.max] }
        default:
          if let child = object[key], child is [String: Any] || child is [Any] {
            object[key] = mutateRangesAndClasses(child, depth: depth + 1)
          }
        }
      }
      return object
    }
    if var array = value as? [Any], !array.isEmpty, depth < 12 {
      let i = int(array.count)
      array[i] = mutateRangesAndClasses(array[i], depth: depth + 1)
      return array
    }
    return value
  }

  /// Replaces the run of digits at or after a random position with an interesting number.
  mutating func replaceNumber(_ bytes: inout [UInt8]) {
    let number = Array(Mutator.interestingNumbers[int(Mutator.interestingNumbers.count)].utf8)
    guard !bytes.isEmpty else {
      bytes = number
      return
    }
    let isDigit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
    var start = int(bytes.count)
    while start < bytes.count, !isDigit(bytes[start]) { start += 1 }
    guard start < bytes.count else {
      bytes.insert(contentsOf: number, at: int(bytes.count + 1))
      return
    }
    var end = start
    while end < bytes.count, isDigit(bytes[end]) || bytes[end] == 0x2E || bytes[end] == 0x65 { end += 1 }
    bytes.replaceSubrange(start..<end, with: number)
  }
}

/// Inputs built to be expensive rather than malformed: alias bombs, huge headers, deep nesting.
enum Pathological {
  static func yaml(_ variant: Int) -> [UInt8] {
    switch variant % 8 {
    case 4:
      // Clauses that once exhausted the parser's stack: deep parentheses, signs, long sums.
      let depth = [40, 1000, 50_000][variant / 8 % 3]
      return Array(("name: clauses\nexpect:\n  - \"" + String(repeating: "(", count: depth) + "base.test_loss" + String(repeating: ")", count: depth) + " > 0\"\n"
        + "  - \"" + String(repeating: "- ", count: depth) + "base.test_loss > 0\"\n"
        + "  - \"base.test_loss" + String(repeating: " + 1", count: depth) + " > 0\"\n").utf8)
    case 5:
      return Array("name: noise\ndata: { dataset: scaled, noise: 1e39, scale_ratio: 1e9 }\n".utf8)
    case 6:
      return Array(("name: title\ntitle: \"" + String(repeating: "T", count: 30_000) + "\"\n").utf8)
    case 7:
      return Array("name: work\nseeds: 1000\ntrain: { steps: 100000000, log_every: 1 }\n".utf8)
    case 0:
      // Billion laughs: nine levels of nine aliases, pointed at by a key the parser walks.
      var text = "name: laughs\nsweep:\n  method: grid\n  parameters:\n    model.layers: &l0 [1,1,1,1,1,1,1,1,1]\n"
      for level in 1...9 {
        text += "    x\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ",") + "]\n"
      }
      text += "seeds: *l9\nmodel:\n  layers: *l9\n"
      return Array(text.utf8)
    case 1:
      return Array(("name: deep\nseeds: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
    case 2:
      // A grid of 10^12 combinations.
      var text = "name: grid\nsweep:\n  method: grid\n  parameters:\n"
      for key in ["train.optimizer.lr", "train.epochs", "train.batch_size", "data.noise", "data.samples", "data.seed"] {
        text += "    \(key): [" + (1...100).map { "\($0)" }.joined(separator: ",") + "]\n"
      }
      return Array(text.utf8)
    default:
      return Array("name: wide\ndata:\n  samples: 10000000\n  features: 100000\nmodel:\n  layers: [1000000, 1000000]\n".utf8)
    }
  }

  static func csv(_ variant: Int) -> [UInt8] {
    switch variant % 3 {
    case 0: return Array((String(repeating: "a,", count: 1_000_000) + "label\n").utf8)
    case 1: return Array(("x,label\n" + String(repeating: "\n", count: 1_000_000)).utf8)
    default: return Array(("x,label\n" + String(repeating: "1,1\n", count: 200_000)).utf8)
    }
  }

  /// An image header claiming 2^31 (or 2^32 - 1) images of 28×28 over a tiny body.
  static func idx(_ variant: Int) -> [UInt8] {
    let counts: [UInt32] = [0x8000_0000, 0xFFFF_FFFF, 0x7FFF_FFFF]
    let count = counts[variant % counts.count]
    return header(magic: 0x803, [count, 28, 28]) + [UInt8](repeating: 7, count: 784 * 3)
  }

  static func metrics(_ variant: Int) -> [UInt8] {
    switch variant % 2 {
    case 0: return Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
    default: return Array(("{\"runs\":[" + String(repeating: "{},", count: 100_000) + "{}]}").utf8)
    }
  }

  static func header(magic: UInt32, _ words: [UInt32]) -> [UInt8] {
    ([magic] + words).flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * $0)) } }
  }
}
