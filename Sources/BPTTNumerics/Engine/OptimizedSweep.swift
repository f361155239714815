/// The dynamic-programming BPTT: ONE backward sweep in which dE/ds_t (the local error of output t
/// plus everything that came back from later steps) is complete when step t is reached:
///   dE/ds_{t-1} += W^T (dE/ds_t * (1 - s_t^2)).
/// Only this recurrence is sequential; the weight gradients are one gemm over all steps afterwards.
enum OptimizedSweep {
    static func run<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, options: BackwardOptions,
                                  diagnostics: inout BackwardDiagnostics, into g: MutableParameterPointers<T>) {
        let h = ws.shape.hidden, batch = ws.batch, length = ws.length, first = ws.firstOutput
        let width = batch * h
        for t in stride(from: length - 1, through: 0, by: -1) {
            // The total error at t: its local error (steps >= firstOutput) plus what comes back from t+1.
            // Written to errorTotals so the local errors stay intact for another run.
            let total = ws.hiddenBlock(ws.errorTotals, t)
            let local: UnsafePointer<T>? = t >= first ? UnsafePointer(ws.hiddenBlock(ws.errors, t)) : nil
            if t < length - 1 {
                HiddenLayer.propagate(ws.hiddenBlock(ws.deltas, t + 1), through: p.W, ws, adding: local, into: total)
            } else if let local {
                total.copyElements(from: local, count: width)
            }
            if options.computeStepNorms {
                diagnostics.stepNorms[t] = T.tanhBackwardMeasuring(gradient: total, state: ws.stateBlock(t),
                                                                   delta: ws.hiddenBlock(ws.deltas, t), rows: batch, width: h)
            } else {
                T.tanhBackward(gradient: total, state: ws.stateBlock(t), delta: ws.hiddenBlock(ws.deltas, t), count: width)
            }
        }
        HiddenLayer.backward(ws, steps: length, into: g)
        if options.computeReach {
            diagnostics.reach = reachProfile(p, ws)
        }
    }

    /// The last output's error alone, swept back through the whole window (an extra sweep).
    static func reachProfile<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>) -> [Double] {
        let h = ws.shape.hidden, batch = ws.batch, length = ws.length
        var reach = [Double](repeating: 0, count: length)
        // Seeded with the last output's local error only.
        var error = UnsafePointer(ws.hiddenBlock(ws.errors, length - 1))
        for k in 0..<length {
            let t = length - 1 - k
            reach[k] = T.meanRowNorm(error, rows: batch, width: h)
            guard t > 0 else { break }
            T.tanhBackward(gradient: error, state: ws.stateBlock(t), delta: ws.sweepNext, count: batch * h)
            HiddenLayer.propagate(ws.sweepNext, through: p.W, ws, adding: nil, into: ws.sweepCurrent)
            error = UnsafePointer(ws.sweepCurrent)
        }
        return reach
    }
}
