import BPTTNumerics

extension Trainer {
    /// After `TrainerCheckpoint.restore`, which puts back the saved truncation, engine and optimizer
    /// settings: the keys given on the command line (`overridden`, normalised names) win, with their
    /// values from `config`. Without this, `--resume F --engine naive` trained with the saved engine.
    public func applyResumeOverrides(_ overridden: Set<String>, from config: TrainingConfig) throws {
        if !overridden.isDisjoint(with: ["truncation", "k1", "k2"]) {
            // `config` is the checkpoint's (with the truncation saved in it) under the given keys.
            try setTruncation(config.truncation)
        }
        if overridden.contains("engine") { setEngine(config.engine) }
        var settings = optimizer.settings
        let wanted = config.optimizerSettings
        if overridden.contains("optimizer") { settings.kind = wanted.kind }
        if overridden.contains("learning_rate") { settings.learningRate = wanted.learningRate }
        if overridden.contains("l2") { settings.l2 = wanted.l2 }
        if overridden.contains("adam_beta1") { settings.beta1 = wanted.beta1 }
        if overridden.contains("adam_beta2") { settings.beta2 = wanted.beta2 }
        if overridden.contains("adam_epsilon") { settings.epsilon = wanted.epsilon }
        optimizer.settings = settings
    }
}
