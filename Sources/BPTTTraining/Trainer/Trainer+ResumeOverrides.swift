import BPTTNumerics

extension Trainer {
    /// After `TrainerCheckpoint.restore`, which puts back the saved truncation, engine and optimizer
    /// settings: the keys given on the command line (`overridden`, normalised names) win, with their
    /// values from `config`. Without this, `--resume F --engine naive` trained with the saved engine.
    public func applyResumeOverrides(_ overridden: Set<String>, from config: TrainingConfig) throws {
        var settings = optimizer.settings
        var truncationGiven = false
        for name in overridden.sorted() {
            guard case .restored(let setting) = ConfigSchema.byName[name]?.resume else { continue }
            switch setting {
            case .truncation: truncationGiven = true
            case .engine: setEngine(config.engine)
            case .optimizer(let copy): copy(&settings, config.optimizerSettings)
            }
        }
        // `config` is the checkpoint's (with the truncation saved in it) under the given keys: one change.
        if truncationGiven { try setTruncation(config.truncation) }
        optimizer.settings = settings
    }
}
