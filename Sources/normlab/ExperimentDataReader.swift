import Foundation
import NormlabExperiment
import Synchronization

/// Reads the data files an experiment names. A relative path is relative to the experiment
/// file and may lead anywhere (`../data/train.csv`, through symbolic links): the experiment
/// file is trusted like a Makefile. What stays refused: FIFOs, devices and oversized files.
/// Every file read is remembered, so the report folder can be checked not to hold one.
final class ExperimentDataReader: DataFileReader, Sendable {
  let folder: URL
  /// The experiment's folder as the user wrote it, for messages (empty for the working folder).
  let shownFolder: String
  private let readPaths = Mutex<[String]>([])

  init(experimentFile path: String) {
    folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL
    shownFolder = (path as NSString).deletingLastPathComponent
  }

  /// Every data file read so far, as absolute paths.
  var filesRead: [String] { readPaths.withLock { $0 } }

  func resolved(_ path: String) -> URL {
    path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path).standardizedFileURL
  }

  func displayPath(_ path: String) -> String {
    path.hasPrefix("/") || shownFolder.isEmpty ? path : (shownFolder as NSString).appendingPathComponent(path)
  }

  func read(_ path: String) throws(DataError) -> [UInt8] {
    let url = resolved(path)
    switch InputFile.bytes(at: url.path, what: "data file") {
    case .success(let bytes):
      readPaths.withLock { $0.append(url.path) }
      return bytes
    case .failure(let problem):
      var message = problem.message
      if message == "data file not found" {
        message = "not found (looked in \(url.deletingLastPathComponent().path))"
      }
      throw DataError(file: path, message: message, hint: problem.hint)
    }
  }
}
