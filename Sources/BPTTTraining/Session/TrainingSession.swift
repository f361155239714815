import Foundation
import BPTTNumerics
import BPTTCorpus
import CKernels

/// Runs a trainer on a background Dispatch queue and publishes immutable snapshots.
///
/// Threading: the trainer and every piece of mutable training state are touched only on `queue`.
/// Other threads talk to the session through `send(_:)` (a locked command list, applied between
/// updates, i.e. at the next update-block boundary) and read `snapshot` (a locked value copy).
public final class TrainingSession: @unchecked Sendable {
    public let settings: SessionSettings
    /// Called on the training queue to save a checkpoint (at `checkpointEvery` and when stopping).
    public typealias Checkpointer = @Sendable (Trainer) throws -> Void

    private let trainer: Trainer
    private let checkpointer: Checkpointer?
    private let queue = DispatchQueue(label: "bptt-lab.training", qos: .userInitiated)
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: [SessionCommand] = []
    private var published: TrainingSnapshot
    private var publishedVersion = 0
    private var ended = false
    private var started = false
    private var checkpointFailure: String?

    // Training-queue state.
    private var builder: TrainingSnapshot
    private var lossSeries: DownsampledSeries
    private var validSeries: [LossPoint] = []
    private var recallSeries: [LossPoint] = []
    private var otherSeries: [LossPoint] = []
    private var normHistory: NormHistory
    private var events: [ControlEvent] = []
    private var recorder: MetricsRecorder?
    private var clock = SessionClock()
    private var paused: Bool
    private var stepBudget = 0
    private var stopReason: String?
    private var intervalLoss = 0.0, intervalTokens = 0, intervalUpdates = 0
    private var throughput = ThroughputMeter()
    private var backwardMeans: [EngineKind: Double] = [:]
    private var probeSeconds = 0.0
    private var nextProbeAt = 0.0
    private var lastPublish = -Double.infinity
    private var spectralStep = -1
    private var intervalPacer = IntervalRecordPacer()
    /// The step of the last "final" record, so a run that finished and is then stopped writes one only.
    private var finalRecordStep: Int?

    public init(trainer: Trainer, settings: SessionSettings, checkpointer: Checkpointer? = nil) throws {
        self.trainer = trainer
        self.settings = settings
        self.checkpointer = checkpointer
        self.paused = settings.startPaused
        lossSeries = DownsampledSeries(capacity: settings.lossCapacity)
        normHistory = NormHistory(capacity: settings.historyRows)
        if let path = settings.metricsPath {
            recorder = try MetricsRecorder(path: path, inputs: settings.inputFiles)
        }
        let corpus = trainer.corpus
        let s = trainer.config
        builder = TrainingSnapshot(
            runName: settings.runName,
            modelSummary: "H=\(s.hidden) V=\(corpus.vocabulary.count) B=\(s.batch) \(corpus.level.rawValue) · \(corpus.name)",
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
    public var lastCheckpointFailure: String? {
        condition.lock(); defer { condition.unlock() }
        return checkpointFailure
    }

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
        let previousFP = bptt_enable_ftz_daz() // subnormals would make naive BPTT up to 7x slower
        defer { bptt_restore_fp_control(previousFP) }
        clock.start()
        nextProbeAt = 0.5 // an early first probe, so the timing panel fills quickly
        if !paused { builder.state = .training }
        // A resumed run continues its metrics file: this line marks where the new part starts.
        // (metrics only: it is not a control change to mark on the loss chart).
        var start = MetricsRecord(type: "event", step: trainer.step, seconds: 0)
        start.event = "start"
        start.text = trainer.step == 0 ? "run started" : "run resumed at step \(trainer.step)"
        recorder?.write(start)
        publish(force: true)
        while true {
            for command in takeCommands() { apply(command) }
            if let reason = stopReason {
                finish(state: .stopped(reason: reason))
                return
            }
            if trainer.finishedReason != nil && !paused {
                builder.state = .finished(reason: trainer.finishedReason!)
                paused = true
                if intervalUpdates > 0 { recordInterval(step: trainer.step, now: clock.seconds) }
                recordFinal()
                publish(force: true)
            }
            if paused && stepBudget == 0 {
                publish(force: false)
                waitForCommand(seconds: 0.25)
                continue
            }
            trainOneUpdate()
            if stepBudget > 0 {
                stepBudget -= 1
                if stepBudget == 0 { builder.state = .paused(reason: nil) }
            }
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
            throughput = ThroughputMeter()
            paused = true
            stepBudget = 0
            builder.state = .paused(reason: nil)
        case .resume:
            guard trainer.finishedReason == nil else { return }
            paused = false
            builder.state = .training
        case .singleStep:
            guard paused, trainer.finishedReason == nil else { return }
            stepBudget += 1
        case .stop:
            stopReason = "stopped by the user"
        case .restart:
            trainer.restart()
            lossSeries = DownsampledSeries(capacity: settings.lossCapacity)
            validSeries = []
            recallSeries = []
            otherSeries = []
            normHistory = NormHistory(capacity: settings.historyRows)
            backwardMeans = [:]
            builder.gradient = GradientFlow()
            builder.learningRate = trainer.learningRate
            builder.sample = ""
            clock.start()
            throughput = ThroughputMeter()
            record(event: .restart, text: "restart from fresh weights")
            events = events.filter { $0.kind == .restart }.suffix(1)
            paused = false
            builder.state = .training
            publish(force: true)
        case .setTruncation(let truncation):
            do {
                try trainer.setTruncation(truncation)
                builder.truncation = truncation
                record(event: .truncation, text: "truncation \(truncation)")
            } catch {
                record(event: .truncation, text: "refused: \(error.localizedDescription)")
            }
        case .setEngine(let engine):
            trainer.setEngine(engine)
            builder.engine = engine
            record(event: .engine, text: "engine \(engine.rawValue)")
        case .setLearningRate(let rate):
            do {
                try trainer.setLearningRate(rate)
                builder.learningRate = rate
                record(event: .learningRate, text: "learning rate \(rate)")
            } catch {
                record(event: .learningRate, text: "refused: \(error.localizedDescription)")
            }
        }
    }

    private func trainOneUpdate() {
        let measureReach = self.settings.reachEvery > 0 && trainer.step % self.settings.reachEvery == 0
        let result = trainer.update(computeReach: measureReach)
        let now = clock.seconds
        if let reason = result.nonFinite {
            paused = true
            stepBudget = 0
            builder.state = .paused(reason: reason)
            record(event: .nonFinite, text: reason)
            publish(force: true)
            return
        }
        let step = trainer.step
        throughput.add(tokens: result.tokens, at: now)
        let previous = backwardMeans[result.engine] ?? result.backwardSeconds * 1000
        backwardMeans[result.engine] = 0.9 * previous + 0.1 * result.backwardSeconds * 1000
        lossSeries.append(LossPoint(step: step, seconds: now, loss: result.loss))
        normHistory.append(result.diagnostics.stepNorms, step: step)
        var gradient = builder.gradient
        gradient.stepNorms = result.diagnostics.stepNorms
        if !result.diagnostics.reach.isEmpty { gradient.reach = result.diagnostics.reach }
        gradient.firstOutputStep = result.historyLength
        gradient.totalNorm = result.clip.norm
        if result.clip.rescaled || result.clip.elementsCut > 0 { gradient.clippedUpdates += 1 }
        builder.gradient = gradient
        intervalLoss += result.loss * Double(result.tokens)
        intervalTokens += result.tokens
        intervalUpdates += 1

        let s = trainer.config
        if s.validateEvery > 0 && step % s.validateEvery == 0 { validate(step: step, now: now) }
        if s.sampleEvery > 0 && (step % s.sampleEvery == 0 || step == 1) { builder.sample = trainer.sample() }
        if self.settings.metricsEvery > 0 && step % self.settings.metricsEvery == 0 && intervalPacer.isDue(at: now) {
            recordInterval(step: step, now: now)
        }
        if self.settings.checkpointEvery > 0 && step % self.settings.checkpointEvery == 0 { saveCheckpoint() }
        if self.settings.probeEverySeconds > 0 && now >= nextProbeAt { runProbe(now: now) }
    }

    private func validate(step: Int, now: Double) {
        let (evaluation, decision) = trainer.validateAndSchedule()
        let loss = evaluation.loss
        validSeries.append(LossPoint(step: step, seconds: now, loss: loss))
        if validSeries.count > settings.lossCapacity { validSeries.removeFirst(validSeries.count - settings.lossCapacity) }
        if let recall = evaluation.recallLoss, let other = evaluation.otherLoss {
            recallSeries.append(LossPoint(step: step, seconds: now, loss: recall))
            otherSeries.append(LossPoint(step: step, seconds: now, loss: other))
            if recallSeries.count > settings.lossCapacity {
                recallSeries.removeFirst(recallSeries.count - settings.lossCapacity)
                otherSeries.removeFirst(otherSeries.count - settings.lossCapacity)
            }
        }
        builder.learningRate = trainer.learningRate
        if let note = decision.note { record(event: .schedule, text: note) }
        var record = MetricsRecord(type: "validation", step: step, seconds: now)
        record.epoch = trainer.epoch
        record.validLoss = loss
        record.validPerplexity = exp(loss)
        if trainer.corpus.level == .char { record.bitsPerChar = loss / log(2) }
        record.recallLoss = evaluation.recallLoss
        record.otherLoss = evaluation.otherLoss
        record.learningRate = trainer.learningRate
        recorder?.write(record)
    }

    private func runProbe(now: Double) {
        let started = clock.seconds
        let tokens = Array(trainer.corpus.train.tokens.prefix((settings.probeLengths.max() ?? 1) + 1))
        let probe = TimingProber(windowLengths: settings.probeLengths)
            .probe(params: trainer.params, tokens: tokens, step: trainer.step)
        builder.probe = probe
        let cost = clock.seconds - started
        probeSeconds += cost
        // Keep the probe's share of wall time bounded: wait at least cost/share before the next one.
        let share = max(settings.probeMaxShare, 1e-3)
        nextProbeAt = clock.seconds + max(settings.probeEverySeconds, cost / share)
    }

    private func recordInterval(step: Int, now: Double) {
        var record = MetricsRecord(type: "interval", step: step, seconds: now)
        record.epoch = trainer.epoch
        record.trainLoss = intervalTokens > 0 ? intervalLoss / Double(intervalTokens) : nil
        record.tokensPerSecond = throughput.rate
        record.learningRate = trainer.learningRate
        record.gradientNorm = builder.gradient.totalNorm
        record.clippedUpdates = builder.gradient.clippedUpdates
        fillTruncation(&record)
        record.engine = trainer.config.engine.rawValue
        recorder?.write(record)
        intervalLoss = 0; intervalTokens = 0; intervalUpdates = 0
    }

    private func fillTruncation(_ record: inout MetricsRecord) {
        switch trainer.truncation {
        case .blocks(let k1, let k2):
            record.k1 = k1; record.k2 = k2; record.truncation = "blocks"
        case .off:
            record.truncation = "off"
        }
    }

    private func record(event kind: ControlEvent.Kind, text: String) {
        let now = clock.seconds
        events.append(ControlEvent(step: trainer.step, seconds: now, kind: kind, text: text))
        if events.count > 256 { events.removeFirst(events.count - 256) }
        var record = MetricsRecord(type: "event", step: trainer.step, seconds: now)
        record.event = kind.rawValue
        record.text = text
        fillTruncation(&record)
        record.engine = trainer.config.engine.rawValue
        record.learningRate = trainer.learningRate
        recorder?.write(record)
    }

    private func recordFinal() {
        finalRecordStep = trainer.step
        let testLoss = trainer.evaluate(trainer.corpus.test)
        var record = MetricsRecord(type: "final", step: trainer.step, seconds: clock.seconds)
        record.epoch = trainer.epoch
        record.validLoss = validSeries.last?.loss
        record.validPerplexity = validSeries.last.map { exp($0.loss) }
        record.trainLoss = lossSeries.visiblePoints.last?.loss
        record.text = "test_loss=\(testLoss) test_ppl=\(exp(testLoss))"
        record.event = builder.state.label
        recorder?.write(record)
    }

    private func saveCheckpoint() {
        guard let checkpointer else { return }
        do {
            try checkpointer(trainer)
            condition.lock()
            checkpointFailure = nil
            condition.unlock()
        } catch {
            let message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            record(event: .checkpoint, text: "checkpoint failed: \(message)")
            condition.lock()
            checkpointFailure = message
            condition.unlock()
        }
    }

    private func finish(state: RunState) {
        if intervalUpdates > 0 { recordInterval(step: trainer.step, now: clock.seconds) }
        saveCheckpoint()
        builder.state = state
        // However the run ends (finished, Ctrl-C, SIGTERM, `q`), `final` is its last record.
        if finalRecordStep != trainer.step { recordFinal() }
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
        builder.step = trainer.step
        builder.epoch = trainer.epoch
        builder.tokensSeen = trainer.tokensSeen
        builder.elapsedSeconds = now
        // While paused (single steps included) the 2-second window would show a stale rate.
        builder.tokensPerSecond = paused ? 0 : throughput.rate
        builder.learningRate = trainer.learningRate
        builder.trainLoss = lossSeries.visiblePoints
        builder.validLoss = validSeries
        builder.recallLoss = recallSeries
        builder.otherLoss = otherSeries
        builder.events = events
        builder.gradient.history = normHistory.rows
        builder.gradient.historySteps = normHistory.steps
        builder.recentBackwardMilliseconds = backwardMeans
        if trainer.step != spectralStep && (trainer.step % 50 == 0 || builder.gradient.spectralRadius == 0) {
            spectralStep = trainer.step
            builder.gradient.spectralRadius = spectralRadiusEstimate(trainer.params.W, hidden: trainer.shape.hidden,
                                                                     iterations: 20, seed: 7)
        }
        let snapshot = builder
        condition.lock()
        published = snapshot
        publishedVersion += 1
        condition.broadcast()
        condition.unlock()
    }
}

/// Wall time since the session (re)started.
struct SessionClock {
    private var origin: UInt64 = DispatchTime.now().uptimeNanoseconds
    mutating func start() { origin = DispatchTime.now().uptimeNanoseconds }
    var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - origin) / 1e9 }
}

/// Tokens per second over roughly the last two seconds.
struct ThroughputMeter {
    private var samples: [(seconds: Double, tokens: Int)] = []
    private var window = 2.0

    mutating func add(tokens: Int, at seconds: Double) {
        samples.append((seconds, tokens))
        while let first = samples.first, seconds - first.seconds > window, samples.count > 2 { samples.removeFirst() }
    }

    var rate: Double {
        guard samples.count >= 2, let first = samples.first, let last = samples.last, last.seconds > first.seconds else { return 0 }
        let tokens = samples.dropFirst().reduce(0) { $0 + $1.tokens }
        return Double(tokens) / (last.seconds - first.seconds)
    }
}
