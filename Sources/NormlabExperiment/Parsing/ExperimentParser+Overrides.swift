import Foundation
import Yams

/// `--set KEY=VALUE`: one key of the base and of every variant, validated like the file.
extension ExperimentParser {
  /// Applies one flag; returns it typed for the record, or nil after reporting a problem.
  mutating func applyOverride(
    _ flag: String, base: inout [String: ConfigValue], variants: inout [VariantSpec]
  ) -> SettingOverride? {
    // The flag stands where a file name would: `--set KEY=VALUE: error: ...`.
    func flagError(_ message: String, hint: String? = nil) {
      diagnostics.append(Diagnostic(file: "--set \(flag)", position: nil, message: message, hint: hint))
    }
    guard let equals = flag.firstIndex(of: "=") else {
      flagError("expected KEY=VALUE", hint: "e.g. --set model.layers=[64,64]")
      return nil
    }
    let key = String(flag[..<equals]).trimmingCharacters(in: .whitespaces)
    let text = String(flag[flag.index(after: equals)...])
    guard let spec = Schema.byPath[key] else {
      let guess = suggestion(for: key, among: Schema.keys.map(\.path))
      flagError("unknown key `\(key)`", hint: guess.map { "did you mean `\($0)`?" })
      return nil
    }
    let node: Node?
    do { node = try Yams.compose(yaml: text) } catch {
      flagError("cannot read the value `\(text)` as YAML")
      return nil
    }
    let value: ConfigValue
    if let node, let v = untyped(node) { value = v } else if node == nil { value = .null } else {
      flagError("the value must be a scalar or a list")
      return nil
    }
    switch spec.type.check(value) {
    case .success(let v):
      base[key] = v
      for i in variants.indices { variants[i].overrides[key] = v }
      return SettingOverride(key: key, value: v)
    case .failure(let problem):
      flagError("`\(key)` \(problem.message)", hint: problem.hint)
      return nil
    }
  }
}
