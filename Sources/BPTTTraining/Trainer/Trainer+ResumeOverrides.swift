import BPTTNumerics

extension Trainer {
    /// After `TrainerCheckpoint.restore`, which puts back the saved truncation, engine and optimizer
    /// settings: the keys given on the command line (`overridden`, normalised names) win, with their
    /// values from `config`. Without this, `--resume F --engine naive` trained with the saved engine.
    public func applyResumeOverrides(_ overridden: Set<String>, from config: TrainingConfig) throws {
        if !overridden.isDisjoint(with: ["truncation", "k1", "k2"]) {
            // The saved keys (`self.config` holds the restored truncation), with the given ones over them.
            var keys = self.config
            if overridden.contains("truncation") { keys.truncation = config.truncation }
            if overridden.contains("k1") { keys.k1 = config.k1 }
            if overridden.contains("k2") { keys.k2 = config.k2 }
            try setTruncation(keys.truncationSetting)
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
