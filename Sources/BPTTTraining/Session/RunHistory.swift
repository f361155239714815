import BPTTNumerics

/// What the snapshot shows of a run's past, kept bounded however long the run goes: the train loss
/// (downsampled), the validation losses, the rows of the gradient heat map, the control changes, the
/// latest gradient flow, recent backward times per engine and the token rate. Fed by the session
/// after each update and validation; copied into every published snapshot.
struct RunHistory {
    private let capacity: Int
    private let historyRows: Int
    private var trainLoss: DownsampledSeries
    private var validLoss: [LossPoint] = []
    private var recallLoss: [LossPoint] = []
    private var otherLoss: [LossPoint] = []
    private var norms: NormHistory
    /// LSTM's ||dE/dc_t|| rows, appended with `norms` (so at the same steps); empty for other cells.
    private var cellNorms: NormHistory
    private(set) var events: [ControlEvent] = []
    private(set) var gradient = GradientFlow()
    private var forwardBackwardMilliseconds: [EngineKind: Double] = [:]
    private(set) var throughput = ThroughputMeter()

    /// Control changes kept for the chart's markers.
    static let maximumEvents = 256

    init(settings: SessionSettings) {
        capacity = settings.lossCapacity
        historyRows = settings.historyRows
        trainLoss = DownsampledSeries(capacity: capacity)
        norms = NormHistory(capacity: historyRows)
        cellNorms = NormHistory(capacity: historyRows)
    }

    /// Forgets the run (a restart): series, heat map, gradient flow and rates start again; only the
    /// latest restart marker stays.
    mutating func restart() {
        self = RunHistory(capacity: capacity, historyRows: historyRows,
                          events: events.filter { $0.kind == .restart }.suffix(1))
    }

    private init(capacity: Int, historyRows: Int, events: [ControlEvent]) {
        self.capacity = capacity
        self.historyRows = historyRows
        trainLoss = DownsampledSeries(capacity: capacity)
        norms = NormHistory(capacity: historyRows)
        cellNorms = NormHistory(capacity: historyRows)
        self.events = events
    }

    /// A pause: the 2-second token rate starts afresh when training resumes.
    mutating func pause() { throughput = ThroughputMeter() }

    mutating func add(update result: UpdateResult, step: Int, seconds: Double) {
        throughput.add(tokens: result.tokens, at: seconds)
        let milliseconds = result.forwardBackwardSeconds * 1000
        forwardBackwardMilliseconds[result.engine] = 0.9 * (forwardBackwardMilliseconds[result.engine] ?? milliseconds) + 0.1 * milliseconds
        trainLoss.append(LossPoint(step: step, seconds: seconds, loss: result.loss))
        norms.append(result.diagnostics.stepNorms, step: step)
        gradient.stepNorms = result.diagnostics.stepNorms
        if !result.diagnostics.cellStepNorms.isEmpty {
            cellNorms.append(result.diagnostics.cellStepNorms, step: step)
            gradient.cellStepNorms = result.diagnostics.cellStepNorms
        }
        if !result.diagnostics.reach.isEmpty { gradient.reach = result.diagnostics.reach }
        gradient.firstOutputStep = result.historyLength
        gradient.totalNorm = result.clip.norm
        if result.clip.rescaled || result.clip.elementsCut > 0 { gradient.clippedUpdates += 1 }
    }

    mutating func add(validation evaluation: Evaluation, step: Int, seconds: Double) {
        validLoss.append(LossPoint(step: step, seconds: seconds, loss: evaluation.loss))
        if validLoss.count > capacity { validLoss.removeFirst(validLoss.count - capacity) }
        if let recall = evaluation.recallLoss, let other = evaluation.otherLoss {
            recallLoss.append(LossPoint(step: step, seconds: seconds, loss: recall))
            otherLoss.append(LossPoint(step: step, seconds: seconds, loss: other))
            if recallLoss.count > capacity {
                recallLoss.removeFirst(recallLoss.count - capacity)
                otherLoss.removeFirst(otherLoss.count - capacity)
            }
        }
    }

    mutating func add(event: ControlEvent) {
        events.append(event)
        if events.count > Self.maximumEvents { events.removeFirst(events.count - Self.maximumEvents) }
    }

    mutating func setSpectralRadius(_ radius: Double) { gradient.spectralRadius = radius }

    mutating func setGateMeans(_ means: [GateMean]) { gradient.gateMeans = means }

    var lastValidLoss: Double? { validLoss.last?.loss }
    var lastTrainLoss: Double? { trainLoss.visiblePoints.last?.loss }

    /// Copies the history into a snapshot; `paused` shows no token rate (the 2-second window would be stale).
    func fill(_ snapshot: inout TrainingSnapshot, paused: Bool) {
        snapshot.tokensPerSecond = paused ? 0 : throughput.rate
        snapshot.trainLoss = trainLoss.visiblePoints
        snapshot.validLoss = validLoss
        snapshot.recallLoss = recallLoss
        snapshot.otherLoss = otherLoss
        snapshot.events = events
        snapshot.gradient = gradient
        snapshot.gradient.history = norms.rows
        snapshot.gradient.historySteps = norms.steps
        snapshot.gradient.cellHistory = cellNorms.rows
        snapshot.recentForwardBackwardMilliseconds = forwardBackwardMilliseconds
    }
}
