import Foundation
import NormlabExperiment
import NormlabExport
import NormlabInterop

/// Writes a result's exports: a TensorBoard log folder (a `ReportFolder`: written to a staging
/// folder and swapped in, replaced only when normlab wrote it, so stale event files of an
/// earlier export never linger) and a tidy CSV file (a temporary name, then a rename; an
/// existing file is replaced only when it is a tidy CSV normlab wrote).
enum ExportWriter {
  /// Refuses, before any work, a log folder that overlaps a report folder or holds an input.
  static func checkLogFolder(_ folder: ReportFolder, reportFolder: String, inputs: [String], flag: String) throws(Failure) {
    try refuseOverlap(folder.destination.path, with: reportFolder, flag: flag)
    try folder.checkWritable(inputs: inputs, flag: flag)
  }

  /// A report folder holds only what normlab wrote there, so an export inside it (or around
  /// it) would make it a folder normlab no longer replaces or re-renders.
  static func refuseOverlap(_ path: String, with reportFolder: String, flag: String) throws(Failure) {
    if InputFile.overlap(path, reportFolder) {
      Console.error("\(path): error: \(flag) overlaps the report folder \(reportFolder); a report folder holds only the report\n    hint: choose a \(flag) outside it")
      throw Failure(code: ExitStatus.badInput)
    }
  }

  static func tensorBoard(_ result: ExperimentResult, to folder: ReportFolder, inputs: [String]) throws(Failure) {
    let files: [TensorBoardFile]
    do {
      files = try ResultExport.tensorBoard(result).logdirFiles(at: ResultExport.timestamp(result))
    } catch {
      Console.error("\(folder.destination.path): error: \(error)")
      throw Failure(code: ExitStatus.badInput)
    }
    try folder.write(files.map { ReportFolder.Entry(path: $0.path, content: .bytes($0.bytes)) }, inputs: inputs)
  }

  /// Refuses a CSV destination normlab must not write: a folder, a link, a file that is not a
  /// tidy CSV it wrote, a path inside the report folder, or one through a file.
  static func checkCSV(_ path: String, reportFolder: String, inputs: [String]) throws(Failure) {
    try refuseOverlap(path, with: reportFolder, flag: "--csv")
    let url = URL(fileURLWithPath: path)
    if let obstacle = ReportFolder.obstacle(above: url.deletingLastPathComponent()) {
      Console.error("\(path): error: cannot create the file: \(obstacle.message)\n    hint: choose another --csv")
      throw Failure(code: obstacle.isPermission ? ExitStatus.writeFailed : ExitStatus.badInput)
    }
    for input in inputs {
      if let real = InputFile.realPath(input), real == InputFile.prospectivePath(path) {
        Console.error("\(path): error: --csv is the input \(input); normlab never overwrites its own inputs")
        throw Failure(code: ExitStatus.badInput)
      }
    }
    var info = stat()
    guard lstat(url.path, &info) == 0 else { return }
    guard info.st_mode & S_IFMT == S_IFREG else {
      Console.error("\(path): error: is not a regular file; normlab replaces only a tidy CSV it wrote\n    hint: choose another --csv")
      throw Failure(code: ExitStatus.badInput)
    }
    let header = Array((TidyCSV.fixedColumns.joined(separator: ",")).utf8)
    let fd = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW)
    var start = [UInt8](repeating: 0, count: header.count)
    let count = fd < 0 ? -1 : start.withUnsafeMutableBytes { read(fd, $0.baseAddress, header.count) }
    if fd >= 0 { close(fd) }
    guard count == header.count, start == header else {
      Console.error("\(path): error: is not a tidy CSV normlab wrote (it does not start with `\(String(decoding: header, as: UTF8.self))`); normlab never overwrites a user's file\n    hint: choose another --csv, or move the file away")
      throw Failure(code: ExitStatus.badInput)
    }
  }

  static func csv(_ result: ExperimentResult, to path: String, reportFolder: String, inputs: [String]) throws(Failure) {
    try checkCSV(path, reportFolder: reportFolder, inputs: inputs)
    let text: String
    do {
      text = try ResultExport.tidyCSV(result)
    } catch {
      Console.error("\(path): error: \(error)")
      throw Failure(code: ExitStatus.badInput)
    }
    let url = URL(fileURLWithPath: path)
    do {
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try FileWriter.writeAtomically(Array(text.utf8), to: url)
    } catch {
      Console.error("\(path): error: cannot write the CSV: \(FileWriter.describe(error))")
      throw Failure(code: ExitStatus.writeFailed)
    }
  }
}
