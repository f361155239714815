/// What every recurrent cell shares: the products with the packed recurrent weights W (G·H x H), the
/// weight gradients from the deltas, and the dispatch to the model's cell (forward, and the engines'
/// sweeps back). P = G·H below.
enum RecurrentLayer {
    /// h_t for t in `steps` (and the cells' caches); the state before steps.lowerBound must be there.
    static func forward<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, steps: Range<Int>) {
        switch ws.shape.cell {
        case .elman: forward(ElmanCell.self, p, ws, steps: steps)
        case .gru: forward(GRUCell.self, p, ws, steps: steps)
        case .lstm: forward(LSTMCell.self, p, ws, steps: steps)
        }
    }

    private static func forward<T: RNNScalar, Cell: RecurrentCell>(_: Cell.Type, _ p: ParameterPointers<T>,
                                                                   _ ws: RNNWorkspace<T>, steps: Range<Int>) {
        guard !steps.isEmpty else { return }
        if ws.batch > 1 {
            // Rows are sequences: Z_t = S_{t-1} W^T, with W^T packed once for all steps.
            let h = ws.shape.hidden
            T.pack(p.W, ldb: h, transposed: true, k: h, n: ws.shape.gateWidth, into: ws.packedWeights)
        }
        // The streams are independent: each row share runs through every step on its own worker.
        ws.forEachRowShare(of: ws.batch) { _, rows in
            for t in steps { Cell.forwardStep(p, ws, t: t, rows: rows) }
        }
    }

    /// The chosen engine's backward sweep through the window, for the model's cell (W packed by
    /// `prepareBackward`, the output layer's errors in the workspace).
    static func sweep<T: RNNScalar>(_ engine: EngineKind, _ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>,
                                    options: BackwardOptions, diagnostics: inout BackwardDiagnostics,
                                    into g: MutableParameterPointers<T>) {
        switch ws.shape.cell {
        case .elman: sweep(ElmanCell.self, engine, p, ws, options: options, diagnostics: &diagnostics, into: g)
        case .gru: sweep(GRUCell.self, engine, p, ws, options: options, diagnostics: &diagnostics, into: g)
        case .lstm: sweep(LSTMCell.self, engine, p, ws, options: options, diagnostics: &diagnostics, into: g)
        }
    }

    private static func sweep<T: RNNScalar, Cell: RecurrentCell>(_: Cell.Type, _ engine: EngineKind, _ p: ParameterPointers<T>,
                                                                 _ ws: RNNWorkspace<T>, options: BackwardOptions,
                                                                 diagnostics: inout BackwardDiagnostics,
                                                                 into g: MutableParameterPointers<T>) {
        switch engine {
        case .optimized: OptimizedSweep.run(Cell.self, p, ws, options: options, diagnostics: &diagnostics, into: g)
        case .naive: NaiveSweep.run(Cell.self, p, ws, options: options, diagnostics: &diagnostics, into: g)
        }
    }

    /// out (rows x P, row stride ldc) = h_{t-1} W^T for the rows `rows` of step t: zeros at step 0
    /// from a zero initial state.
    @inline(__always)
    static func product<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, t: Int, rows: Range<Int>,
                                      into out: UnsafeMutablePointer<T>, ldc: Int) {
        let h = ws.shape.hidden, width = ws.shape.gateWidth
        if t == 0 && ws.initialStateIsZero {
            if ldc == width {
                out.zeroFill(count: rows.count * width)
            } else {
                for r in 0..<rows.count { (out + r * ldc).zeroFill(count: width) }
            }
        } else if ws.batch == 1 {
            T.gemv(transpose: false, m: width, n: h, alpha: 1, a: p.W, lda: h, x: ws.stateBlock(t - 1), beta: 0, y: out)
        } else {
            T.gemmPacked(m: rows.count, n: width, k: h, a: ws.stateBlock(t - 1) + rows.lowerBound * h, lda: h,
                         packed: ws.packedWeights, c: out, ldc: ldc, addend: nil)
        }
    }

    /// Packs W for `propagate` (B > 1); call once before a backward sweep.
    static func prepareBackward<T: RNNScalar>(_ W: UnsafePointer<T>, _ ws: RNNWorkspace<T>) {
        let h = ws.shape.hidden
        if ws.batch > 1 { T.pack(W, ldb: h, transposed: false, k: ws.shape.gateWidth, n: h, into: ws.packedWeights) }
    }

    /// next = delta W, or next = addend + delta W, for `rows` rows (all B, or a row share's); delta is
    /// rows x P, next and addend rows x H.
    @inline(__always)
    static func propagate<T: RNNScalar>(_ delta: UnsafePointer<T>, rows: Int, through W: UnsafePointer<T>,
                                        _ ws: RNNWorkspace<T>, adding addend: UnsafePointer<T>?,
                                        into next: UnsafeMutablePointer<T>) {
        let h = ws.shape.hidden, width = ws.shape.gateWidth
        if ws.batch == 1 {
            if let addend, addend != UnsafePointer(next) { next.copyElements(from: addend, count: h) }
            T.gemv(transpose: true, m: width, n: h, alpha: 1, a: W, lda: h, x: delta, beta: addend == nil ? 0 : 1, y: next)
        } else {
            T.gemmPacked(m: rows, n: h, k: width, a: delta, lda: width, packed: ws.packedWeights, c: next, ldc: h,
                         addend: addend)
        }
    }

    /// The weight gradients from the deltas of steps 0..<steps: dW += D_rec^T S_prev, db += column sums
    /// of D, dU[x] += D rows (D: the input side's deltas, D_rec: the recurrent side's, the same but
    /// for GRU): one gemm, one gemv, one scatter.
    static func weightGradients<T: RNNScalar>(_ ws: RNNWorkspace<T>, steps: Int, into g: MutableParameterPointers<T>) {
        let h = ws.shape.hidden, width = ws.shape.gateWidth
        let rows = steps * ws.batch
        guard rows > 0 else { return }
        // Step 0 pairs with the initial state: nothing to add when that is zero.
        let skipped = ws.initialStateIsZero ? ws.batch : 0
        // dW by shares of its rows (columns of D): each row of dW summed as on one thread. dU, the
        // deltas added into their input words' rows, by the same shares of its columns (each element
        // summed in the same order as on one thread).
        ws.forEachRowShare(of: width) { share, part in
            T.gemmTransposedA(m: part.count, n: h, k: rows - skipped, a: ws.recurrentDeltas + skipped * width + part.lowerBound,
                              lda: width, b: ws.stateBlock(-1) + skipped * h, ldb: h, c: g.W + part.lowerBound * h, ldc: h,
                              scratch: ws.productScratch(ofShare: share))
            T.scatterAddRows(ws.deltas + part.lowerBound, indices: ws.inputs, rows: rows, width: part.count, stride: width,
                             into: g.U + part.lowerBound)
        }
        T.gemv(transpose: true, m: rows, n: width, alpha: 1, a: ws.deltas, lda: width, x: ws.ones, beta: 1, y: g.b)
    }
}
