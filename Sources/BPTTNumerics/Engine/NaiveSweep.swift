/// The textbook BPTT of the blog post: for every output t, its error alone is pushed back through all
/// earlier steps of the window at once (t+1 steps), O(T^2) recurrent products per window.
///
/// Each per-output sweep collects its deltas for steps 0...t and adds their weight gradients with
/// one gemm, so one inner step costs what one optimized step costs and naive/optimized ~ (T+1)/2.
/// Truncation comes from the window: an error never travels past step 0 of the window. An LSTM's
/// error travels along both h and c, each per-output sweep starting with nothing on c.
enum NaiveSweep {
    static func run<T: RNNScalar, Cell: RecurrentCell>(_: Cell.Type, _ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>,
                                                       options: BackwardOptions, diagnostics: inout BackwardDiagnostics,
                                                       into g: MutableParameterPointers<T>) {
        let h = ws.shape.hidden, batch = ws.batch, length = ws.length, first = ws.firstOutput
        let width = batch * h
        let measuresCell = !diagnostics.cellStepNorms.isEmpty
        if options.computeStepNorms {
            ws.errorTotals.zeroFill(count: length * width)
            if measuresCell { ws.cellErrorTotals.zeroFill(count: length * width) }
        }
        for t in stride(from: length - 1, through: first, by: -1) {
            // Seed: the local error of output t only (computed by the output layer).
            var error = UnsafePointer(ws.hiddenBlock(ws.errors, t))
            var carry = CellCarry(ws)
            for step in stride(from: t, through: 0, by: -1) {
                if options.computeStepNorms {
                    T.axpy(count: width, alpha: 1, x: error, y: ws.hiddenBlock(ws.errorTotals, step))
                }
                if options.computeReach && t == length - 1 {
                    diagnostics.reach[t - step] = T.meanRowNorm(error, rows: batch, width: h)
                }
                _ = Cell.backwardStep(ws, t: step, rows: 0..<batch, gradient: error, carry: carry, cellTotal: ws.cellScratch,
                                      measuring: false)
                carry.advance()
                if measuresCell {
                    T.axpy(count: width, alpha: 1, x: ws.cellScratch, y: ws.hiddenBlock(ws.cellErrorTotals, step))
                }
                if step > 0 {
                    Cell.propagate(p, ws, t: step, rows: 0..<batch, gradient: error, adding: nil, into: ws.sweepCurrent)
                    error = UnsafePointer(ws.sweepCurrent)
                }
            }
            RecurrentLayer.weightGradients(ws, steps: t + 1, into: g)
        }
        if options.computeStepNorms {
            for step in 0..<length {
                diagnostics.stepNorms[step] = T.meanRowNorm(ws.hiddenBlock(ws.errorTotals, step), rows: batch, width: h)
                if measuresCell {
                    diagnostics.cellStepNorms[step] = T.meanRowNorm(ws.hiddenBlock(ws.cellErrorTotals, step), rows: batch,
                                                                    width: h)
                }
            }
        }
    }
}
