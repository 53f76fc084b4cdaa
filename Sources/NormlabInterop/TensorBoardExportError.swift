/// Why a set of runs cannot be laid out as a TensorBoard log directory.
public enum TensorBoardExportError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A run name that is not a relative folder path of non-empty, non-`.`/`..` components
  /// separated by `/`, or that contains NUL or a component longer than 255 UTF-8 bytes.
  case invalidRunName(String, reason: String)
  /// Two runs with the same name would write the same file.
  case duplicateRunName(String)
  /// A declared metric's last step does not fit the HParams plugin's `int32 training_step`
  /// (`api.proto`, `MetricValue`); TensorBoard would fail the whole HParams table.
  case metricStepOutOfRange(run: String, tag: String, step: Int64)

  public var description: String {
    switch self {
    case .invalidRunName(let name, let reason):
      return "run name \(Self.quoted(name)) cannot be a TensorBoard run folder: \(reason)"
    case .duplicateRunName(let name):
      return "two runs are named \(Self.quoted(name)); TensorBoard run names must be unique"
    case .metricStepOutOfRange(let run, let tag, let step):
      return
        "run \(Self.quoted(run)) has metric \(Self.quoted(tag)) at step \(step); TensorBoard's HParams "
        + "dashboard only handles steps from \(Int32.min) to \(Int32.max) (leave the tag out of the metrics)"
    }
  }

  /// The name in quotes, cut to 80 characters so a huge name does not flood the terminal.
  private static func quoted(_ name: String) -> String {
    name.count > 80 ? "\"\(name.prefix(80))…\"" : "\"\(name)\""
  }
}
