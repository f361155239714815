import Foundation

/// The gated cells' elementwise steps, plainly (what `bptt_lstm_forward_f32` etc. compute; the
/// Float64 engines run these). Rows of width h; cache rows as described in `CellKind.cacheWidth`.
extension ReferenceKernels {
    static func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    /// LSTM: cache rows (5h) hold W h_{t-1} in their first 4h on entry; after: i f g o tanh(c_t).
    public static func lstmForward(cache: UnsafeMutablePointer<Double>, table: UnsafePointer<Double>,
                                   indices: UnsafePointer<Int32>, bias: UnsafePointer<Double>,
                                   previousCell: UnsafePointer<Double>, cell: UnsafeMutablePointer<Double>,
                                   state: UnsafeMutablePointer<Double>, rows: Int, width h: Int) {
        for r in 0..<rows {
            let z = cache + r * 5 * h, u = table + Int(indices[r]) * 4 * h
            for i in 0..<h {
                let input = sigmoid(z[i] + u[i] + bias[i])
                let forget = sigmoid(z[h + i] + u[h + i] + bias[h + i])
                let candidate = Foundation.tanh(z[2 * h + i] + u[2 * h + i] + bias[2 * h + i])
                let output = sigmoid(z[3 * h + i] + u[3 * h + i] + bias[3 * h + i])
                let c = forget * previousCell[r * h + i] + input * candidate
                z[i] = input; z[h + i] = forget; z[2 * h + i] = candidate; z[3 * h + i] = output
                z[4 * h + i] = Foundation.tanh(c)
                cell[r * h + i] = c
                state[r * h + i] = output * z[4 * h + i]
            }
        }
    }

    /// LSTM's backward step: dE/dc_t = carried + dE/dh_t ⊙ o ⊙ tanh'(c_t); the deltas of i f g o;
    /// the carry to c_{t-1} is dE/dc_t ⊙ f.
    public static func lstmBackward(gradient: UnsafePointer<Double>, carried: UnsafePointer<Double>?,
                                    cache: UnsafePointer<Double>, previousCell: UnsafePointer<Double>,
                                    deltas: UnsafeMutablePointer<Double>, cellTotal: UnsafeMutablePointer<Double>,
                                    carryOut: UnsafeMutablePointer<Double>, rows: Int, width h: Int) {
        for r in 0..<rows {
            let z = cache + r * 5 * h, d = deltas + r * 4 * h
            for i in 0..<h {
                let k = r * h + i
                let input = z[i], forget = z[h + i], candidate = z[2 * h + i], output = z[3 * h + i]
                let squashed = z[4 * h + i]
                let dc = gradient[k] * output * (1 - squashed * squashed) + (carried?[k] ?? 0)
                d[i] = dc * candidate * input * (1 - input)
                d[h + i] = dc * previousCell[k] * forget * (1 - forget)
                d[2 * h + i] = dc * input * (1 - candidate * candidate)
                d[3 * h + i] = gradient[k] * squashed * output * (1 - output)
                cellTotal[k] = dc
                carryOut[k] = dc * forget
            }
        }
    }

    /// GRU: cache rows (4h) hold W h_{t-1} in their first 3h on entry; after: z r n and W_n h_{t-1}.
    public static func gruForward(cache: UnsafeMutablePointer<Double>, table: UnsafePointer<Double>,
                                  indices: UnsafePointer<Int32>, bias: UnsafePointer<Double>,
                                  previous: UnsafePointer<Double>, state: UnsafeMutablePointer<Double>,
                                  rows: Int, width h: Int) {
        for r in 0..<rows {
            let z = cache + r * 4 * h, u = table + Int(indices[r]) * 3 * h
            for i in 0..<h {
                let update = sigmoid(z[i] + u[i] + bias[i])
                let reset = sigmoid(z[h + i] + u[h + i] + bias[h + i])
                let recurrent = z[2 * h + i]
                let candidate = Foundation.tanh(u[2 * h + i] + bias[2 * h + i] + reset * recurrent)
                z[i] = update; z[h + i] = reset; z[2 * h + i] = candidate; z[3 * h + i] = recurrent
                state[r * h + i] = (1 - update) * candidate + update * previous[r * h + i]
            }
        }
    }

    /// GRU's backward step: the input side's deltas (z r n) and the recurrent side's (n times r).
    public static func gruBackward(gradient: UnsafePointer<Double>, cache: UnsafePointer<Double>,
                                   previous: UnsafePointer<Double>, deltas: UnsafeMutablePointer<Double>,
                                   recurrentDeltas: UnsafeMutablePointer<Double>, rows: Int, width h: Int) {
        for r in 0..<rows {
            let z = cache + r * 4 * h, d = deltas + r * 3 * h, dr = recurrentDeltas + r * 3 * h
            for i in 0..<h {
                let k = r * h + i
                let update = z[i], reset = z[h + i], candidate = z[2 * h + i], recurrent = z[3 * h + i]
                let dn = gradient[k] * (1 - update) * (1 - candidate * candidate)
                let dz = gradient[k] * (previous[k] - candidate) * update * (1 - update)
                let dReset = dn * recurrent * reset * (1 - reset)
                d[i] = dz; d[h + i] = dReset; d[2 * h + i] = dn
                dr[i] = dz; dr[h + i] = dReset; dr[2 * h + i] = dn * reset
            }
        }
    }

    /// GRU's direct path: next = addend + z ⊙ gradient (next may be gradient).
    public static func gruDirect(gradient: UnsafePointer<Double>, cache: UnsafePointer<Double>,
                                 addend: UnsafePointer<Double>?, into next: UnsafeMutablePointer<Double>,
                                 rows: Int, width h: Int) {
        for r in 0..<rows {
            for i in 0..<h { next[r * h + i] = (addend?[r * h + i] ?? 0) + cache[r * 4 * h + i] * gradient[r * h + i] }
        }
    }
}
