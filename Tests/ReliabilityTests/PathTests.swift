import Foundation
import Testing

/// Data paths are relative to the experiment file and may lead anywhere (the experiment file is
/// trusted like a Makefile); output names cannot climb out of `--out`.
@Suite struct PathTests {
  static let csv = "x1,x2,label\n0,1,0\n1,0,1\n0.5,0.5,0\n1,1,1\n0,0,0\n1,0.2,1\n"

  /// A scratch tree: `outside.csv` next to `experiment/`, which holds the experiment file.
  func scratch() throws -> (root: URL, folder: URL) {
    let root = try Tool.temporaryDirectory()
    let folder = root.appendingPathComponent("experiment")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Self.csv.write(to: root.appendingPathComponent("outside.csv"), atomically: true, encoding: .utf8)
    try Self.csv.write(to: folder.appendingPathComponent("inside.csv"), atomically: true, encoding: .utf8)
    return (root, folder)
  }

  func check(dataPath: String, in folder: URL) throws -> Tool.Output {
    let file = folder.appendingPathComponent("paths.yaml")
    try "name: paths\ndata: { dataset: csv, path: \"\(dataPath)\", label: label }\nmodel: { layers: [4] }\n"
      .write(to: file, atomically: true, encoding: .utf8)
    return try Tool.run(["check", file.path])
  }

  @Test func relativeDataPathsMayLeadAnywhere() throws {
    // `experiments/` beside `data/` is the most common layout there is: `../data/x.csv` works.
    let (root, folder) = try scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    for path in ["../outside.csv", "sub/../../outside.csv", "./../outside.csv", "inside.csv"] {
      let result = try check(dataPath: path, in: folder)
      #expect(result.status == 0, "\(path): \(result.stderr)")
    }
    let missing = try check(dataPath: "../nowhere.csv", in: folder)
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("not found (looked in \(root.standardizedFileURL.path))"), "\(missing.stderr)")
  }

  @Test func symbolicLinksAreFollowedButFifosAndDevicesAreRefused() throws {
    let (root, folder) = try scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let fm = FileManager.default
    try fm.createSymbolicLink(atPath: folder.appendingPathComponent("link.csv").path, withDestinationPath: "../outside.csv")
    try fm.createSymbolicLink(atPath: folder.appendingPathComponent("up").path, withDestinationPath: root.path)
    for path in ["link.csv", "up/outside.csv"] {
      let result = try check(dataPath: path, in: folder)
      #expect(result.status == 0, "\(path): \(result.stderr)")
    }
    // A FIFO would block a reader forever; a device never ends.
    let fifo = folder.appendingPathComponent("pipe.csv").path
    #expect(mkfifo(fifo, 0o644) == 0)
    let piped = try check(dataPath: "pipe.csv", in: folder)
    #expect(piped.status == 2)
    #expect(piped.stderr.contains("is a named pipe (FIFO)"), "\(piped.stderr)")
    let device = try check(dataPath: "/dev/zero", in: folder)
    #expect(device.status == 2)
    #expect(device.stderr.contains("is a device"), "\(device.stderr)")
  }

  @Test func absolutePathsAreTheUsersChoice() throws {
    let (root, folder) = try scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let result = try check(dataPath: root.appendingPathComponent("outside.csv").path, in: folder)
    #expect(result.status == 0, "\(result.stderr)")
  }

  @Test func variantNamesCannotBePaths() throws {
    let root = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    for name in ["../../etc", "a/b", ".hidden", "-flag", "x\\\\y"] {
      let file = root.appendingPathComponent("variant.yaml")
      try "name: v\nvariants:\n  \"\(name)\": { model.batch_norm: true }\n".write(to: file, atomically: true, encoding: .utf8)
      let result = try Tool.run(["check", file.path])
      #expect(result.status == 2, "\(name): \(result.stderr)")
      #expect(result.stderr.contains("may only contain letters, digits"), "\(name): \(result.stderr)")
    }
  }

  @Test func experimentNamesAreSanitizedIntoOneFolderUnderOut() throws {
    let root = try Tool.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let out = root.appendingPathComponent("a/b/out")
    for name in ["../../etc", "../../../escaped", "/abs/path", "..", "."] {
      let file = root.appendingPathComponent("named.yaml")
      try "name: \"\(name)\"\nseeds: [1]\ndata: { samples: 40 }\nmodel: { layers: [2] }\ntrain: { epochs: 1 }\n"
        .write(to: file, atomically: true, encoding: .utf8)
      let result = try Tool.run(["run", file.path, "--out", out.path, "--no-progress"])
      #expect(result.status == 0, "\(name): \(result.stderr)")
    }
    // Everything written lies in direct subfolders of `out`; nothing appeared beside it.
    let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(written.allSatisfy { !$0.contains("/") && $0 != ".." && $0 != "." && !$0.hasPrefix(".") }, "\(written)")
    #expect(written.count == 5, "\(written)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("a").path) == ["b"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("a/b").path) == ["out"])
    #expect(Set(try FileManager.default.contentsOfDirectory(atPath: root.path)) == ["a", "named.yaml"])
  }
}
