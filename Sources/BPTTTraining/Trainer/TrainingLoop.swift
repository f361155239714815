import BPTTNumerics

/// The one training loop, the live session's and both studies': a run that has ended trains no
/// more, an update the divergence guard refuses ends the step as `diverged`, and after an applied
/// update comes the validation (with the learning-rate schedule) when `validate_every` is due. The
/// session calls `next` once per update between its commands; the studies call it to their limit.
public struct TrainingLoop {
    public let trainer: Trainer
    /// Whether an update validates and steps the schedule when due (the gradient study only reads
    /// the weights, at its own interval, and leaves the learning rate alone).
    public var validates: Bool

    public init(trainer: Trainer, validates: Bool = true) {
        self.trainer = trainer
        self.validates = validates
    }

    public typealias Validation = (evaluation: Evaluation, decision: LearningRateSchedule.Decision)

    /// What one call of `next` did.
    public enum Outcome {
        /// The update was applied; `validation` is set when one was due after it.
        case trained(UpdateResult, validation: Validation?)
        /// The guard refused the update: the weights are the last sane ones, the message says which.
        case diverged(UpdateResult, reason: String)
        /// Training had ended already (max_steps, max_epochs, the schedule): no update was made.
        case finished(reason: String)
    }

    /// One update, unless training has ended.
    public func next(computeReach: Bool = false) -> Outcome {
        if let reason = trainer.finishedReason { return .finished(reason: reason) }
        let result = trainer.update(computeReach: computeReach)
        if let reason = result.divergence { return .diverged(result, reason: reason) }
        let every = trainer.config.validateEvery
        let due = validates && every > 0 && trainer.step % every == 0
        return .trained(result, validation: due ? trainer.validateAndSchedule() : nil)
    }
}
