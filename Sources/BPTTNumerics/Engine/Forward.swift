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

/// Runs the RNN over the window from `initialState` (B x H row-major; zeros for a fresh sequence),
/// storing all states and the softmax outputs of steps >= firstOutput in `workspace`.
/// Traps with a message if sizes or token ids are invalid (validate user data with
/// `SequenceWindow.validate(vocabulary:)` first). The workspace grows if the window is longer.
@_specialize(exported: true, where T == Float)
@_specialize(exported: true, where T == Double)
public func rnnForward<T: RNNScalar>(_ p: RNNParameters<T>, _ w: SequenceWindow, initialState: [T],
                                     workspace: RNNWorkspace<T>) -> ForwardResult {
    p.requireLayout(matching: workspace.shape, role: "parameters")
    requireValid { try w.validate(vocabulary: workspace.shape.vocabulary) }
    guard w.batch == workspace.batch else {
        failContract(NumericsError("window batch \(w.batch) differs from the workspace batch \(workspace.batch)"))
    }
    let stateWidth = w.batch * workspace.shape.hidden
    guard initialState.count == stateWidth else {
        failContract(NumericsError("initialState has \(initialState.count) values, expected batch*hidden = \(stateWidth)"))
    }
    workspace.load(w)
    initialState.withUnsafeBufferPointer { workspace.stateBlock(-1).copyElements(from: $0.baseAddress!, count: stateWidth) }
    workspace.refreshInitialStateFlag()
    return NumericsEnvironment.withFlushToZero {
        p.withPointers { pointers in
            ForwardPass.runSteps(pointers, workspace, steps: 0..<w.length)
            return ForwardPass.computeOutputs(pointers, workspace, steps: w.firstOutput..<w.length)
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

/// The forward recurrence and the output layer, on workspace buffers.
enum ForwardPass {
    /// s_t = tanh(W s_{t-1} + U[x_t] + b) for t in `steps`; state block t-1 must already hold s_{t-1}.
    static func runSteps<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, steps: Range<Int>) {
        let h = ws.shape.hidden, batch = ws.batch
        guard !steps.isEmpty else { return }
        if batch > 1 {
            // Rows are sequences: S_t = S_{t-1} W^T, with W^T packed once for all steps.
            T.pack(p.W, ldb: h, transposed: true, k: h, n: h, into: ws.packedWeights)
        }
        for t in steps {
            let previous = ws.stateBlock(t - 1), current = ws.stateBlock(t)
            if t == 0 && ws.initialStateIsZero {
                current.zeroFill(count: batch * h)
            } else if batch == 1 {
                T.gemv(transpose: false, m: h, n: h, alpha: 1, a: p.W, lda: h, x: previous, beta: 0, y: current)
            } else {
                T.gemmPacked(m: batch, n: h, k: h, a: previous, lda: h, packed: ws.packedWeights, c: current, ldc: h,
                             addend: nil)
            }
            T.gatherBiasTanh(current, table: p.U, indices: ws.inputs + t * batch, bias: p.b, rows: batch, width: h)
        }
    }

    /// Softmax outputs and masked loss for the steps in `steps` (all rows in one gemm).
    static func computeOutputs<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>,
                                             steps: Range<Int>) -> ForwardResult {
        let h = ws.shape.hidden, v = ws.shape.vocabulary, batch = ws.batch
        let rows = steps.count * batch
        guard rows > 0 else { return ForwardResult(lossSum: 0, outputCount: 0) }
        let first = steps.lowerBound
        let logits = ws.outputBlock(ws.probabilities, first)
        // logits = S V^T for all output rows in one product.
        T.pack(p.V, ldb: h, transposed: true, k: h, n: v, into: ws.packedOutputWeights)
        T.gemmPacked(m: rows, n: v, k: h, a: ws.stateBlock(first), lda: h, packed: ws.packedOutputWeights, c: logits,
                     ldc: v, addend: nil)
        let mask = ws.maskPointer.map { $0 + first * batch }
        let loss = T.softmaxCrossEntropy(logits, bias: p.c, targets: ws.targets + first * batch, mask: mask,
                                         rows: rows, width: v)
        var count = Double(rows)
        if let mask {
            count = 0
            for r in 0..<rows { count += Double(mask[r]) }
        }
        return ForwardResult(lossSum: loss, outputCount: count)
    }
}
