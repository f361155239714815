/// The dynamic-programming BPTT: ONE backward sweep in which dE/ds_t (the local error of output t
/// plus everything that came back from later steps) is complete when step t is reached:
///   dE/ds_{t-1} += W^T (dE/ds_t * (1 - s_t^2)).
/// Only this recurrence is sequential; the weight gradients are one gemm over all steps afterwards.
enum OptimizedSweep {
    static func run<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, options: BackwardOptions,
                                  diagnostics: inout BackwardDiagnostics, into g: MutableParameterPointers<T>) {
        let h = ws.shape.hidden, batch = ws.batch, length = ws.length, first = ws.firstOutput
        // The streams are independent: each row share sweeps back through every step on its own
        // worker, with its own sums of the step norms (added up afterwards).
        let norms = StepNormShares(shares: ws.rowThreads, length: length)
        ws.forEachRowShare(of: batch) { share, rows in
            let offset = rows.lowerBound * h, width = rows.count * h
            for t in stride(from: length - 1, through: 0, by: -1) {
                // The total error at t: its local error (steps >= firstOutput) plus what comes back from t+1.
                // Written to errorTotals so the local errors stay intact for another run.
                let total = ws.hiddenBlock(ws.errorTotals, t) + offset
                let local: UnsafePointer<T>? = t >= first ? UnsafePointer(ws.hiddenBlock(ws.errors, t) + offset) : nil
                if t < length - 1 {
                    HiddenLayer.propagate(ws.hiddenBlock(ws.deltas, t + 1) + offset, rows: rows.count, through: p.W, ws,
                                          adding: local, into: total)
                } else if let local {
                    total.copyElements(from: local, count: width)
                }
                let state = ws.stateBlock(t) + offset, delta = ws.hiddenBlock(ws.deltas, t) + offset
                if options.computeStepNorms {
                    let mean = T.tanhBackwardMeasuring(gradient: total, state: state, delta: delta, rows: rows.count, width: h)
                    // A share's part of the mean over all B rows (the whole mean when one share has them all).
                    norms.sums[share * length + t] = rows.count == batch ? mean : mean * Double(rows.count) / Double(batch)
                } else {
                    T.tanhBackward(gradient: total, state: state, delta: delta, count: width)
                }
            }
        }
        if options.computeStepNorms {
            for t in 0..<length { diagnostics.stepNorms[t] = norms.total(step: t) }
        }
        norms.release()
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
            HiddenLayer.propagate(ws.sweepNext, rows: batch, through: p.W, ws, adding: nil, into: ws.sweepCurrent)
            error = UnsafePointer(ws.sweepCurrent)
        }
        return reach
    }
}

/// Each row share's part of the step norms (the mean over the batch of the per-sequence norms of
/// dE/ds_t), for the sweep's workers to write at their own places; a step's total adds the shares in order.
private struct StepNormShares: @unchecked Sendable {
    let sums: UnsafeMutablePointer<Double>
    let shares: Int, length: Int

    init(shares: Int, length: Int) {
        self.shares = max(1, shares)
        self.length = length
        sums = .allocate(capacity: self.shares * length)
        sums.initialize(repeating: 0, count: self.shares * length)
    }

    func total(step t: Int) -> Double {
        var total = 0.0
        for share in 0..<shares { total += sums[share * length + t] }
        return total
    }

    func release() { sums.deallocate() }
}
