/// s_t = tanh(W s_{t-1} + U[x_t] + b). Backward: delta_t = dE/ds_t ⊙ (1 - s_t²); dE/ds_{t-1} = delta_t W.
/// Its cache is the state itself.
enum ElmanCell: RecurrentCell {
    @inline(__always)
    static func forwardStep<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, t: Int, rows: Range<Int>) {
        let h = ws.shape.hidden
        let current = ws.stateBlock(t) + rows.lowerBound * h
        RecurrentLayer.product(p, ws, t: t, rows: rows, into: current, ldc: h)
        T.gatherBiasTanh(current, table: p.U, indices: ws.inputs + t * ws.batch + rows.lowerBound, bias: p.b,
                         rows: rows.count, width: h)
    }

    @inline(__always)
    static func backwardStep<T: RNNScalar>(_ ws: RNNWorkspace<T>, t: Int, rows: Range<Int>, gradient: UnsafePointer<T>,
                                           carry: CellCarry<T>, cellTotal: UnsafeMutablePointer<T>, measuring: Bool) -> Double {
        let h = ws.shape.hidden, offset = rows.lowerBound * h
        let state = ws.stateBlock(t) + offset, delta = ws.gateBlock(ws.deltas, t) + offset
        if measuring {
            return T.tanhBackwardMeasuring(gradient: gradient + offset, state: state, delta: delta, rows: rows.count, width: h)
        }
        T.tanhBackward(gradient: gradient + offset, state: state, delta: delta, count: rows.count * h)
        return 0
    }

    @inline(__always)
    static func propagate<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, t: Int, rows: Range<Int>,
                                        gradient: UnsafePointer<T>, adding addend: UnsafePointer<T>?,
                                        into next: UnsafeMutablePointer<T>) {
        let offset = rows.lowerBound * ws.shape.hidden
        RecurrentLayer.propagate(ws.gateBlock(ws.deltas, t) + offset, rows: rows.count, through: p.W, ws,
                                 adding: addend.map { $0 + offset }, into: next + offset)
    }
}
