import BPTTNumerics

/// The config as the trainer reads it: typed views of keys that are stored flat in the file.
extension TrainingConfig {
    /// `truncation`, `k1` and `k2` as one value; setting `.off` keeps the last k1/k2 for a return to blocks.
    public var truncationSetting: Truncation {
        get { truncation == .off ? .off : .blocks(k1: k1, k2: k2) }
        set {
            switch newValue {
            case .off:
                truncation = .off
            case .blocks(let blockSteps, let extraSteps):
                truncation = .blocks
                k1 = blockSteps
                k2 = extraSteps
            }
        }
    }

    public var optimizerSettings: OptimizerSettings {
        OptimizerSettings(kind: optimizer, learningRate: learningRate, l2: l2,
                          beta1: adamBeta1, beta2: adamBeta2, epsilon: adamEpsilon)
    }

    /// A fresh schedule of the kind `lr_schedule` names.
    public var learningRateSchedule: LearningRateSchedule {
        LearningRateSchedule(minImprovement: minImprovement, enabled: lrSchedule == .rnnlm)
    }
}
