/// What the backward pass measures besides the gradients.
public struct BackwardOptions: Sendable, Equatable {
    /// Fill `BackwardDiagnostics.stepNorms` (cheap for optimized; one axpy per inner step for naive).
    public var computeStepNorms: Bool
    /// Fill `BackwardDiagnostics.reach` (free for naive; one extra seed-only sweep for optimized).
    public var computeReach: Bool

    public init(computeStepNorms: Bool = true, computeReach: Bool = false) {
        self.computeStepNorms = computeStepNorms
        self.computeReach = computeReach
    }
}

/// The vanishing/exploding-gradient curves of one backward pass over a window of L steps.
public struct BackwardDiagnostics: Sendable, Equatable {
    /// g_t = ||dE/ds_t|| for t = 0..<L: the total error reaching state s_t from all outputs at or
    /// after t in the window, as the mean over the batch of the per-sequence norms. Empty unless asked.
    public var stepNorms: [Double]
    /// r_k = ||de_{L-1}/ds_{L-1-k}|| for k = 0..<L: the error of the LAST output alone, k steps back
    /// (mean over the batch). All zeros when the last step has no output. Empty unless asked.
    public var reach: [Double]
    /// LSTM only: ||dE/dc_t|| for t = 0..<L, the total error reaching the cell state c_t (the
    /// constant-error path), as `stepNorms` is for h_t. Empty for the other cells or unless asked.
    public var cellStepNorms: [Double]

    public init(stepNorms: [Double] = [], reach: [Double] = [], cellStepNorms: [Double] = []) {
        self.stepNorms = stepNorms
        self.reach = reach
        self.cellStepNorms = cellStepNorms
    }
}

/// Gradients of the SUMMED masked loss over the outputs t >= firstOutput of the window, ACCUMULATED
/// into `grads` (the caller zeroes them; a batch gives the sum over its sequences). Needs a preceding
/// `rnnForward` of the same window on the same workspace, which it leaves intact (so both engines can
/// run on one forward pass). Errors travel back to step 0 of the window and stop there: the initial
/// state is a constant (no gradient flows into it).
///
/// The same as `rnnOutputBackward` followed by `rnnBackwardThroughTime`.
@_specialize(exported: true, where T == Float)
@_specialize(exported: true, where T == Double)
public func rnnBackward<T: RNNScalar>(_ p: RNNParameters<T>, _ w: SequenceWindow, workspace: RNNWorkspace<T>,
                                      engine: EngineKind, options: BackwardOptions = BackwardOptions(),
                                      grads: inout RNNParameters<T>) -> BackwardDiagnostics {
    rnnOutputBackward(p, w, workspace: workspace, grads: &grads)
    return rnnBackwardThroughTime(p, w, workspace: workspace, engine: engine, options: options, grads: &grads)
}

/// Stage 1 of the backward pass, the same for every engine: the softmax/cross-entropy gradient of
/// each output, dV and dc (accumulated into `grads`), and each output's local error dL/ds_t, kept in
/// the workspace for stage 2.
@_specialize(exported: true, where T == Float)
@_specialize(exported: true, where T == Double)
public func rnnOutputBackward<T: RNNScalar>(_ p: RNNParameters<T>, _ w: SequenceWindow, workspace: RNNWorkspace<T>,
                                            grads: inout RNNParameters<T>) {
    BackwardPass.requireForward(of: w, on: workspace)
    p.requireLayout(matching: workspace.shape, role: "parameters")
    grads.requireLayout(matching: workspace.shape, role: "gradients")
    BackwardPass.outputLayer(p, workspace, grads: &grads)
}

/// Stage 2, back-propagation through time (what the naive and optimized algorithms compute): from the local
/// errors of stage 1 to dU, dW, db (accumulated into `grads`) with the chosen engine, plus the
/// diagnostics. Needs `rnnOutputBackward` after the last `rnnForward`; it leaves the workspace intact,
/// so it can run again (e.g. with the other engine, or for timing).
@_specialize(exported: true, where T == Float)
@_specialize(exported: true, where T == Double)
public func rnnBackwardThroughTime<T: RNNScalar>(_ p: RNNParameters<T>, _ w: SequenceWindow, workspace: RNNWorkspace<T>,
                                                 engine: EngineKind, options: BackwardOptions = BackwardOptions(),
                                                 grads: inout RNNParameters<T>) -> BackwardDiagnostics {
    BackwardPass.requireForward(of: w, on: workspace)
    guard workspace.outputErrorsReady else {
        failContract(LabError("rnnBackwardThroughTime needs rnnOutputBackward after the last rnnForward"))
    }
    p.requireLayout(matching: workspace.shape, role: "parameters")
    grads.requireLayout(matching: workspace.shape, role: "gradients")
    return BackwardPass.throughTime(p, workspace, engine: engine, options: options, grads: &grads)
}

/// Shared driver: output layer, then the chosen engine's sweep over the hidden layer.
enum BackwardPass {
    static func requireForward<T: RNNScalar>(of w: SequenceWindow, on workspace: RNNWorkspace<T>) {
        guard w.length == workspace.length, w.batch == workspace.batch, w.firstOutput == workspace.firstOutput else {
            failContract(LabError("the backward pass needs the window of the last rnnForward on this workspace "
                + "(length \(workspace.length), firstOutput \(workspace.firstOutput)); got length \(w.length), "
                + "batch \(w.batch), firstOutput \(w.firstOutput)"))
        }
    }

    static func outputLayer<T: RNNScalar>(_ p: RNNParameters<T>, _ ws: RNNWorkspace<T>, grads: inout RNNParameters<T>) {
        NumericsEnvironment.withFlushToZero {
            p.withPointers { weights in
                grads.withMutablePointers { gradients in
                    OutputStage.backward(weights, ws, into: gradients)
                }
            }
        }
        ws.outputErrorsReady = true
    }

    static func throughTime<T: RNNScalar>(_ p: RNNParameters<T>, _ ws: RNNWorkspace<T>, engine: EngineKind,
                                          options: BackwardOptions, grads: inout RNNParameters<T>) -> BackwardDiagnostics {
        let length = ws.length
        let measuresCell = options.computeStepNorms && ws.shape.cell == .lstm
        var diagnostics = BackwardDiagnostics(
            stepNorms: options.computeStepNorms ? [Double](repeating: 0, count: length) : [],
            reach: options.computeReach ? [Double](repeating: 0, count: length) : [],
            cellStepNorms: measuresCell ? [Double](repeating: 0, count: length) : [])
        // No outputs in the window: nothing to propagate, all gradients and curves are zero.
        guard ws.firstOutput < length else { return diagnostics }
        NumericsEnvironment.withFlushToZero {
            p.withPointers { weights in
                RecurrentLayer.prepareBackward(weights.W, ws)
                grads.withMutablePointers { gradients in
                    RecurrentLayer.sweep(engine, weights, ws, options: options, diagnostics: &diagnostics, into: gradients)
                }
            }
        }
        return diagnostics
    }
}
