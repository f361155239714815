import Foundation

/// Saves a session's checkpoints (on the training queue) and keeps why the latest save failed,
/// for any thread to read.
final class CheckpointSaver: @unchecked Sendable {
    private let checkpointer: TrainingSession.Checkpointer?
    private let lock = NSLock()
    private var failure: String?

    init(_ checkpointer: TrainingSession.Checkpointer?) { self.checkpointer = checkpointer }

    /// Why the latest save failed; nil when it worked (or none was attempted).
    var lastFailure: String? { lock.withLock { failure } }

    /// Saves through the checkpointer, if there is one; returns the failure's message.
    func save(_ trainer: Trainer) -> String? {
        guard let checkpointer else { return nil }
        var message: String?
        do {
            try checkpointer(trainer)
        } catch {
            message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
        }
        lock.withLock { failure = message }
        return message
    }
}
