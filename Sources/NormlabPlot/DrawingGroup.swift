/// A part of a figure that painters announce to the backend around its drawing calls, so a
/// backend that keeps structure (SVG) can name it; raster and PDF backends ignore it.
public enum DrawingGroup: Sendable, Equatable {
  /// One panel as drawn: its axes (after coincident lines were told apart), the plot area and
  /// the data-to-device transform, in the figure's coordinates.
  case panel(Axes, plot: Rect, transform: DataTransform)
  /// The series at this index of the enclosing panel's `series`.
  case series(Int)
  /// One entry of a legend (inside a panel or shared below the grid) and the row it takes,
  /// sample and label, so the whole row can answer to a pointer.
  case legendEntry(LegendEntry, bounds: Rect)
}
