import ArgumentParser
import Foundation
import NormlabEngine

/// `normlab bench`: times the training step on the fixed workloads W1 and W2 (see
/// `BenchmarkWorkload`) after a warm-up, and reports steps/s, ms/step and peak memory.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure training speed on the W1 and W2 workloads.",
    discussion: """
      W1: 784-100-100-100-10 sigmoid, batch 60, SGD; W2: 2-64-64-64-1 ReLU, batch 64, Adam; both
      float32 on generated data with a fixed seed. Peak memory is the process's VmHWM, reset
      before each workload.
      """)

  @Option(help: "w1, w2 or all.") var workload: String = "all"
  @Flag(help: "Batch Normalization before each activation.") var bn = false
  @Option(help: "Timed steps (default: 3000 for W1, 30000 for W2), after a warm-up of a tenth as many.")
  var steps: Int?
  @Option(help: "Threads per training step: 2 splits each large matrix product across two cores (`run` uses 1 per run).")
  var threads: Int = 1
  @Flag(help: "One JSON object per workload.") var json = false
  @Option(help: "Scaling studies: units per hidden layer instead of the workload's.") var width: Int?
  @Option(help: "Scaling studies: number of hidden layers instead of 3.") var depth: Int?
  @Option(help: "Scaling studies: batch size instead of the workload's.") var batch: Int?

  static let maxSteps = 1_000_000

  func validate() throws {
    guard workload == "all" || BenchmarkWorkload(rawValue: workload) != nil else {
      throw ValidationError("--workload must be w1, w2 or all, not `\(workload)`")
    }
    // A million W1 steps take about ten minutes; more is a typo, not a benchmark.
    if let steps, !(1...Self.maxSteps).contains(steps) {
      throw ValidationError("--steps must be 1 to \(Self.maxSteps)")
    }
    guard (1...2).contains(threads) else { throw ValidationError("--threads must be 1 or 2") }
    for (name, value, limit) in [("--width", width, 8192), ("--depth", depth, 64), ("--batch", batch, 60_000)] {
      if let value, !(1...limit).contains(value) {
        throw ValidationError("\(name) must be 1 to \(limit)")
      }
    }
  }

  func run() throws {
    setBLASThreadCount(1)
    let workloads = workload == "all" ? BenchmarkWorkload.allCases : BenchmarkWorkload(rawValue: workload).map { [$0] } ?? []
    for item in workloads {
      let result = measure(item)
      if json {
        print(result.json)
      } else {
        print(result.text)
      }
    }
  }

  struct Measurement {
    var workload: BenchmarkWorkload
    var batchNorm: Bool
    var steps: Int
    var seconds: Double
    var peakRSSMegabytes: Double?
    var dataMegabytes: Double
    var finalLoss: Double
    var threads: Int

    var stepsPerSecond: Double { Double(steps) / seconds }

    var json: String {
      let rss = peakRSSMegabytes.map { String(format: "%.1f", $0) } ?? "null"
      return """
        {"workload":"\(workload.rawValue)","batch_norm":\(batchNorm),"steps":\(steps),\
        "steps_per_second":\(String(format: "%.1f", stepsPerSecond)),\
        "ms_per_step":\(String(format: "%.4f", 1000 * seconds / Double(steps))),\
        "peak_rss_mb":\(rss),"data_mb":\(String(format: "%.1f", dataMegabytes)),\
        "threads":\(threads),"final_loss":\(finalLoss.isFinite ? String(format: "%.6f", finalLoss) : "null")}
        """
    }

    var text: String {
      let rss = peakRSSMegabytes.map { String(format: "%.0f MB", $0) } ?? "unknown"
      return String(
        format: "%@%@: %.0f steps/s, %.4f ms/step, peak RSS %@ (data %.0f MB), %d steps",
        workload.rawValue, batchNorm ? "+bn" : "", stepsPerSecond,
        1000 * seconds / Double(steps), rss, dataMegabytes, steps)
    }
  }

  func measure(_ workload: BenchmarkWorkload) -> Measurement {
    PeakMemory.reset()
    let data = workload.data()
    let timed = steps ?? workload.defaultTimedSteps
    var options = workload.training
    if let batch { options.batchSize = batch }
    var session = TrainingSession<Float>(
      spec: workload.spec(batchNorm: bn, width: width, depth: depth), options: options, seed: 1,
      train: data)
    if threads > 1 { session.splitProducts(with: ProductSplitter()) }
    for _ in 0..<max(workload.warmUpSteps, min(timed, 50)) { session.trainStep() }
    let clock = ContinuousClock()
    let start = clock.now
    var loss = 0.0
    for _ in 0..<timed { loss = session.trainStep() }
    let elapsed = clock.now - start
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return Measurement(
      workload: workload, batchNorm: bn, steps: timed, seconds: max(seconds, 1e-9),
      peakRSSMegabytes: PeakMemory.megabytes(),
      dataMegabytes: Double(data.features.count * MemoryLayout<Float>.size) / 1_048_576,
      finalLoss: loss, threads: threads)
  }
}

/// The process's peak resident set size from Linux's /proc/self/status.
enum PeakMemory {
  /// Resets VmHWM to the current RSS (Linux 4.0+), so each workload reports its own peak.
  static func reset() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
  }

  static func megabytes() -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
      return nil
    }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      let fields = line.split(separator: " ")
      if fields.count >= 2, let kilobytes = Double(fields[1]) { return kilobytes / 1024 }
    }
    return nil
  }
}
