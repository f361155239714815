/// LSTM (gates i f g o packed in that order; σ for i f o, tanh for g):
///   c_t = f ⊙ c_{t-1} + i ⊙ g,   h_t = o ⊙ tanh(c_t).
/// Backward: dE/dc_t = (error carried from c_{t+1}) + dE/dh_t ⊙ o ⊙ (1 - tanh²(c_t)), which goes on to
/// c_{t-1} as dE/dc_t ⊙ f: the constant-error path that lets errors travel far. The gate deltas
/// follow from it; dE/dh_{t-1} = deltas W. The cache keeps i f g o tanh(c_t) per step.
enum LSTMCell: RecurrentCell {
    @inline(__always)
    static func forwardStep<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, t: Int, rows: Range<Int>) {
        let h = ws.shape.hidden, offset = rows.lowerBound * h
        let cache = ws.cacheBlock(t) + rows.lowerBound * 5 * h
        RecurrentLayer.product(p, ws, t: t, rows: rows, into: cache, ldc: 5 * h)
        T.lstmForward(cache: cache, table: p.U, indices: ws.inputs + t * ws.batch + rows.lowerBound, bias: p.b,
                      previousCell: ws.cellStateBlock(t - 1) + offset, cell: ws.cellStateBlock(t) + offset,
                      state: ws.stateBlock(t) + offset, rows: rows.count, width: h)
    }

    @inline(__always)
    static func backwardStep<T: RNNScalar>(_ ws: RNNWorkspace<T>, t: Int, rows: Range<Int>, gradient: UnsafePointer<T>,
                                           carry: CellCarry<T>, cellTotal: UnsafeMutablePointer<T>, measuring: Bool) -> Double {
        let h = ws.shape.hidden, offset = rows.lowerBound * h
        T.lstmBackward(gradient: gradient + offset, carried: carry.incoming.map { $0 + offset },
                       cache: ws.cacheBlock(t) + rows.lowerBound * 5 * h, previousCell: ws.cellStateBlock(t - 1) + offset,
                       deltas: ws.gateBlock(ws.deltas, t) + rows.lowerBound * 4 * h, cellTotal: cellTotal + offset,
                       carryOut: carry.outgoing + offset, rows: rows.count, width: h)
        return measuring ? T.meanRowNorm(gradient + offset, rows: rows.count, width: h) : 0
    }

    @inline(__always)
    static func propagate<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, t: Int, rows: Range<Int>,
                                        gradient: UnsafePointer<T>, adding addend: UnsafePointer<T>?,
                                        into next: UnsafeMutablePointer<T>) {
        let h = ws.shape.hidden, offset = rows.lowerBound * h
        RecurrentLayer.propagate(ws.gateBlock(ws.deltas, t) + rows.lowerBound * 4 * h, rows: rows.count, through: p.W, ws,
                                 adding: addend.map { $0 + offset }, into: next + offset)
    }
}
