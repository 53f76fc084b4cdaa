import Foundation

/// Runs the built `normlab` executable as a user would; shared by the end-to-end and
/// reliability tests.
public enum CLITool {
  /// The package's top folder (this file is Tests/CLITestSupport/CLITool.swift).
  public static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  public static var executable: URL {
    // The test bundle sits next to the executables SwiftPM built for it.
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = bundle.deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = folder.appendingPathComponent("normlab")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      folder = folder.deletingLastPathComponent()
    }
    return packageRoot.appendingPathComponent(".build/debug/normlab")
  }

  public struct Output: Sendable {
    public var status: Int32
    /// True when the process ended by a signal (a crash, or a kill before the trap was set).
    public var signaled: Bool
    public var stdout: String
    public var stderr: String
  }

  /// The test process's environment with the package's templates and `extra` on top. The run
  /// cache is off (`NORMLAB_CACHE=off`): tests that train must train, and nothing is cached in
  /// the source tree; the cache's own tests pass `--cache DIR` or set `NORMLAB_CACHE`.
  public static func environment(_ extra: [String: String] = [:]) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["NORMLAB_TEMPLATES"] = packageRoot.appendingPathComponent("templates").path
    env["NORMLAB_CACHE"] = "off"
    for (k, v) in extra { env[k] = v }
    return env
  }

  /// Starts `normlab arguments` (or `launcher` + arguments); the caller waits or signals it.
  public static func start(
    _ arguments: [String], in directory: URL? = nil, launcher: [String] = [],
    environment extra: [String: String] = [:]
  ) throws -> (Process, Pipe, Pipe) {
    let process = Process()
    if launcher.isEmpty {
      process.executableURL = executable
      process.arguments = arguments
    } else {
      process.executableURL = URL(fileURLWithPath: launcher[0])
      process.arguments = Array(launcher.dropFirst()) + [executable.path] + arguments
    }
    process.currentDirectoryURL = directory ?? packageRoot
    process.environment = environment(extra)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    return (process, out, err)
  }

  public static func finish(_ process: Process, _ out: Pipe, _ err: Pipe) -> Output {
    // Read both pipes concurrently so a chatty process cannot block on a full pipe.
    let errData = Mutexed<Data>(Data())
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      errData.set(err.fileHandleForReading.readDataToEndOfFile())
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Output(
      status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData.get(), as: UTF8.self))
  }

  public static func run(
    _ arguments: [String], in directory: URL? = nil, launcher: [String] = [],
    environment: [String: String] = [:]
  ) throws -> Output {
    let (process, out, err) = try start(
      arguments, in: directory, launcher: launcher, environment: environment)
    return finish(process, out, err)
  }

  /// A new empty folder under the system's temporary directory.
  public static func temporaryDirectory(prefix: String = "normlab-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

/// A value shared between a test and a reader thread.
public final class Mutexed<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value
  public init(_ value: Value) { self.value = value }
  public func get() -> Value { lock.withLock { value } }
  public func set(_ newValue: Value) { lock.withLock { value = newValue } }
}
