import BPTTNumerics

/// What a config key given on the command line with `train --resume` does to the resumed run (each
/// key's is in `ConfigSchema`).
enum ResumeRule: Sendable {
    /// The run reads it from its config, which the override has changed (limits, intervals, clipping...).
    case readFromConfig
    /// The checkpoint fixes it, for this reason: a different value is refused (`ResumeOverrides.check`).
    case fixed(String)
    /// Restored with the trainer's state, then put back from the config (`Trainer.applyResumeOverrides`).
    case restored(RestoredSetting)

    /// The part of the trainer's restored state a key sets.
    enum RestoredSetting: Sendable {
        case truncation
        case engine
        /// Copies the key's field from the config's settings into the restored ones.
        case optimizer(@Sendable (inout OptimizerSettings, OptimizerSettings) -> Void)
    }

    static let shape = "the saved weights have its model's shape"
    static let vocabulary = "its vocabulary and corpus split were made with it"
    static let streams = "the saved streams and carried state are for its number of parallel streams"
    static let seed = "its data order and samples continue from the saved seed"
    static let initialWeights = "it only sets the initial weights, which the saved ones replace"
}
