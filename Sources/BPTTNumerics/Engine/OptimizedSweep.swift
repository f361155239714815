/// The dynamic-programming BPTT: ONE backward sweep in which dE/ds_t (the local error of output t
/// plus everything that came back from later steps) is complete when step t is reached:
///   delta_t = the cell's backward step from dE/ds_t,   dE/ds_{t-1} += delta_t W (Elman: (1 - s_t²)).
/// Only this recurrence is sequential; the weight gradients are one gemm over all steps afterwards.
enum OptimizedSweep {
    static func run<T: RNNScalar, Cell: RecurrentCell>(_: Cell.Type, _ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>,
                                                       options: BackwardOptions, diagnostics: inout BackwardDiagnostics,
                                                       into g: MutableParameterPointers<T>) {
        let h = ws.shape.hidden, batch = ws.batch, length = ws.length, first = ws.firstOutput
        let measuring = options.computeStepNorms
        // The streams are independent: each row share sweeps back through every step on its own
        // worker, with its own sums of the step norms (added up afterwards).
        let norms = StepNormShares(shares: ws.rowThreads, length: length)
        ws.forEachRowShare(of: batch) { share, rows in
            let offset = rows.lowerBound * h
            var carry = CellCarry(ws)
            // The total error at the last step is its local error alone (the last step is an output).
            // Totals go to errorTotals so the local errors stay intact for another run.
            (ws.hiddenBlock(ws.errorTotals, length - 1) + offset)
                .copyElements(from: ws.hiddenBlock(ws.errors, length - 1) + offset, count: rows.count * h)
            for t in stride(from: length - 1, through: 0, by: -1) {
                let total = UnsafePointer(ws.hiddenBlock(ws.errorTotals, t))
                let mean = Cell.backwardStep(ws, t: t, rows: rows, gradient: total, carry: carry,
                                             cellTotal: ws.hiddenBlock(ws.cellErrorTotals, t), measuring: measuring)
                carry.advance()
                if measuring {
                    // A share's part of the mean over all B rows (the whole mean when one share has them all).
                    norms.sums[share * length + t] = rows.count == batch ? mean : mean * Double(rows.count) / Double(batch)
                }
                if t > 0 {
                    // dE/ds_{t-1}: its local error (steps >= firstOutput) plus what comes back from t.
                    let local: UnsafePointer<T>? = t - 1 >= first ? UnsafePointer(ws.hiddenBlock(ws.errors, t - 1)) : nil
                    Cell.propagate(p, ws, t: t, rows: rows, gradient: total, adding: local,
                                   into: ws.hiddenBlock(ws.errorTotals, t - 1))
                }
            }
        }
        if measuring {
            for t in 0..<length { diagnostics.stepNorms[t] = norms.total(step: t) }
            if !diagnostics.cellStepNorms.isEmpty {
                for t in 0..<length {
                    diagnostics.cellStepNorms[t] = T.meanRowNorm(ws.hiddenBlock(ws.cellErrorTotals, t), rows: batch, width: h)
                }
            }
        }
        norms.release()
        RecurrentLayer.weightGradients(ws, steps: length, into: g)
        if options.computeReach {
            diagnostics.reach = reachProfile(Cell.self, p, ws)
        }
    }

    /// The last output's error alone, swept back through the whole window (an extra sweep, after the
    /// weight gradients: it reuses the deltas' buffer).
    static func reachProfile<T: RNNScalar, Cell: RecurrentCell>(_: Cell.Type, _ p: ParameterPointers<T>,
                                                                _ ws: RNNWorkspace<T>) -> [Double] {
        let h = ws.shape.hidden, batch = ws.batch, length = ws.length
        var reach = [Double](repeating: 0, count: length)
        var carry = CellCarry(ws)
        // Seeded with the last output's local error only.
        var error = UnsafePointer(ws.hiddenBlock(ws.errors, length - 1))
        for k in 0..<length {
            let t = length - 1 - k
            reach[k] = T.meanRowNorm(error, rows: batch, width: h)
            guard t > 0 else { break }
            _ = Cell.backwardStep(ws, t: t, rows: 0..<batch, gradient: error, carry: carry, cellTotal: ws.cellScratch,
                                  measuring: false)
            carry.advance()
            Cell.propagate(p, ws, t: t, rows: 0..<batch, gradient: error, adding: nil, into: ws.sweepCurrent)
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
