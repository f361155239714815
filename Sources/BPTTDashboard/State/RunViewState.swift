import BPTTTraining
import BPTTNumerics

/// An earlier run of this sitting, drawn as a faint labelled curve behind the current one.
public struct ReferenceRun: Sendable, Equatable {
    public var name: String
    public var trainLoss: [LossPoint]
    public init(name: String, trainLoss: [LossPoint]) {
        self.name = name; self.trainLoss = trainLoss
    }
}

/// A truncation the dashboard asked for and the one it replaced: until the session publishes it,
/// further arrow presses step on from the request instead of the stale snapshot (key repeat).
public struct PendingTruncation: Sendable, Equatable {
    public var from: Truncation
    public var to: Truncation
    public init(from: Truncation, to: Truncation) { self.from = from; self.to = to }
}

/// What the dashboard keeps about one run beyond its snapshot. Each run has its own, so a key
/// pressed for run B never steps on from run A's pending request.
public struct RunViewState: Sendable, Equatable {
    /// The last block truncation seen, restored when the k1 slider moves back from "off".
    public var lastBlocks: Truncation?
    /// A truncation requested but not yet published by the session (see `PendingTruncation`).
    public var pendingTruncation: PendingTruncation?
    /// Earlier runs of this sitting, drawn faint and labelled on the loss chart.
    public var referenceRuns: [ReferenceRun]

    public init(lastBlocks: Truncation? = nil, pendingTruncation: PendingTruncation? = nil,
                referenceRuns: [ReferenceRun] = []) {
        self.lastBlocks = lastBlocks; self.pendingTruncation = pendingTruncation; self.referenceRuns = referenceRuns
    }
}
