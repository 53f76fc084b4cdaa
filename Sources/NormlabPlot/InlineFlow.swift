/// Room a flowed paragraph keeps for an inline object such as a formula.
public struct InlineBox: Sendable, Equatable {
  public var width: Double
  /// Above the text baseline.
  public var ascent: Double
  /// Below the text baseline.
  public var descent: Double

  public init(width: Double, ascent: Double, descent: Double) {
    self.width = width
    self.ascent = ascent
    self.descent = descent
  }
}

/// Where a flowed paragraph put its inline boxes, and its height.
public struct FlowedParagraph: Sendable, Equatable {
  public var height: Double
  /// Baseline-left corner of each box, in the order of the U+FFFC characters.
  public var origins: [Point]

  public init(height: Double, origins: [Point]) {
    self.height = height
    self.origins = origins
  }
}

extension GraphicsBackend {
  /// Flows the paragraph with greedy word wrapping over `measure`, for backends without a text
  /// layout engine; each run of text between boxes is drawn on its own with `text`.
  @discardableResult
  public mutating func paragraph(
    _ string: String, at origin: Point, width: Double, style: TextStyle, boxes: [InlineBox]
  ) -> FlowedParagraph {
    let flow = _InlineFlow(string, width: width, style: style, boxes: boxes, backend: self)
    for run in flow.runs {
      text(run.text, at: Point(origin.x + run.x, origin.y + run.top), style: style, anchor: .topLeft)
    }
    return FlowedParagraph(
      height: flow.height, origins: flow.origins.map { Point(origin.x + $0.x, origin.y + $0.y) })
  }

  public func measureParagraph(
    _ string: String, width: Double, style: TextStyle, boxes: [InlineBox]
  ) -> FlowedParagraph {
    let flow = _InlineFlow(string, width: width, style: style, boxes: boxes, backend: self)
    return FlowedParagraph(height: flow.height, origins: flow.origins)
  }
}

/// The approximate flow behind the default `paragraph(_:at:width:style:boxes:)`: words are
/// measured as plain text (markup tags removed), wrapped greedily, and each text run is drawn
/// with the markup tags open at that point re-opened and closed, so runs stay valid markup.
struct _InlineFlow {
  struct Run {
    var text: String
    var x: Double
    var top: Double
  }

  private enum Piece {
    case text(String)
    case box(Int)
  }

  var runs: [Run] = []
  var origins: [Point] = []
  var height = 0.0

  init<B: GraphicsBackend>(
    _ string: String, width: Double, style: TextStyle, boxes: [InlineBox], backend: B
  ) {
    let plain = TextStyle(
      size: style.size, weight: style.weight, color: style.color, italic: style.italic,
      monospace: style.monospace, markup: false, family: style.family)
    let lineHeight = backend.measure("Xg", style: plain).height
    let textBaseline = backend.measureInk("Xg", style: plain).baseline
    let spaceWidth = backend.measure("x x", style: plain).width - backend.measure("xx", style: plain).width

    // Words, each a list of text runs and boxes; paragraphs split at newlines.
    var lines: [[[Piece]]] = []
    var boxIndex = 0
    for paragraph in string.split(separator: "\n", omittingEmptySubsequences: false) {
      var words: [[Piece]] = []
      for word in Self.words(String(paragraph), markup: style.markup) {
        var pieces: [Piece] = []
        var current = ""
        for c in word {
          if c == "\u{FFFC}", boxIndex < boxes.count {
            if !current.isEmpty { pieces.append(.text(current)) }
            current = ""
            pieces.append(.box(boxIndex))
            boxIndex += 1
          } else {
            current.append(c)
          }
        }
        if !current.isEmpty { pieces.append(.text(current)) }
        words.append(pieces)
      }
      lines.append(words)
    }

    func pieceWidth(_ piece: Piece) -> Double {
      switch piece {
      case .text(let t):
        return backend.measure(style.markup ? Self.plainText(t) : t, style: plain).width
      case .box(let i): return boxes[i].width
      }
    }

    var openTags: [String] = []
    var top = 0.0
    origins = Array(repeating: Point(0, 0), count: boxes.count)
    for paragraph in lines {
      // Greedy breaking into visual lines.
      var visual: [[[Piece]]] = [[]]
      var x = 0.0
      for word in paragraph {
        let w = word.map(pieceWidth).reduce(0, +)
        if let last = visual.last, !last.isEmpty, x + spaceWidth + w > width {
          visual.append([word])
          x = w
        } else {
          x += (visual[visual.count - 1].isEmpty ? 0 : spaceWidth) + w
          visual[visual.count - 1].append(word)
        }
      }
      for line in visual {
        var ascent = textBaseline
        var descent = lineHeight - textBaseline
        for word in line {
          for case .box(let i) in word {
            ascent = max(ascent, boxes[i].ascent)
            descent = max(descent, boxes[i].descent)
          }
        }
        let baseline = top + ascent
        var x = 0.0
        for (n, word) in line.enumerated() {
          if n > 0 { x += spaceWidth }
          for piece in word {
            switch piece {
            case .text(let t):
              var text = t
              if style.markup {
                let opening = openTags.joined()
                Self.track(t, openTags: &openTags)
                text = opening + t + openTags.reversed().map(Self.closing).joined()
              }
              runs.append(Run(text: text, x: x, top: baseline - textBaseline))
            case .box(let i):
              origins[i] = Point(x, baseline)
            }
            x += pieceWidth(piece)
          }
        }
        top = baseline + descent
      }
    }
    height = top
  }

  /// Words separated by spaces; a space inside a markup tag (`<span foreground="…">`) does not split.
  static func words(_ text: String, markup: Bool) -> [String] {
    var words: [String] = []
    var current = ""
    var inTag = false
    for c in text {
      if markup, c == "<" { inTag = true }
      if markup, c == ">" { inTag = false }
      if c == " ", !inTag {
        if !current.isEmpty { words.append(current) }
        current = ""
      } else {
        current.append(c)
      }
    }
    if !current.isEmpty { words.append(current) }
    return words
  }

  /// Markup without its tags, entities decoded: what the reader sees.
  static func plainText(_ markup: String) -> String {
    var out = ""
    var inTag = false
    var entity: String?
    for c in markup {
      if inTag {
        if c == ">" { inTag = false }
      } else if c == "<" {
        inTag = true
      } else if var e = entity {
        if c == ";" {
          let decoded = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"][e] ?? "&\(e);"
          out += decoded
          entity = nil
        } else {
          e.append(c)
          entity = e
        }
      } else if c == "&" {
        entity = ""
      } else {
        out.append(c)
      }
    }
    if let entity { out += "&" + entity }
    return out
  }

  /// Updates the stack of open tags with the tags in `markup`.
  static func track(_ markup: String, openTags: inout [String]) {
    var tag: String?
    for c in markup {
      if c == "<" {
        tag = "<"
      } else if var t = tag {
        t.append(c)
        tag = t
        if c == ">" {
          if t.hasPrefix("</") {
            if !openTags.isEmpty { openTags.removeLast() }
          } else if !t.hasSuffix("/>") {
            openTags.append(t)
          }
          tag = nil
        }
      }
    }
  }

  /// `</span>` for `<span foreground="…">`.
  static func closing(_ opening: String) -> String {
    let name = opening.dropFirst().prefix { $0 != " " && $0 != ">" }
    return "</\(name)>"
  }
}
