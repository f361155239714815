/// GRU (Cho et al. 2014; gates z r n packed in that order, the reset gate applied after the recurrent
/// product as cuDNN and PyTorch do, so one product with W serves all three):
///   z = σ(·), r = σ(·), n = tanh(U_n x_t + b_n + r ⊙ (W_n h_{t-1})),   h_t = (1 - z) ⊙ n + z ⊙ h_{t-1}.
/// Backward: the gate deltas from dE/dh_t; the n block of the recurrent deltas is r times the input
/// side's; dE/dh_{t-1} = z ⊙ dE/dh_t + (recurrent deltas) W. The cache keeps z r n and W_n h_{t-1}.
enum GRUCell: RecurrentCell {
    @inline(__always)
    static func forwardStep<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, t: Int, rows: Range<Int>) {
        let h = ws.shape.hidden, offset = rows.lowerBound * h
        let cache = ws.cacheBlock(t) + rows.lowerBound * 4 * h
        RecurrentLayer.product(p, ws, t: t, rows: rows, into: cache, ldc: 4 * h)
        T.gruForward(cache: cache, table: p.U, indices: ws.inputs + t * ws.batch + rows.lowerBound, bias: p.b,
                     previous: ws.stateBlock(t - 1) + offset, state: ws.stateBlock(t) + offset, rows: rows.count, width: h)
    }

    @inline(__always)
    static func backwardStep<T: RNNScalar>(_ ws: RNNWorkspace<T>, t: Int, rows: Range<Int>, gradient: UnsafePointer<T>,
                                           carry: CellCarry<T>, cellTotal: UnsafeMutablePointer<T>, measuring: Bool) -> Double {
        let h = ws.shape.hidden, offset = rows.lowerBound * h, gates = rows.lowerBound * 3 * h
        T.gruBackward(gradient: gradient + offset, cache: ws.cacheBlock(t) + rows.lowerBound * 4 * h,
                      previous: ws.stateBlock(t - 1) + offset, deltas: ws.gateBlock(ws.deltas, t) + gates,
                      recurrentDeltas: ws.gateBlock(ws.recurrentDeltasStorage, t) + gates, rows: rows.count, width: h)
        return measuring ? T.meanRowNorm(gradient + offset, rows: rows.count, width: h) : 0
    }

    @inline(__always)
    static func propagate<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, t: Int, rows: Range<Int>,
                                        gradient: UnsafePointer<T>, adding addend: UnsafePointer<T>?,
                                        into next: UnsafeMutablePointer<T>) {
        let h = ws.shape.hidden, offset = rows.lowerBound * h
        T.gruDirect(gradient: gradient + offset, cache: ws.cacheBlock(t) + rows.lowerBound * 4 * h,
                    addend: addend.map { $0 + offset }, into: next + offset, rows: rows.count, width: h)
        RecurrentLayer.propagate(ws.gateBlock(ws.recurrentDeltasStorage, t) + rows.lowerBound * 3 * h, rows: rows.count,
                                 through: p.W, ws, adding: UnsafePointer(next + offset), into: next + offset)
    }
}
