import BPTTNumerics

/// The config as the trainer reads it: typed views of keys that are stored flat in the file.
extension TrainingConfig {
    public var optimizerSettings: OptimizerSettings {
        OptimizerSettings(kind: optimizer, learningRate: learningRate, l2: l2,
                          beta1: adamBeta1, beta2: adamBeta2, epsilon: adamEpsilon)
    }

    /// A fresh schedule of the kind `lr_schedule` names.
    public var learningRateSchedule: LearningRateSchedule {
        LearningRateSchedule(minImprovement: minImprovement, enabled: lrSchedule == .rnnlm)
    }
}
