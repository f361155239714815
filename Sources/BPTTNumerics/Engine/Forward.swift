/// Masked cross-entropy over the outputs t >= firstOutput of a window.
public struct ForwardResult: Sendable, Equatable {
    /// Sum over outputs of mask * -log p(target), in nats.
    public var lossSum: Double
    /// Sum of the mask weights over those outputs (the number of predicted tokens without a mask).
    public var outputCount: Double

    public init(lossSum: Double, outputCount: Double) {
        self.lossSum = lossSum
        self.outputCount = outputCount
    }

    /// Mean loss per predicted token (0 when nothing was predicted).
    public var meanLoss: Double { outputCount > 0 ? lossSum / outputCount : 0 }

    public static func + (lhs: ForwardResult, rhs: ForwardResult) -> ForwardResult {
        ForwardResult(lossSum: lhs.lossSum + rhs.lossSum, outputCount: lhs.outputCount + rhs.outputCount)
    }
}

/// Runs the RNN over the window from `initialState` (B x stateWidth row-major, rows [h | c] for LSTM;
/// zeros for a fresh sequence),
/// storing all states and the output layer's softmaxes of steps >= firstOutput in `workspace`.
/// Traps with a message if sizes or token ids are invalid (validate user data with
/// `SequenceWindow.validate(vocabulary:)` first). The workspace grows if the window is longer.
@_specialize(exported: true, where T == Float)
@_specialize(exported: true, where T == Double)
public func rnnForward<T: RNNScalar>(_ p: RNNParameters<T>, _ w: SequenceWindow, initialState: [T],
                                     workspace: RNNWorkspace<T>) -> ForwardResult {
    p.requireLayout(matching: workspace.shape, role: "parameters")
    requireValid { try w.validate(vocabulary: workspace.shape.vocabulary) }
    guard w.batch == workspace.batch else {
        failContract(LabError("window batch \(w.batch) differs from the workspace batch \(workspace.batch)"))
    }
    let stateCount = w.batch * workspace.shape.stateWidth
    guard initialState.count == stateCount else {
        failContract(LabError("initialState has \(initialState.count) values, expected batch*stateWidth = \(stateCount)"))
    }
    workspace.load(w)
    initialState.withUnsafeBufferPointer { workspace.setCarriedState($0.baseAddress!, at: -1) }
    workspace.refreshInitialStateFlag()
    return NumericsEnvironment.withFlushToZero {
        p.withPointers { pointers in
            RecurrentLayer.forward(pointers, workspace, steps: 0..<w.length)
            return OutputStage.forward(pointers, workspace, steps: w.firstOutput..<w.length)
        }
    }
}

extension RNNWorkspace {
    /// Copies the window's tokens and mask in and records its length and first output.
    func load(_ w: SequenceWindow) {
        reserve(length: w.length)
        let count = w.length * w.batch
        w.inputs.withUnsafeBufferPointer { inputs.update(from: $0.baseAddress!, count: count) }
        w.targets.withUnsafeBufferPointer { targets.update(from: $0.baseAddress!, count: count) }
        if let weights = w.mask {
            weights.withUnsafeBufferPointer { mask.update(from: $0.baseAddress!, count: count) }
            hasMask = true
        } else {
            hasMask = false
        }
        length = w.length
        firstOutput = w.firstOutput
        outputErrorsReady = false
    }
}
