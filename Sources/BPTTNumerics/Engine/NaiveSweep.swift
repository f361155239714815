/// The textbook BPTT of the blog post: for every output t, its error alone is pushed back through all
/// earlier steps of the window at once (t+1 steps), O(T^2) recurrent products per window.
///
/// Each per-output sweep collects its deltas for steps 0...t and adds their weight gradients with
/// one gemm, so one inner step costs what one optimized step costs and naive/optimized ~ (T+1)/2.
/// Truncation comes from the window: an error never travels past step 0 of the window.
enum NaiveSweep {
    static func run<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, options: BackwardOptions,
                                  diagnostics: inout BackwardDiagnostics, into g: MutableParameterPointers<T>) {
        let h = ws.shape.hidden, batch = ws.batch, length = ws.length, first = ws.firstOutput
        let width = batch * h
        if options.computeStepNorms {
            ws.errorTotals.zeroFill(count: length * width)
        }
        for t in stride(from: length - 1, through: first, by: -1) {
            // Seed: the local error of output t only (computed by the output layer).
            var error = UnsafePointer(ws.hiddenBlock(ws.errors, t))
            for step in stride(from: t, through: 0, by: -1) {
                if options.computeStepNorms {
                    T.axpy(count: width, alpha: 1, x: error, y: ws.hiddenBlock(ws.errorTotals, step))
                }
                if options.computeReach && t == length - 1 {
                    diagnostics.reach[t - step] = T.meanRowNorm(error, rows: batch, width: h)
                }
                let delta = ws.hiddenBlock(ws.deltas, step)
                T.tanhBackward(gradient: error, state: ws.stateBlock(step), delta: delta, count: width)
                if step > 0 {
                    HiddenLayer.propagate(delta, rows: batch, through: p.W, ws, adding: nil, into: ws.sweepCurrent)
                    error = UnsafePointer(ws.sweepCurrent)
                }
            }
            HiddenLayer.backward(ws, steps: t + 1, into: g)
        }
        if options.computeStepNorms {
            for step in 0..<length {
                diagnostics.stepNorms[step] = T.meanRowNorm(ws.hiddenBlock(ws.errorTotals, step), rows: batch, width: h)
            }
        }
    }
}
