/// The recurrent layer s_t = tanh(W s_{t-1} + U[x_t] + b): its forward over a range of steps and its
/// backward pieces (the error one step further back, and the weight gradients from the deltas).
enum HiddenLayer {
    /// s_t = tanh(W s_{t-1} + U[x_t] + b) for t in `steps`; state block t-1 must already hold s_{t-1}.
    static func forward<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, steps: Range<Int>) {
        let h = ws.shape.hidden, batch = ws.batch
        guard !steps.isEmpty else { return }
        if batch > 1 {
            // Rows are sequences: S_t = S_{t-1} W^T, with W^T packed once for all steps.
            T.pack(p.W, ldb: h, transposed: true, k: h, n: h, into: ws.packedWeights)
        }
        // The streams are independent: each row share runs through every step on its own worker.
        ws.forEachRowShare(of: batch) { _, rows in
            let offset = rows.lowerBound * h
            for t in steps {
                let previous = ws.stateBlock(t - 1) + offset, current = ws.stateBlock(t) + offset
                if t == 0 && ws.initialStateIsZero {
                    current.zeroFill(count: rows.count * h)
                } else if batch == 1 {
                    T.gemv(transpose: false, m: h, n: h, alpha: 1, a: p.W, lda: h, x: previous, beta: 0, y: current)
                } else {
                    T.gemmPacked(m: rows.count, n: h, k: h, a: previous, lda: h, packed: ws.packedWeights, c: current,
                                 ldc: h, addend: nil)
                }
                T.gatherBiasTanh(current, table: p.U, indices: ws.inputs + t * batch + rows.lowerBound, bias: p.b,
                                 rows: rows.count, width: h)
            }
        }
    }

    /// Packs W for `propagate` (B > 1); call once before a backward sweep.
    static func prepareBackward<T: RNNScalar>(_ W: UnsafePointer<T>, _ ws: RNNWorkspace<T>) {
        let h = ws.shape.hidden
        if ws.batch > 1 { T.pack(W, ldb: h, transposed: false, k: h, n: h, into: ws.packedWeights) }
    }

    /// next = delta W, or next = addend + delta W, for `rows` rows (all B, or a row share's).
    @inline(__always)
    static func propagate<T: RNNScalar>(_ delta: UnsafePointer<T>, rows: Int, through W: UnsafePointer<T>,
                                        _ ws: RNNWorkspace<T>, adding addend: UnsafePointer<T>?,
                                        into next: UnsafeMutablePointer<T>) {
        let h = ws.shape.hidden
        if ws.batch == 1 {
            if let addend { next.copyElements(from: addend, count: h) }
            T.gemv(transpose: true, m: h, n: h, alpha: 1, a: W, lda: h, x: delta, beta: addend == nil ? 0 : 1, y: next)
        } else {
            T.gemmPacked(m: rows, n: h, k: h, a: delta, lda: h, packed: ws.packedWeights, c: next, ldc: h, addend: addend)
        }
    }

    /// The weight gradients from the deltas (dE/d pre-activation) of steps 0..<steps:
    /// dW += D^T S_prev, db += column sums of D, dU[x] += D rows: one gemm, one gemv, one scatter.
    static func backward<T: RNNScalar>(_ ws: RNNWorkspace<T>, steps: Int, into g: MutableParameterPointers<T>) {
        let h = ws.shape.hidden
        let rows = steps * ws.batch
        guard rows > 0 else { return }
        // Step 0 pairs with the initial state: nothing to add when that is zero.
        let skipped = ws.initialStateIsZero ? ws.batch : 0
        // dW by shares of its rows (columns of D): each row of dW summed as on one thread.
        ws.forEachRowShare(of: h) { share, part in
            T.gemmTransposedA(m: part.count, n: h, k: rows - skipped, a: ws.deltas + skipped * h + part.lowerBound, lda: h,
                              b: ws.stateBlock(-1) + skipped * h, ldb: h, c: g.W + part.lowerBound * h, ldc: h,
                              scratch: ws.productScratch(ofShare: share))
        }
        T.gemv(transpose: true, m: rows, n: h, alpha: 1, a: ws.deltas, lda: h, x: ws.ones, beta: 1, y: g.b)
        T.scatterAddRows(ws.deltas, indices: ws.inputs, rows: rows, width: h, into: g.U)
    }
}
