import BPTTNumerics

/// The one protocol by which naive and optimized BPTT are timed against each other, for the
/// bench's table 1 and the dashboard's timing probe alike: the forward pass and the output layer's
/// backward stage (the same work for both engines) run once, untimed; then each timed pass is the
/// through-time stage alone (`rnnBackwardThroughTime`, without the optional diagnostics, so both
/// engines do exactly the gradient work), on the calling thread's CPU clock (`Stopwatch`). Each
/// engine accumulates into gradients of its own, which the probe compares. One BLAS thread, FTZ on
/// (the callers' thread set-up).
struct EngineTimer {
    private let params: RNNParameters<Float>
    private let window: SequenceWindow
    private let workspace: RNNWorkspace<Float>
    private var naiveGradients: RNNParameters<Float>
    private var optimizedGradients: RNNParameters<Float>
    private let options = BackwardOptions(computeStepNorms: false, computeReach: false)

    /// Runs the untimed stages on `window` from a zero state; `workspace` may be reused across
    /// windows up to its length.
    init(params: RNNParameters<Float>, window: SequenceWindow, workspace: RNNWorkspace<Float>) {
        self.params = params
        self.window = window
        self.workspace = workspace
        let zero = RNNParameters<Float>.zeros(shape: params.shape)
        naiveGradients = zero
        optimizedGradients = zero
        _ = rnnForward(params, window, initialState: [Float](repeating: 0, count: window.batch * params.shape.stateWidth),
                       workspace: workspace)
        var output = zero
        rnnOutputBackward(params, window, workspace: workspace, grads: &output)
    }

    /// One through-time pass with `engine`, accumulated into its gradients.
    mutating func pass(_ engine: EngineKind) {
        switch engine {
        case .naive:
            _ = rnnBackwardThroughTime(params, window, workspace: workspace, engine: .naive, options: options,
                                       grads: &naiveGradients)
        case .optimized:
            _ = rnnBackwardThroughTime(params, window, workspace: workspace, engine: .optimized, options: options,
                                       grads: &optimizedGradients)
        }
    }

    /// Seconds of one pass on fresh gradients (zeroed outside the timing): after it, `gradients(of:)`
    /// is that pass's dU, dW, db.
    mutating func timeOnePass(_ engine: EngineKind) -> Double {
        if engine == .naive { naiveGradients.zero() } else { optimizedGradients.zero() }
        let started = Stopwatch.threadSeconds()
        pass(engine)
        return Stopwatch.threadSeconds() - started
    }

    /// Seconds per pass: the fastest sample of at least `runs` taking `seconds` in all (gradients accumulate).
    mutating func bestSeconds(_ engine: EngineKind, runs: Int, seconds: Double) -> Double {
        Stopwatch.bestSeconds(runs: runs, seconds: seconds) { pass(engine) }
    }

    /// What `engine` accumulated: dU, dW, db (dV and dc belong to the shared stage and stay zero).
    func gradients(of engine: EngineKind) -> RNNParameters<Float> {
        engine == .naive ? naiveGradients : optimizedGradients
    }
}
