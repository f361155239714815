import Foundation

/// The metrics file of a live session: which record goes out when, and what it holds. Interval
/// records average the train loss over every update since the previous one and are paced by
/// a `RecordPacer`, and so are validation records (a pacer each); event and final records are
/// written as they happen. Without a path nothing is written (and the test set is not evaluated for
/// the final record). Used on the session's training queue only.
final class SessionMetrics {
    private let recorder: MetricsRecorder?
    private var pacer = RecordPacer()
    private var validationPacer = RecordPacer()
    private var intervalLoss = 0.0, intervalTokens = 0, intervalUpdates = 0
    /// The step of the last final record, so a run that finished and is then stopped writes one only.
    private(set) var finalStep: Int?
    /// Whether the last record written is a final one: anything after it (a failed save's event)
    /// calls for another, so that `final` stays the last record.
    private(set) var endsWithFinal = false

    init(path: String?, option: String = "metrics file", inputs: [OutputFile.Input]) throws {
        recorder = try path.map { try MetricsRecorder(path: $0, option: option, inputs: inputs) }
    }

    /// Why writing the metrics file failed; nil while it works. Any thread.
    var failure: String? { recorder?.failure }

    private func write(_ record: MetricsRecord) {
        recorder?.write(record)
        endsWithFinal = record.type == .final
    }

    /// Marks where this run's part of the file starts (a resumed run continues its file). A metrics
    /// line only: it is not a control change to mark on the loss chart.
    func start(step: Int) {
        var record = MetricsRecord(type: .event, step: step, seconds: 0)
        record.event = "start"
        record.text = step == 0 ? "run started" : "run resumed at step \(step)"
        write(record)
    }

    /// Counts an update into the next interval record.
    func add(loss: Double, tokens: Int) {
        intervalLoss += loss * Double(tokens)
        intervalTokens += tokens
        intervalUpdates += 1
    }

    /// Whether updates were counted since the last interval record.
    var hasPendingInterval: Bool { intervalUpdates > 0 }

    /// An interval record when one is due: every `every` updates, at the pacer's rate.
    func intervalIfDue(every: Int, trainer: Trainer, seconds: Double, gradient: GradientFlow, tokensPerSecond: Double) {
        guard every > 0, trainer.step % every == 0, pacer.isDue(at: seconds) else { return }
        interval(trainer: trainer, seconds: seconds, gradient: gradient, tokensPerSecond: tokensPerSecond)
    }

    /// The interval record of the updates counted so far; starts the next interval.
    func interval(trainer: Trainer, seconds: Double, gradient: GradientFlow, tokensPerSecond: Double) {
        var record = MetricsRecord(type: .interval, step: trainer.step, seconds: seconds)
        record.epoch = trainer.epoch
        record.trainLoss = intervalTokens > 0 ? intervalLoss / Double(intervalTokens) : nil
        record.tokensPerSecond = tokensPerSecond
        record.gradientNorm = gradient.totalNorm
        record.clippedUpdates = gradient.clippedUpdates
        record.setSettings(truncation: trainer.truncation, engine: trainer.config.engine, learningRate: trainer.learningRate)
        write(record)
        intervalLoss = 0; intervalTokens = 0; intervalUpdates = 0
    }

    func validation(_ evaluation: Evaluation, trainer: Trainer, seconds: Double) {
        guard validationPacer.isDue(at: seconds) else { return }
        var record = MetricsRecord(type: .validation, step: trainer.step, seconds: seconds)
        record.epoch = trainer.epoch
        record.validLoss = evaluation.loss
        record.validPerplexity = exp(evaluation.loss)
        if trainer.corpus.level == .char { record.bitsPerChar = evaluation.loss / log(2) }
        record.recallLoss = evaluation.recallLoss
        record.otherLoss = evaluation.otherLoss
        record.learningRate = trainer.learningRate
        write(record)
    }

    func event(_ event: ControlEvent, trainer: Trainer) {
        var record = MetricsRecord(type: .event, step: event.step, seconds: event.seconds)
        record.event = event.kind.rawValue
        record.text = event.text
        record.setSettings(truncation: trainer.truncation, engine: trainer.config.engine, learningRate: trainer.learningRate)
        write(record)
    }

    /// The run's last record: its end state, the last losses and the loss on the test set.
    func final(trainer: Trainer, seconds: Double, state: RunState, validLoss: Double?, trainLoss: Double?) {
        finalStep = trainer.step
        guard recorder != nil else { return }
        let testLoss = trainer.evaluate(trainer.corpus.test)
        var record = MetricsRecord(type: .final, step: trainer.step, seconds: seconds)
        record.epoch = trainer.epoch
        record.validLoss = validLoss
        record.validPerplexity = validLoss.map { exp($0) }
        record.trainLoss = trainLoss
        record.text = "test_loss=\(testLoss) test_ppl=\(exp(testLoss))"
        record.event = state.label
        write(record)
    }
}
