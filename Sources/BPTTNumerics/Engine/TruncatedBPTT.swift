/// Truncated BPTT over B parallel streams (Mikolov's rnnlm `-bptt-block k1 -bptt k2`, and the blog
/// post's last paragraph). Each `step` consumes one update block of new steps (normally k1). The hidden state
/// carries over from block to block; the inputs and states of the last k2 steps of earlier blocks are
/// kept (the "history"). The error of every output in the block is propagated back through the block
/// and at most k2 steps further, into the history, and stops there.
///
/// Exact definition. Let the block cover stream steps n..n+k1-1 and let h = min(k2, steps since the
/// last reset) history steps precede it. The update's window is the h + k1 steps n-h..n+k1-1; its
/// initial state s_{n-h-1} is a constant. The gradient is that of
///     E = sum over outputs τ in the block of e_τ(s_τ),
/// where s_{n-h}..s_τ are re-expressed through the current weights and s_{n-h-1} is held fixed. So
/// output τ's error reaches the states τ, τ-1, ..., n-h: (τ - n + 1) block steps plus h history steps,
/// and the last output reaches k1 + k2 steps. With k1 = 3, k2 = 2 (x = an output's error, * = a state
/// it reaches, . = held constant):
///
///             history | block
///     step:  . 0  1   |  2  3  4        (0-1: kept from earlier blocks, 2-4: this block)
///     e_2:   . *  *   |  x
///     e_3:   . *  *   |  *  x
///     e_4:   . *  *   |  *  *  x
///
/// The kept history states are the ones computed when those steps ran (as in rnnlm), while the
/// backward pass uses the current weights. With the weights unchanged between blocks this is exactly
/// the gradient of the truncated graph above. Both engines run it: naive pushes each output's error
/// back to the window start (its allowed reach), optimized sweeps the window once.
public final class TruncatedBPTT<T: RNNScalar>: @unchecked Sendable {
    public let shape: RNNShape
    public let batch: Int
    /// The most history steps kept (k2). The block length k1 is not kept here: each `step` reads it
    /// from the block it is given, so the trainer's truncation is the only record of it.
    public private(set) var k2: Int
    /// History steps currently kept (<= k2); they precede the next block in its window.
    public internal(set) var historyLength = 0

    let workspace: RNNWorkspace<T>

    /// `expectedBlock`: the block length to reserve room for now (the workspace grows to longer
    /// windows when they come).
    public init(shape: RNNShape, batch: Int, k2: Int, expectedBlock: Int = 1) {
        Self.requireHistoryCap(k2)
        self.shape = shape
        self.batch = batch
        self.k2 = k2
        workspace = RNNWorkspace(shape: shape, maxLength: k2 + max(1, expectedBlock), batch: batch)
    }

    /// A new cap on the kept history for the next block. The carried state stays; the history is cut
    /// to the new k2 (keeping its most recent steps) and grows back to k2 over the following blocks.
    public func setHistoryCap(_ k2: Int) {
        Self.requireHistoryCap(k2)
        self.k2 = k2
        if historyLength > k2 { keepLastSteps(k2, of: historyLength) }
    }

    /// The input tokens of the kept history steps (historyLength x B), valid until the next step.
    public var historyInputs: UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(start: workspace.inputs, count: historyLength * batch)
    }

    /// The V gradient rows' sums of squares the last `step` took as it made them (`RNNWorkspace.outputRowSums`).
    public var outputRowSums: OutputRowSums? { workspace.outputRowSums }

    /// Zero state, no history (a new epoch or a restart).
    public func reset() {
        historyLength = 0
        workspace.zeroCarriedState(at: -1)
    }

    /// The carried state of the last step run (B x stateWidth: s, or LSTM's rows [h | c]). Setting it
    /// drops the history, which no longer leads to it.
    public var hiddenState: [T] {
        get { workspace.carriedState(at: historyLength - 1) }
        set {
            guard newValue.count == workspace.stateCount else {
                failContract(LabError("hiddenState needs batch*stateWidth = \(workspace.stateCount) values, got \(newValue.count)"))
            }
            historyLength = 0
            newValue.withUnsafeBufferPointer { workspace.setCarriedState($0.baseAddress!, at: -1) }
        }
    }

    /// Runs one update block: forward over the new steps from the carried state, backward over
    /// (history + block), gradients ACCUMULATED into `grads`. `blockInputs`/`blockTargets` hold n x B
    /// tokens ([t * B + b]); n is normally k1 but any n >= 1 works (e.g. a shorter last block).
    /// Returns the block's loss, the window's diagnostics (window = history + block, so stepNorms[0]
    /// is the oldest history step) and the number of history steps in that window.
    @_specialize(exported: true, where T == Float)
    @_specialize(exported: true, where T == Double)
    public func step(_ p: RNNParameters<T>, blockInputs: [Int32], blockTargets: [Int32], blockMask: [Float]? = nil,
                     engine: EngineKind, options: BackwardOptions = BackwardOptions(),
                     grads: inout RNNParameters<T>) -> (forward: ForwardResult, diagnostics: BackwardDiagnostics, historyLength: Int) {
        p.requireLayout(matching: shape, role: "parameters")
        grads.requireLayout(matching: shape, role: "gradients")
        guard blockInputs.count % batch == 0, !blockInputs.isEmpty else {
            failContract(LabError("block has \(blockInputs.count) input tokens, expected a positive multiple of batch \(batch)"))
        }
        let blockLength = blockInputs.count / batch
        let history = historyLength
        let windowLength = history + blockLength
        let block = SequenceWindow(length: blockLength, batch: batch, inputs: blockInputs, targets: blockTargets,
                                   mask: blockMask, firstOutput: 0)
        requireValid { try block.validate(vocabulary: shape.vocabulary) }

        workspace.reserve(length: windowLength)
        loadBlock(block, at: history)
        workspace.refreshInitialStateFlag()
        // The outputs' forward and backward in one pass (the block's steps are the window's outputs).
        let forward = NumericsEnvironment.withFlushToZero {
            p.withPointers { pointers in
                grads.withMutablePointers { gradients in
                    RecurrentLayer.forward(pointers, workspace, steps: history..<windowLength)
                    return OutputStage.forwardAndBackward(pointers, workspace, into: gradients)
                }
            }
        }
        workspace.outputErrorsReady = true
        let diagnostics = BackwardPass.throughTime(p, workspace, engine: engine, options: options, grads: &grads)
        keepLastSteps(min(k2, windowLength), of: windowLength)
        return (forward, diagnostics, history)
    }

    /// Copies the block's tokens behind the history; the mask of the history steps is 1 (unused: they
    /// have no outputs).
    private func loadBlock(_ block: SequenceWindow, at history: Int) {
        let offset = history * batch, count = block.length * batch
        block.inputs.withUnsafeBufferPointer { (workspace.inputs + offset).update(from: $0.baseAddress!, count: count) }
        block.targets.withUnsafeBufferPointer { (workspace.targets + offset).update(from: $0.baseAddress!, count: count) }
        if let mask = block.mask {
            workspace.mask.update(repeating: 1, count: offset)
            mask.withUnsafeBufferPointer { (workspace.mask + offset).update(from: $0.baseAddress!, count: count) }
            workspace.hasMask = true
        } else {
            workspace.hasMask = false
        }
        workspace.length = history + block.length
        workspace.firstOutput = history
        workspace.outputErrorsReady = false
    }

    /// Moves the last `kept` of `total` steps (inputs, states with the one before them, and a gated
    /// cell's caches and cell states) to the front.
    private func keepLastSteps(_ kept: Int, of total: Int) {
        let width = batch * shape.hidden
        let drop = total - kept
        if drop > 0 {
            workspace.inputs.update(from: workspace.inputs + drop * batch, count: kept * batch)
            workspace.stateBlock(-1).copyElements(from: workspace.stateBlock(drop - 1), count: (kept + 1) * width)
            if shape.cell == .lstm {
                workspace.cellStateBlock(-1).copyElements(from: workspace.cellStateBlock(drop - 1), count: (kept + 1) * width)
            }
            let cache = batch * shape.cell.cacheWidth(hidden: shape.hidden)
            if cache > 0 && kept > 0 {
                workspace.cacheBlock(0).copyElements(from: workspace.cacheBlock(drop), count: kept * cache)
            }
        }
        historyLength = kept
    }

    /// A contract, not a check of user input: the trainer validates a truncation once
    /// (`Truncation.validate`) before any engine sees it.
    private static func requireHistoryCap(_ k2: Int) {
        guard k2 >= 0 else { failContract(LabError("k2 (steps into earlier blocks) must be at least 0, got \(k2)")) }
    }
}
