/// Rules that involve more than one key, checked on the typed settings of every variant.
extension ExperimentParser {
  mutating func checkCrossKeyRules(base: ExperimentSettings, variants: [VariantSpec]) {
    for variant in variants {
      var settings = base
      Schema.apply(variant.overrides, to: &settings)
      let prefix = variant.overrides.isEmpty ? "" : "variants.\(variant.name)."
      func at(_ key: String) -> SourcePosition? {
        positions[prefix + key] ?? positions[key] ?? positions["variants.\(variant.name)"]
      }
      let layers = settings.model.layers.count
      if case .perLayer(let flags) = settings.model.batchNorm, flags.count != layers {
        error("`model.batch_norm` lists \(flags.count) flags for \(layers) hidden layers\(variant.name == "base" ? "" : " in variant `\(variant.name)`")", position: at("model.batch_norm"))
      }
      if let probe = settings.train.probeLayer, probe >= layers {
        error("`train.probe_layer` is \(probe) but the network has \(layers) hidden layers (numbered from 0)", position: at("train.probe_layer"))
      }
      let data = settings.data
      if data.dataset == .csv, data.path == nil {
        error("`data.dataset: csv` needs `data.path`", position: at("data.dataset"))
      }
      if data.dataset == .idx, data.images == nil || data.labels == nil {
        error("`data.dataset: idx` needs `data.images` and `data.labels`", position: at("data.dataset"))
      }
      if data.dataset == .idx, (data.testImages == nil) != (data.testLabels == nil) {
        let given = data.testImages == nil ? "data.test_labels" : "data.test_images"
        error("`data.test_images` and `data.test_labels` go together", position: at(given),
          hint: "name both test files, or neither to split off `data.test_fraction`")
      }
      if data.dataset == .idx, (data.devImages == nil) != (data.devLabels == nil) {
        let given = data.devImages == nil ? "data.dev_labels" : "data.dev_images"
        error("`data.dev_images` and `data.dev_labels` go together", position: at(given),
          hint: "name both development files, or neither (and use `data.dev_fraction` to split one off)")
      }
      if data.testFraction + data.devFraction * (1 - data.testFraction) >= 0.95, !data.hasTestFiles {
        error("`data.test_fraction` and `data.dev_fraction` leave less than 5% of the samples for training", position: at("data.dev_fraction"))
      }
      if settings.model.output == .sigmoid, data.generatedClasses > 2, data.dataset.isGenerated {
        error("`model.output: sigmoid` handles 2 classes, but `data.classes` is \(data.classes)", position: at("model.output"),
          hint: "use `softmax` for more than two classes")
      }
    }
  }
}
