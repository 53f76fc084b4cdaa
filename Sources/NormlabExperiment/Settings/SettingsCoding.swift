/// The settings tree in JSON is nested like the experiment file (`{"data": {"samples": 1000},
/// "train": {"optimizer": {"lr": 0.1}}}`), with every key present and typed. Encoding and
/// decoding go through `Schema`, so a key is named and typed in one place. Keys a file lacks
/// (written by an older version) keep their defaults.
extension ExperimentSettings: Codable {
  /// A JSON object of nested sections with `ConfigValue` leaves.
  indirect enum Tree: Codable {
    case leaf(ConfigValue)
    case node([String: Tree])

    init(from decoder: any Decoder) throws {
      if let object = try? decoder.container(keyedBy: AnyKey.self) {
        var children: [String: Tree] = [:]
        for key in object.allKeys { children[key.stringValue] = try object.decode(Tree.self, forKey: key) }
        self = .node(children)
      } else {
        self = .leaf(try ConfigValue(from: decoder))
      }
    }

    func encode(to encoder: any Encoder) throws {
      switch self {
      case .leaf(let value): try value.encode(to: encoder)
      case .node(let children):
        var object = encoder.container(keyedBy: AnyKey.self)
        for (key, child) in children { try object.encode(child, forKey: AnyKey(key)) }
      }
    }

    func value(at path: ArraySlice<Substring>) -> ConfigValue? {
      switch self {
      case .leaf(let value): return path.isEmpty ? value : nil
      case .node(let children):
        guard let first = path.first else { return nil }
        return children[String(first)]?.value(at: path.dropFirst())
      }
    }

    mutating func insert(_ value: ConfigValue, at path: ArraySlice<Substring>) {
      guard let first = path.first else {
        self = .leaf(value)
        return
      }
      guard case .node(var children) = self else { return }
      var child = children[String(first)] ?? .node([:])
      child.insert(value, at: path.dropFirst())
      children[String(first)] = child
      self = .node(children)
    }
  }

  struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  public init(from decoder: any Decoder) throws {
    self.init()
    let tree = try Tree(from: decoder)
    for spec in Schema.keys {
      guard let value = tree.value(at: spec.path.split(separator: ".")[...]) else { continue }
      switch spec.type.check(value) {
      case .success(let checked):
        spec.set(checked, in: &self)
      case .failure(let problem):
        throw DecodingError.dataCorrupted(
          DecodingError.Context(
            codingPath: decoder.codingPath + spec.path.split(separator: ".").map { AnyKey(String($0)) },
            debugDescription: "`\(spec.path)` \(problem.message)"))
      }
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var tree = Tree.node([:])
    for (path, value) in Schema.values(of: self) {
      tree.insert(value, at: path.split(separator: ".")[...])
    }
    try tree.encode(to: encoder)
  }
}
