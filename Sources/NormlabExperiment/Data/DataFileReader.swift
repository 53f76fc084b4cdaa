import NormlabEngine
import RealModule

/// Reads data files named in an experiment; the CLI supplies one rooted at the experiment's
/// folder (this library does no file I/O itself).
public protocol DataFileReader: Sendable {
  /// The bytes of `path` as written in the experiment file.
  func read(_ path: String) throws(DataError) -> [UInt8]
  /// How to name `path` in messages so the user can open it (e.g. relative to the working folder).
  func displayPath(_ path: String) -> String
}

extension DataFileReader {
  public func displayPath(_ path: String) -> String { path }
}
