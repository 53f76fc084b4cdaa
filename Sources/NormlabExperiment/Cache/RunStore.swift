import NormlabEngine

/// Where finished runs are kept between invocations of normlab, by `RunKey`. The library only
/// looks runs up and hands them over; the CLI keeps them as files (`.normlab-cache/`), and
/// tests keep them in memory.
///
/// Implementations must be safe to call from several training threads at once. A lookup that
/// finds a damaged entry returns nil (the run is trained again and stored over it); a store
/// that fails is not an error of the run.
public protocol RunStore: Sendable {
  /// The record stored under `key`, or nil.
  func lookup(_ key: RunKey) -> RunRecord?
  /// Keeps `record` under `key`, replacing what is there.
  func store(_ record: RunRecord, under key: RunKey)
}

extension ExperimentRunner {
  /// A prepared run's record: from `store` when it holds the run's key, else trained (and then
  /// stored, unless the run was interrupted), with its progress events. A reused record takes its names, colour, trial
  /// and settings from the current plan; its numbers are the stored ones, which training
  /// again would reproduce bit for bit.
  static func trainOrReuse(
    _ item: PreparedRun, store: (any RunStore)?, stop: StopFlag,
    progress: @escaping @Sendable (RunProgress) -> Void
  ) -> RunRecord {
    let key = store == nil ? nil : RunKey(item)
    if let store, let key, var record = store.lookup(key) {
      record.variant = item.run.variant
      record.label = item.run.label
      record.color = item.run.color
      record.trial = item.run.trial
      record.parameters = item.run.parameters
      record.settings = item.run.settings
      progress(RunProgress(run: item.run, event: .reused(record.final)))
      return record
    }
    progress(RunProgress(run: item.run, event: .started))
    let record = trainOne(item.run, configuration: item.configuration, data: item.data, stop: stop, progress: progress)
    progress(RunProgress(run: item.run, event: .finished(record.final)))
    if let store, let key, !record.final.interrupted {
      store.store(record, under: key)
    }
    return record
  }
}
