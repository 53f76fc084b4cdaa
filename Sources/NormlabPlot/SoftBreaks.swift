/// Break opportunities inside very long words. Pango wraps a word wider than the line
/// character by character, and does so in time quadratic in the word's length (a 49,000
/// character word took 8 s); a zero-width space every `interval` characters of such a word
/// keeps wrapping linear and looks the same.
public enum SoftBreaks {
  public static let interval = 60
  static let zeroWidthSpace: Character = "\u{200B}"

  /// `text` with a zero-width space after every `interval` characters of an unbroken run; tags
  /// and entities of Pango markup are left whole when `markup` is set.
  public static func insert(_ text: String, markup: Bool) -> String {
    // Most text has no such run: return it untouched without building a copy.
    var run = 0
    var needed = false
    for c in text {
      run = c.isWhitespace ? 0 : run + 1
      if run > interval {
        needed = true
        break
      }
    }
    guard needed else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + text.utf8.count / interval * 3)
    var inTag = false
    var inEntity = false
    run = 0
    for c in text {
      out.append(c)
      if markup {
        if inTag {
          if c == ">" { inTag = false }
          continue
        }
        if c == "<" {
          inTag = true
          continue
        }
        if inEntity {
          if c == ";" { inEntity = false }
          continue
        }
        if c == "&" { inEntity = true }
      }
      if c.isWhitespace || c == zeroWidthSpace {
        run = 0
        continue
      }
      run += 1
      if run >= interval && !inEntity {
        out.append(zeroWidthSpace)
        run = 0
      }
    }
    return out
  }
}
