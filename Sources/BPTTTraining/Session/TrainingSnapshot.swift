import Foundation
import BPTTNumerics
@_exported import struct BPTTCorpus.LossFloors
@_exported import enum BPTTCorpus.TokenLevel
@_exported import enum BPTTNumerics.Truncation
@_exported import enum BPTTNumerics.CellKind
@_exported import struct BPTTNumerics.GateMean

/// What the run is doing now, and why when it is not training. The session keeps it as its one
/// run state: commands and the loop move it, nothing is kept beside it.
public enum RunState: Sendable, Equatable {
    case starting
    case training
    /// By the user (or `start_paused`); a single step trains one update and stays here.
    case paused(reason: String?)
    /// Ended for good: the loop has finished (the user, a signal, a metrics file that failed).
    case stopped(reason: String)
    /// max_steps, max_epochs or the schedule ended training; a stop ends the run.
    case finished(reason: String)
    /// The divergence guard refused an update (the message says which, and which weights are
    /// kept): nothing trains until a resume, a restart or a stop.
    case failed(message: String)

    var isPaused: Bool { if case .paused = self { true } else { false } }
    var isStopped: Bool { if case .stopped = self { true } else { false } }
    var isFailed: Bool { if case .failed = self { true } else { false } }

    public var label: String {
        switch self {
        case .starting: return "starting"
        case .training: return "training"
        case .paused(let reason): return reason.map { "paused: \($0)" } ?? "paused"
        case .stopped(let reason): return "stopped: \(reason)"
        case .finished(let reason): return "finished: \(reason)"
        case .failed(let message): return "failed: \(message)"
        }
    }
}

public struct LossPoint: Sendable, Equatable {
    public var step: Int
    public var seconds: Double
    /// Mean cross-entropy per predicted token, in nats.
    public var loss: Double
    public init(step: Int, seconds: Double, loss: Double) {
        self.step = step; self.seconds = seconds; self.loss = loss
    }
}

/// A control change, drawn as a vertical marker on the loss chart.
public struct ControlEvent: Sendable, Equatable {
    public enum Kind: String, Sendable { case truncation, engine, restart, schedule, nonFinite, checkpoint }
    public var step: Int
    public var seconds: Double
    public var kind: Kind
    public var text: String
    public init(step: Int, seconds: Double, kind: Kind, text: String) {
        self.step = step; self.seconds = seconds; self.kind = kind; self.text = text
    }
}

/// The timing probe: backward-pass cost against window length for both engines, on the current
/// weights, plus the largest gradient difference between them (the proof that they agree).
public struct TimingProbe: Sendable, Equatable {
    public var windowLengths: [Int]
    public var naiveMilliseconds: [Double]
    public var optimizedMilliseconds: [Double]
    /// max over parameters of |g_naive - g_optimized| / max(|g|) at the probe's largest window.
    public var maxRelativeGradientDifference: Double
    public var step: Int
    /// The slowest of the repetitions per length (the fastest is in `naiveMilliseconds` /
    /// `optimizedMilliseconds`): the probe's spread. Empty when not measured.
    public var naiveSlowestMilliseconds: [Double]
    public var optimizedSlowestMilliseconds: [Double]
    public init(windowLengths: [Int], naiveMilliseconds: [Double], optimizedMilliseconds: [Double],
                maxRelativeGradientDifference: Double, step: Int,
                naiveSlowestMilliseconds: [Double] = [], optimizedSlowestMilliseconds: [Double] = []) {
        self.windowLengths = windowLengths
        self.naiveMilliseconds = naiveMilliseconds
        self.optimizedMilliseconds = optimizedMilliseconds
        self.maxRelativeGradientDifference = maxRelativeGradientDifference
        self.step = step
        self.naiveSlowestMilliseconds = naiveSlowestMilliseconds
        self.optimizedSlowestMilliseconds = optimizedSlowestMilliseconds
    }
}

/// Gradient-flow diagnostics of recent updates.
public struct GradientFlow: Sendable, Equatable {
    /// ||dE/ds_t|| for t = 0 ..< window of the latest update (mean over the batch).
    public var stepNorms: [Double]
    /// Rows of earlier `stepNorms`, oldest first, bounded in count; rows may differ in length.
    public var history: [[Double]]
    /// Update step of each history row.
    public var historySteps: [Int]
    /// r_k = ||de_last/ds_{last-k}||, k = 0 ..< window: the last output's error k steps back.
    public var reach: [Double]
    /// Index in `stepNorms` of the first step whose output has a loss in this update (k2 in stream
    /// mode: steps before it belong to earlier blocks and only pass errors through).
    public var firstOutputStep: Int
    public var totalNorm: Double
    public var clippedUpdates: Int
    /// Power-iteration estimate of the spectral radius of W (Elman only; 0 for gated cells).
    public var spectralRadius: Double
    /// LSTM only: ||dE/dc_t|| of the latest update, the error on the cell state (the constant-error
    /// path) as `stepNorms` is on h_t; empty for the other cells.
    public var cellStepNorms: [Double] = []
    /// LSTM only: rows of earlier `cellStepNorms`, at the same update steps as `history`.
    public var cellHistory: [[Double]] = []
    /// Gated cells: their gates' mean activity on a slice of validation text with the current
    /// weights (LSTM f, i, o; GRU z), measured now and then; empty for Elman and before the first.
    public var gateMeans: [GateMean] = []
    public init(stepNorms: [Double] = [], history: [[Double]] = [], historySteps: [Int] = [], reach: [Double] = [],
                firstOutputStep: Int = 0, totalNorm: Double = 0, clippedUpdates: Int = 0, spectralRadius: Double = 0,
                cellStepNorms: [Double] = [], cellHistory: [[Double]] = [], gateMeans: [GateMean] = []) {
        self.stepNorms = stepNorms; self.history = history; self.historySteps = historySteps; self.reach = reach
        self.firstOutputStep = firstOutputStep; self.totalNorm = totalNorm
        self.clippedUpdates = clippedUpdates; self.spectralRadius = spectralRadius
        self.cellStepNorms = cellStepNorms; self.cellHistory = cellHistory; self.gateMeans = gateMeans
    }
}

/// An immutable picture of a training run, published by the session at most ~30 times a second.
/// The dashboard draws only from this; nothing in it is shared with the training thread.
public struct TrainingSnapshot: Sendable, Equatable {
    public var runName: String
    /// One-line description of model and data, e.g. "H=128 V=12 B=16 char · builtin(d=24)".
    public var modelSummary: String
    /// The recurrent cell (elman, gru, lstm).
    public var cell: CellKind = .elman
    /// The corpus's token level, which decides how the loss is shown: bits per character or perplexity.
    public var unit: TokenLevel
    public var state: RunState
    public var step: Int
    public var epoch: Int
    /// How far the current epoch is, 0..<1 (for progress lines and their ETA).
    public var epochFraction: Double = 0
    public var tokensSeen: Int
    public var elapsedSeconds: Double
    public var tokensPerSecond: Double
    public var learningRate: Double
    public var engine: EngineKind
    public var truncation: Truncation
    /// Whether the corpus has sentences, so that truncation `.off` is available.
    public var sentenceModeAvailable: Bool
    /// Distance of the built-in corpus's long-range dependency, nil for other corpora.
    public var dependencyDistance: Int?
    /// The built-in corpus's exact loss floors (nats/token): reachable with and without memory of the
    /// dependency. Nil for other corpora.
    public var lossFloors: LossFloors?
    /// Per-update training loss, downsampled to a bounded length (oldest first).
    public var trainLoss: [LossPoint]
    /// Validation loss points (nats per token).
    public var validLoss: [LossPoint]
    /// Built-in language: validation loss on the recalls only (nats), at the same steps as `validLoss`;
    /// empty for other corpora. ln K means the key is not remembered, 0 that it is.
    public var recallLoss: [LossPoint] = []
    /// Built-in language: validation loss on every other prediction, at the same steps.
    public var otherLoss: [LossPoint] = []
    public var events: [ControlEvent]
    public var gradient: GradientFlow
    public var probe: TimingProbe?
    /// Mean milliseconds of recent updates' batching, forward and backward passes (not clipping or
    /// the optimizer step), per engine that trained.
    public var recentForwardBackwardMilliseconds: [EngineKind: Double]
    public var sample: String

    public init(runName: String = "", modelSummary: String = "", cell: CellKind = .elman, unit: TokenLevel = .char,
                state: RunState = .starting, step: Int = 0, epoch: Int = 0, tokensSeen: Int = 0,
                elapsedSeconds: Double = 0, tokensPerSecond: Double = 0, learningRate: Double = 0,
                engine: EngineKind = .optimized, truncation: Truncation = .blocks(k1: 10, k2: 10),
                sentenceModeAvailable: Bool = false, dependencyDistance: Int? = nil,
                trainLoss: [LossPoint] = [], validLoss: [LossPoint] = [], events: [ControlEvent] = [],
                gradient: GradientFlow = GradientFlow(), probe: TimingProbe? = nil,
                recentForwardBackwardMilliseconds: [EngineKind: Double] = [:], sample: String = "") {
        self.runName = runName; self.modelSummary = modelSummary; self.cell = cell; self.unit = unit; self.state = state
        self.step = step; self.epoch = epoch; self.tokensSeen = tokensSeen; self.elapsedSeconds = elapsedSeconds
        self.tokensPerSecond = tokensPerSecond; self.learningRate = learningRate; self.engine = engine
        self.truncation = truncation; self.sentenceModeAvailable = sentenceModeAvailable
        self.dependencyDistance = dependencyDistance; self.trainLoss = trainLoss; self.validLoss = validLoss
        self.events = events; self.gradient = gradient; self.probe = probe
        self.recentForwardBackwardMilliseconds = recentForwardBackwardMilliseconds; self.sample = sample
    }

    /// Latest validation perplexity, if any.
    public var validPerplexity: Double? { validLoss.last.map { exp($0.loss) } }
}

/// Commands the dashboard (or a test) sends to a running session; applied at the next update boundary.
public enum SessionCommand: Sendable, Equatable {
    case pause
    case resume
    case singleStep
    case stop
    case restart
    case setTruncation(Truncation)
    case setEngine(EngineKind)
}
