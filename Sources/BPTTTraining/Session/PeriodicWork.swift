import BPTTNumerics

/// What a live session does between updates besides training, each on its own schedule: validation
/// (which also drives the learning-rate schedule), text samples, interval metrics records,
/// checkpoints, the timing probe, the spectral-radius estimate of W (Elman) or the gates' mean
/// activity (gated cells). Runs on the session's training queue only.
final class PeriodicWork {
    private let trainer: Trainer
    private let settings: SessionSettings
    private let log: RunLog
    private let checkpoints: CheckpointSaver
    private var probe: ProbeSchedule
    /// The step of the last spectral-radius estimate.
    private var spectralStep = -1

    /// Updates between spectral-radius estimates (power iteration on W, ~20 products).
    static let spectralEvery = 50
    /// The time of the last gate-mean measurement, and its step.
    private var gateSeconds = -Double.infinity
    private var gateStep = -1
    /// Seconds between gate-mean measurements: a forward pass over `gateTokens`, a few hundred
    /// microseconds, kept off the per-update budget by a clock rather than a step count.
    static let gateEverySeconds = 0.5
    /// The text the gates are measured on: the start of the validation text (the training text when
    /// that is too short), the same slice every time, so the mean moves only with the weights.
    private lazy var gateTokens: [Int32] = {
        let valid = trainer.corpus.valid.tokens
        return Array((valid.count >= 2 ? valid : trainer.corpus.train.tokens).prefix(257))
    }()

    /// What the work produced for the snapshot.
    struct Results {
        var sample: String?
        var probe: TimingProbe?
    }

    init(trainer: Trainer, settings: SessionSettings, log: RunLog, checkpoints: CheckpointSaver) {
        self.trainer = trainer
        self.settings = settings
        self.log = log
        self.checkpoints = checkpoints
        probe = ProbeSchedule(every: settings.runsProbe ? trainer.config.probeEverySeconds : 0,
                              maxShare: trainer.config.probeMaxShare)
    }

    /// Whether the next update also measures the reach profile r_k (an extra sweep with the
    /// optimized engine).
    var measuresReach: Bool { settings.reachEvery > 0 && trainer.step % settings.reachEvery == 0 }

    /// The work due after the update that brought the trainer to its current step.
    /// `validation`: the one `TrainingLoop` made after this update, if it was due.
    func afterUpdate(clock: SessionClock, validation: TrainingLoop.Validation?) -> Results {
        let step = trainer.step, seconds = clock.seconds
        var results = Results()
        let config = trainer.config
        if let validation { record(validation, seconds: seconds) }
        if config.sampleEvery > 0 && (step % config.sampleEvery == 0 || step == 1) { results.sample = trainer.sample() }
        log.metrics.intervalIfDue(every: config.metricsEvery, trainer: trainer, seconds: seconds,
                                  gradient: log.history.gradient, tokensPerSecond: log.history.throughput.rate)
        if config.checkpointEvery > 0 && step % config.checkpointEvery == 0 { saveCheckpoint(seconds: seconds) }
        if probe.isDue(at: seconds) { results.probe = runProbe(clock: clock) }
        return results
    }

    /// Validates (the trainer applies the learning-rate schedule) and records the losses.
    private func record(_ validation: TrainingLoop.Validation, seconds: Double) {
        let (evaluation, decision) = validation
        log.history.add(validation: evaluation, step: trainer.step, seconds: seconds)
        if let note = decision.note { log.event(.schedule, note, trainer: trainer, seconds: seconds) }
        log.metrics.validation(evaluation, trainer: trainer, seconds: seconds)
    }

    /// Saves a checkpoint when the session has a checkpointer; a failure is an event of its own.
    func saveCheckpoint(seconds: Double) {
        if let failure = checkpoints.save(trainer) {
            log.event(.checkpoint, "checkpoint failed: \(failure)", trainer: trainer, seconds: seconds)
        }
    }

    /// Times both engines on the current weights; the next probe waits so that probing stays
    /// within its share of the wall time.
    private func runProbe(clock: SessionClock) -> TimingProbe {
        let started = clock.seconds
        let tokens = Array(trainer.corpus.train.tokens.prefix((settings.probeLengths.max() ?? 1) + 1))
        let result = TimingProber(windowLengths: settings.probeLengths)
            .probe(params: trainer.params, tokens: tokens, step: trainer.step)
        probe.ran(cost: clock.seconds - started, endedAt: clock.seconds)
        return result
    }

    /// A fresh estimate of ρ(W) every `spectralEvery` updates, and whenever there is none (at the
    /// start, after a restart). Called when a snapshot is published.
    func refreshSpectralRadius() {
        let step = trainer.step
        // A gated cell's W is its gates' weights, not a map of h_{t-1} to h_t: no radius to show.
        guard trainer.shape.cell == .elman, step != spectralStep, step % Self.spectralEvery == 0 || log.history.gradient.spectralRadius == 0 else { return }
        spectralStep = step
        log.history.setSpectralRadius(spectralRadiusEstimate(trainer.params.W, hidden: trainer.shape.hidden,
                                                             iterations: 20, seed: 7))
    }

    /// A gated cell's gates' mean activity (`GateActivity`), where ρ(W) has no meaning: at most every
    /// `gateEverySeconds`, and whenever there is none (at the start, after a restart). Called when a
    /// snapshot is published.
    func refreshGateMeans(seconds: Double) {
        let step = trainer.step
        guard trainer.shape.cell != .elman, step != gateStep,
              seconds - gateSeconds >= Self.gateEverySeconds || log.history.gradient.gateMeans.isEmpty else { return }
        gateStep = step
        gateSeconds = seconds
        log.history.setGateMeans(GateActivity.measure(params: trainer.params, tokens: gateTokens))
    }
}
