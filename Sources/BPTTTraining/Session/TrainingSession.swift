import Foundation
import BPTTNumerics

/// Runs a trainer on a background Dispatch queue and publishes immutable snapshots. The session
/// owns the loop and the command queue; the side work between updates is `PeriodicWork`'s, what
/// the run records is `RunLog`'s (the snapshot's history and the metrics file).
///
/// Threading: the trainer and every piece of mutable training state are touched only on `queue`.
/// Other threads talk to the session through `send(_:)` (a locked command list, applied between
/// updates, i.e. at the next update-block boundary) and read `snapshot` (a locked value copy).
public final class TrainingSession: @unchecked Sendable {
    public let settings: SessionSettings
    /// Called on the training queue to save a checkpoint (every checkpoint_every updates and when stopping).
    public typealias Checkpointer = @Sendable (Trainer) throws -> Void

    private let trainer: Trainer
    private let loop: TrainingLoop
    private let checkpoints: CheckpointSaver
    private let queue = DispatchQueue(label: "bptt-lab.training", qos: .userInitiated)
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: [SessionCommand] = []
    private var published: TrainingSnapshot
    private var publishedVersion = 0
    private var ended = false
    private var started = false

    // Training-queue state.
    private var builder: TrainingSnapshot
    private let log: RunLog
    private let work: PeriodicWork
    private var clock = SessionClock()
    private var lastPublish = -Double.infinity

    /// The one record of what the run is doing: the snapshot's. `.failed` holds the divergence
    /// guard's message until a resume, a restart or a stop (then recorded as the divergence it is).
    private var state: RunState {
        get { builder.state }
        set { builder.state = newValue }
    }

    public init(trainer: Trainer, settings: SessionSettings, checkpointer: Checkpointer? = nil) throws {
        self.trainer = trainer
        loop = TrainingLoop(trainer: trainer)
        self.settings = settings
        checkpoints = CheckpointSaver(checkpointer)
        log = try RunLog(settings: settings)
        work = PeriodicWork(trainer: trainer, settings: settings, log: log, checkpoints: checkpoints)
        let corpus = trainer.corpus
        let s = trainer.config
        builder = TrainingSnapshot(
            runName: settings.runName,
            modelSummary: trainer.modelSummary,
            cell: trainer.shape.cell,
            unit: corpus.level,
            state: settings.startPaused ? .paused(reason: nil) : .starting,
            learningRate: trainer.learningRate, engine: s.engine, truncation: trainer.truncation,
            sentenceModeAvailable: corpus.hasSentences, dependencyDistance: corpus.dependencyDistance)
        builder.lossFloors = corpus.lossFloors
        published = builder
    }

    // MARK: Public, any thread

    /// Starts training on the background queue. Calling it twice does nothing.
    public func start() {
        condition.lock()
        defer { condition.unlock() }
        guard !started else { return }
        started = true
        queue.async { self.run() }
    }

    public func send(_ command: SessionCommand) {
        condition.lock()
        pending.append(command)
        condition.broadcast()
        condition.unlock()
    }

    /// The latest published snapshot.
    public var snapshot: TrainingSnapshot {
        condition.lock(); defer { condition.unlock() }
        return published
    }

    /// Increases with every published snapshot, so a UI can redraw only when something changed.
    public var snapshotVersion: Int {
        condition.lock(); defer { condition.unlock() }
        return publishedVersion
    }

    /// Why the latest checkpoint save failed; nil when it worked (or none was attempted).
    public var lastCheckpointFailure: String? { checkpoints.lastFailure }

    /// Why writing the metrics file failed; nil while it works. The commands stop the run then.
    public var metricsFailure: String? { log.metrics.failure }

    /// Sends stop and waits for the loop to end (and its final checkpoint to be written).
    @discardableResult
    public func stopAndWait(timeout: Double = 30) -> Bool {
        send(.stop)
        return waitUntilEnded(timeout: timeout)
    }

    public func waitUntilEnded(timeout: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock(); defer { condition.unlock() }
        if !started { return true }
        while !ended {
            if !condition.wait(until: deadline) { return ended }
        }
        return true
    }

    /// Waits until a published snapshot satisfies `predicate` (tests, scripts).
    public func waitForSnapshot(timeout: Double, _ predicate: (TrainingSnapshot) -> Bool) -> TrainingSnapshot? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock(); defer { condition.unlock() }
        while !predicate(published) {
            if ended || !condition.wait(until: deadline) { return predicate(published) ? published : nil }
        }
        return published
    }

    // MARK: Training queue

    private func run() {
        // Subnormals would make naive BPTT up to 7x slower; the setting is per thread.
        NumericsEnvironment.withFlushToZero { runLoop() }
    }

    private func runLoop() {
        clock.start()
        if state == .starting { state = .training }
        log.metrics.start(step: trainer.step)
        publish(force: true)
        while true {
            for command in takeCommands() { apply(command) }
            // A metrics file that cannot be written (a full disk) ends the run: it would go on unrecorded.
            if let failure = log.metrics.failure, !state.isStopped { state = .stopped(reason: failure) }
            if state.isStopped {
                finish()
                return
            }
            guard state == .training else {
                publish(force: false)
                waitForCommand(seconds: 0.25)
                continue
            }
            trainOneUpdate()
            publish(force: false)
        }
    }

    private func takeCommands() -> [SessionCommand] {
        condition.lock(); defer { condition.unlock() }
        let commands = pending
        pending.removeAll()
        return commands
    }

    private func waitForCommand(seconds: Double) {
        condition.lock()
        if pending.isEmpty { _ = condition.wait(until: Date(timeIntervalSinceNow: seconds)) }
        condition.unlock()
    }

    private func apply(_ command: SessionCommand) {
        switch command {
        case .pause:
            guard state == .training || state == .starting else { return }
            log.history.pause()
            state = .paused(reason: nil)
        case .resume:
            // From a pause, or from a divergence to try again (after a slider move, say).
            guard state.isPaused || state.isFailed else { return }
            state = .training
        case .singleStep:
            // One update now, staying paused (or failed again, if it diverges).
            guard state.isPaused else { return }
            trainOneUpdate()
        case .stop:
            guard !state.isStopped else { return }
            if case .failed(let message) = state {
                state = .stopped(reason: "training diverged: \(message)")
            } else {
                state = .stopped(reason: "stopped by the user")
            }
        case .restart:
            trainer.restart()
            builder.sample = ""
            clock.start()
            record(.restart, "restart from fresh weights")
            log.history.restart()
            state = .training
            publish(force: true)
        case .setTruncation(let truncation):
            do {
                try trainer.setTruncation(truncation)
                builder.truncation = truncation
                record(.truncation, "truncation \(truncation)")
            } catch {
                record(.truncation, "refused: \(error.localizedDescription)")
            }
        case .setEngine(let engine):
            trainer.setEngine(engine)
            builder.engine = engine
            record(.engine, "engine \(engine.rawValue)")
        }
    }

    private func trainOneUpdate() {
        switch loop.next(computeReach: work.measuresReach) {
        case .finished(let reason):
            state = .finished(reason: reason)
            if log.metrics.hasPendingInterval { recordInterval() }
            recordFinal()
            publish(force: true)
        case .diverged(_, let reason):
            state = .failed(message: reason)
            record(.nonFinite, reason)
            publish(force: true)
        case .trained(let result, let validation):
            log.history.add(update: result, step: trainer.step, seconds: clock.seconds)
            log.metrics.add(loss: result.loss, tokens: result.tokens)
            let results = work.afterUpdate(clock: clock, validation: validation)
            if let sample = results.sample { builder.sample = sample }
            if let probe = results.probe { builder.probe = probe }
        }
    }

    private func record(_ kind: ControlEvent.Kind, _ text: String) {
        log.event(kind, text, trainer: trainer, seconds: clock.seconds)
    }

    private func recordInterval() {
        log.metrics.interval(trainer: trainer, seconds: clock.seconds, gradient: log.history.gradient,
                             tokensPerSecond: log.history.throughput.rate)
    }

    private func recordFinal() {
        log.metrics.final(trainer: trainer, seconds: clock.seconds, state: builder.state,
                          validLoss: log.history.lastValidLoss, trainLoss: log.history.lastTrainLoss)
    }

    /// Ends a stopped run: its last interval, checkpoint and `final` record.
    private func finish() {
        if log.metrics.hasPendingInterval { recordInterval() }
        work.saveCheckpoint(seconds: clock.seconds)
        // However the run ends (finished, Ctrl-C, SIGTERM, `q`, a failed save), `final` is its last record.
        if !log.metrics.endsWithFinal || log.metrics.finalStep != trainer.step { recordFinal() }
        publish(force: true)
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    private func publish(force: Bool) {
        let now = clock.seconds
        guard force || now - lastPublish >= settings.publishInterval else { return }
        lastPublish = now
        work.refreshSpectralRadius()
        work.refreshGateMeans(seconds: now)
        builder.step = trainer.step
        builder.epoch = trainer.epoch
        builder.epochFraction = trainer.epochFraction
        builder.tokensSeen = trainer.tokensSeen
        builder.elapsedSeconds = now
        builder.learningRate = trainer.learningRate
        log.history.fill(&builder, paused: state != .training)
        let snapshot = builder
        condition.lock()
        published = snapshot
        publishedVersion += 1
        condition.broadcast()
        condition.unlock()
    }
}
