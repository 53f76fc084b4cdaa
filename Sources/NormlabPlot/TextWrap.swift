/// Line breaking for titles, notes and annotations, done here rather than by the backend so
/// every backend breaks the same way and no line is left holding a single word.
public enum TextWrap {
  /// Greedy lines no wider than `width`; a last line of one word takes a word from the line
  /// before it (a word wider than `width` stands alone). A newline forces a break.
  public static func lines(_ text: String, width: Double, measure: (String) -> Double) -> [String] {
    let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
    if paragraphs.count > 1 {
      return paragraphs.flatMap { TextWrap.lines(String($0), width: width, measure: measure) }
    }
    let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard !words.isEmpty else { return [] }
    var lines: [[String]] = [[]]
    for word in words {
      let candidate = (lines[lines.count - 1] + [word]).joined(separator: " ")
      if lines[lines.count - 1].isEmpty || measure(candidate) <= width {
        lines[lines.count - 1].append(word)
      } else {
        lines.append([word])
      }
    }
    // No orphan: move words down while the last line has one and the one above can spare it.
    while lines.count >= 2, lines[lines.count - 1].count == 1, lines[lines.count - 2].count >= 3 {
      let moved = lines[lines.count - 2].removeLast()
      let candidate = ([moved] + lines[lines.count - 1]).joined(separator: " ")
      lines[lines.count - 1].insert(moved, at: 0)
      if measure(candidate) > width {
        // It does not fit: undo, an orphan is better than an overflow.
        lines[lines.count - 2].append(lines[lines.count - 1].removeFirst())
        break
      }
    }
    return lines.map { $0.joined(separator: " ") }
  }

  /// As few lines as `lines` gives, made as even as possible (the narrowest width that still
  /// needs no more lines), as titles are set.
  public static func balancedLines(_ text: String, width: Double, measure: (String) -> Double)
    -> [String]
  {
    let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
    if paragraphs.count > 1 {
      return paragraphs.flatMap { balancedLines(String($0), width: width, measure: measure) }
    }
    let greedy = lines(text, width: width, measure: measure)
    guard greedy.count >= 2 else { return greedy }
    var low = 0.0
    var high = width
    for _ in 0..<24 {
      let middle = (low + high) / 2
      if lines(text, width: middle, measure: measure).count <= greedy.count { high = middle } else { low = middle }
    }
    return lines(text, width: high, measure: measure)
  }
}
