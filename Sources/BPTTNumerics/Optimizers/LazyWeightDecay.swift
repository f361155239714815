import Foundation

/// L2 weight decay for SGD's sparse updates without a pass over every row each update. Dense SGD
/// multiplies a row whose gradient is zero by (1 - lr·l2) every update; here such a row is left as it
/// is and the decay of all the updates it missed is applied at once, as one factor, when it is next
/// used (`catchUp`, before an update reads or changes it) or before anything reads every row
/// (`catchUpAll`). The same decay as dense SGD, rounded once instead of once an update.
public struct LazyWeightDecay: Sendable {
    /// Σ log(1 - lr·l2) over the updates so far.
    private var logScale = 0.0
    /// Per row of U, and per row of V (and entry of c): `logScale` when the row was last current.
    private var inputMarks: [Double]
    private var outputMarks: [Double]

    public init(shape: RNNShape) {
        inputMarks = [Double](repeating: 0, count: shape.vocabulary)
        outputMarks = [Double](repeating: 0, count: shape.vocabulary)
    }

    /// Brings the rows `rows` lists up to date.
    public mutating func catchUp(_ p: inout RNNParameters<Float>, rows: TouchedRows) {
        let h = p.shape.hidden, gates = p.shape.gateWidth, now = logScale
        p.U.withUnsafeMutableBufferPointer { u in
            inputMarks.withUnsafeMutableBufferPointer { marks in
                for range in rows.input { for r in range { Self.decay(u.baseAddress! + r * gates, gates, &marks[r], now) } }
            }
        }
        p.V.withUnsafeMutableBufferPointer { v in
            p.c.withUnsafeMutableBufferPointer { c in
                outputMarks.withUnsafeMutableBufferPointer { marks in
                    for range in rows.output {
                        for r in range {
                            let mark = marks[r]
                            Self.decay(v.baseAddress! + r * h, h, &marks[r], now)
                            var entryMark = mark
                            Self.decay(c.baseAddress! + r, 1, &entryMark, now)
                        }
                    }
                }
            }
        }
    }

    /// Brings every row up to date (before validation, sampling, saving or any other reader).
    public mutating func catchUpAll(_ p: inout RNNParameters<Float>) {
        catchUp(&p, rows: .all(p.shape))
    }

    /// After an update's step, which decayed the rows it touched with the dense rule: one more
    /// update of decay for every row, and the touched rows are current.
    public mutating func advance(learningRate: Double, l2: Double, rows: TouchedRows) {
        logScale += Foundation.log1p(-learningRate * l2)
        let now = logScale
        for range in rows.input { for r in range { inputMarks[r] = now } }
        for range in rows.output { for r in range { outputMarks[r] = now } }
    }

    @inline(__always)
    private static func decay(_ row: UnsafeMutablePointer<Float>, _ width: Int, _ mark: inout Double, _ now: Double) {
        guard mark != now else { return }
        let factor = Float(Foundation.exp(now - mark))
        for i in 0..<width { row[i] *= factor }
        mark = now
    }
}
