// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "normlab",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "normlab", targets: ["normlab"]),
    .library(name: "NormlabEngine", targets: ["NormlabEngine"]),
    .library(name: "NormlabMath", targets: ["NormlabMath"]),
    .library(name: "NormlabPlot", targets: ["NormlabPlot"]),
    .library(name: "NormlabExperiment", targets: ["NormlabExperiment"]),
    .library(name: "NormlabReport", targets: ["NormlabReport"]),
    .library(name: "NormlabInterop", targets: ["NormlabInterop"]),
    .library(name: "NormlabExport", targets: ["NormlabExport"]),
    .library(name: "NormlabStatistics", targets: ["NormlabStatistics"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    .package(url: "https://github.com/apple/swift-numerics", exact: "1.1.1"),
    .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
  ],
  targets: [
    // System libraries, each behind a module map and a shim header.
    .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
    .systemLibrary(
      name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev"])]),
    .systemLibrary(
      name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    // Linux file-system calls glibc declares only under _GNU_SOURCE (renameat2).
    .systemLibrary(name: "CFileSystem"),

    // Pure numerics: matrices, layers, losses, optimizers, training loop. No I/O.
    .target(
      name: "NormlabEngine",
      dependencies: ["COpenBLAS", "NormlabStatistics", .product(name: "RealModule", package: "swift-numerics")]),
    // Summaries, t tests, claim decisions, bootstrap, percentiles, classification metrics and
    // steps-to-target over seeds. Pure Swift, no dependencies, no I/O.
    .target(name: "NormlabStatistics"),
    // TeX-subset formulas: parser, typesetter, MathML. Pure Swift, no dependencies.
    .target(name: "NormlabMath"),
    // Pure chart model and layout; knows nothing of Cairo.
    .target(
      name: "NormlabPlot",
      dependencies: ["NormlabMath", "NormlabStatistics", .product(name: "RealModule", package: "swift-numerics")]),
    // The only importer of Cairo and Pango.
    .target(name: "NormlabCairo", dependencies: ["CCairo", "CPangoCairo", "NormlabPlot"]),
    // Experiment schema, validation, variants, sweeps, datasets, runner, metrics.
    .target(
      name: "NormlabExperiment",
      dependencies: [
        "NormlabEngine", "NormlabStatistics", "NormlabMath", .product(name: "Yams", package: "Yams"),
        .product(name: "RealModule", package: "swift-numerics"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // Metrics -> figures -> pages; Markdown summary.
    .target(
      name: "NormlabReport",
      dependencies: [
        "NormlabExperiment", "NormlabPlot", "NormlabCairo", "NormlabStatistics",
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "RealModule", package: "swift-numerics"),
      ]),
    // Pure encoders for other tools' formats: TensorBoard event files (TFRecord, protobuf wire
    // format, HParams plugin) and tidy CSV. Returns bytes; no I/O, no dependencies.
    .target(name: "NormlabInterop"),
    // Results as other tools read them: TensorBoard runs with HParams, and tidy CSV rows.
    .target(name: "NormlabExport", dependencies: ["NormlabExperiment", "NormlabInterop"]),
    // Thin CLI: reads files, writes outputs atomically, maps errors to exit codes.
    .executableTarget(
      name: "normlab",
      dependencies: [
        "NormlabExperiment", "NormlabReport", "NormlabEngine", "NormlabExport", "CFileSystem",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // Feeds mutated inputs to the loaders; run by CI (`scripts/fuzz.sh`).
    .executableTarget(
      name: "NormlabFuzz", dependencies: ["NormlabExperiment", "NormlabReport", "NormlabPlot", "NormlabEngine"]),

    // Writes a sample TensorBoard log directory, tidy CSV and expected values for
    // `scripts/tensorboard-readback.py`, which reads them back with TensorBoard and pandas.
    .executableTarget(name: "NormlabInteropSample", dependencies: ["NormlabInterop"]),

    .testTarget(name: "NormlabEngineTests", dependencies: ["NormlabEngine"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "NormlabPlotTests", dependencies: ["NormlabPlot", "NormlabCairo"],
      exclude: ["Golden"]),
    .testTarget(name: "NormlabMathTests", dependencies: ["NormlabMath"]),
    // Formulas drawn through Cairo, compared with golden images.
    .testTarget(
      name: "NormlabMathRenderTests", dependencies: ["NormlabMath", "NormlabPlot", "NormlabCairo"],
      exclude: ["Golden"]),
    .testTarget(name: "NormlabExperimentTests", dependencies: ["NormlabExperiment"], exclude: ["Fixtures"]),
    .testTarget(name: "NormlabStatisticsTests", dependencies: ["NormlabStatistics"], exclude: ["Fixtures"]),
    .testTarget(name: "NormlabReportTests", dependencies: ["NormlabReport"], exclude: ["Fixtures", "Matplotlib"]),
    .testTarget(name: "NormlabInteropTests", dependencies: ["NormlabInterop"]),
    .testTarget(name: "NormlabExportTests", dependencies: ["NormlabExport", "NormlabExperiment", "NormlabInterop"]),
    // Runs the built CLI for the end-to-end and reliability tests.
    .target(name: "CLITestSupport", path: "Tests/CLITestSupport"),
    .testTarget(name: "EndToEndTests", dependencies: ["normlab", "CLITestSupport"]),
    // Malformed-input corpus, interrupted runs, --jobs determinism, paths and resources.
    .testTarget(
      name: "ReliabilityTests",
      dependencies: ["normlab", "NormlabExperiment", "NormlabEngine", "NormlabReport", "CLITestSupport"],
      exclude: ["Corpus", "Fixtures"]),
  ],
  swiftLanguageModes: [.v6]
)
