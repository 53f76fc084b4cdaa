/// A problem found while preparing or running an experiment (bad data, impossible sizes).
public enum RunError: Error, Sendable, CustomStringConvertible {
  case data(DataError)
  case invalid(ExperimentError)

  public var description: String {
    switch self {
    case .data(let e): return e.description
    case .invalid(let e): return e.description
    }
  }
}
