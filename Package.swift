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
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    .package(url: "https://github.com/apple/swift-numerics", exact: "1.1.1"),
  ],
  targets: [
    // System libraries, each behind a module map and a shim header.
    .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
    .systemLibrary(
      name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev"])]),
    .systemLibrary(
      name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

    // Pure numerics: matrices, layers, losses, optimizers, training loop. No I/O.
    .target(
      name: "NormlabEngine",
      dependencies: ["COpenBLAS", .product(name: "RealModule", package: "swift-numerics")]),
    // TeX-subset formulas: parser, typesetter, MathML. Pure Swift, no dependencies.
    .target(name: "NormlabMath"),
    // Pure chart model and layout; knows nothing of Cairo.
    .target(
      name: "NormlabPlot",
      dependencies: ["NormlabMath", .product(name: "RealModule", package: "swift-numerics")]),
    // The only importer of Cairo and Pango.
    .target(name: "NormlabCairo", dependencies: ["CCairo", "CPangoCairo", "NormlabPlot"]),
    // Experiment schema, validation, variants, sweeps, datasets, runner, metrics.
    .target(
      name: "NormlabExperiment",
      dependencies: [
        "NormlabEngine", .product(name: "Yams", package: "Yams"),
        .product(name: "RealModule", package: "swift-numerics"),
      ]),
    // Metrics -> figures -> pages; Markdown summary.
    .target(
      name: "NormlabReport",
      dependencies: [
        "NormlabExperiment", "NormlabPlot", "NormlabCairo",
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "RealModule", package: "swift-numerics"),
      ]),
    // Thin CLI: reads files, writes outputs atomically, maps errors to exit codes.
    .executableTarget(
      name: "normlab",
      dependencies: [
        "NormlabExperiment", "NormlabReport", "NormlabEngine",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // Feeds mutated inputs to the loaders; run by CI (`scripts/fuzz.sh`).
    .executableTarget(
      name: "NormlabFuzz", dependencies: ["NormlabExperiment", "NormlabReport", "NormlabPlot", "NormlabEngine"]),

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
    .testTarget(name: "NormlabReportTests", dependencies: ["NormlabReport"], exclude: ["Fixtures"]),
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
