import COpenBLAS

/// What decides the last bits of a run's numbers besides its settings and data: the CPU
/// architecture, the BLAS library and the kernels it picked for this CPU, the compiler and the
/// optimisation level.
///
/// OpenBLAS built with `DYNAMIC_ARCH` (as Debian and Ubuntu ship it) chooses its kernels at
/// start-up from the CPU model (`Haswell`, `SkylakeX`, `Zen`, ...), and kernels of different
/// widths sum in different orders, so the same run can differ in the last bits between two
/// machines of one architecture. The run cache keys on this value: a result computed by
/// another build is never reused.
public struct FloatingPointBuild: Sendable, Hashable, Codable {
  /// `x86_64`, `arm64`, ...
  public var architecture: String
  public var operatingSystem: String
  /// `openblas_get_config()`: version and build options of the BLAS library.
  public var blas: String
  /// `openblas_get_corename()`: the kernel family chosen for this CPU.
  public var blasCore: String
  /// The Swift compiler's language version, as far as `#if compiler` can tell.
  public var compiler: String
  /// `debug` or `release`.
  public var optimization: String

  public init(
    architecture: String, operatingSystem: String, blas: String, blasCore: String, compiler: String,
    optimization: String
  ) {
    self.architecture = architecture
    self.operatingSystem = operatingSystem
    self.blas = blas
    self.blasCore = blasCore
    self.compiler = compiler
    self.optimization = optimization
  }

  enum CodingKeys: String, CodingKey {
    case architecture, operatingSystem = "operating_system", blas, blasCore = "blas_core", compiler
    case optimization
  }

  /// The build this process runs.
  public static let current = FloatingPointBuild(
    architecture: _architecture, operatingSystem: _operatingSystem,
    blas: openblas_get_config().map { String(cString: $0) } ?? "unknown",
    blasCore: openblas_get_corename().map { String(cString: $0) } ?? "unknown",
    compiler: _compiler, optimization: _optimization)

  /// One line for `normlab cache info` and messages.
  public var summary: String {
    "\(architecture)-\(operatingSystem), \(blas) (\(blasCore)), \(compiler) \(optimization)"
  }
}

#if arch(x86_64)
  private let _architecture = "x86_64"
#elseif arch(arm64)
  private let _architecture = "arm64"
#elseif arch(i386)
  private let _architecture = "i386"
#elseif arch(arm)
  private let _architecture = "arm"
#elseif arch(powerpc64le)
  private let _architecture = "powerpc64le"
#elseif arch(s390x)
  private let _architecture = "s390x"
#elseif arch(riscv64)
  private let _architecture = "riscv64"
#else
  private let _architecture = "other"
#endif

#if os(Linux)
  private let _operatingSystem = "linux"
#elseif os(macOS)
  private let _operatingSystem = "macos"
#elseif os(Windows)
  private let _operatingSystem = "windows"
#else
  private let _operatingSystem = "other"
#endif

#if compiler(>=6.5)
  private let _compiler = "swift-6.5+"
#elseif compiler(>=6.4)
  private let _compiler = "swift-6.4"
#elseif compiler(>=6.3)
  private let _compiler = "swift-6.3"
#elseif compiler(>=6.2)
  private let _compiler = "swift-6.2"
#elseif compiler(>=6.1)
  private let _compiler = "swift-6.1"
#else
  private let _compiler = "swift-6.0"
#endif

#if DEBUG
  private let _optimization = "debug"
#else
  private let _optimization = "release"
#endif
