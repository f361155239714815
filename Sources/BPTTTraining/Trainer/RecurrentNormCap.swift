/// Holds W's spectral norm (its largest singular value) at or below a cap (config
/// `recurrent_max_norm`). tanh' <= 1, so with the cap every step back multiplies an error by at most
/// `maxNorm`: a guaranteed vanishing-gradient regime for the vanishing preset (an uncapped W grows
/// under training until errors no longer vanish).
///
/// It keeps the last top right-singular vector: one update changes W only a little, so power
/// iteration started there settles in about a dozen iterations instead of hundreds (the cap's cost per
/// update drops from several times a default k1 = 3 update to about a third of one).
struct RecurrentNormCap {
    private var direction: [Double] = []

    /// Scales W down to `maxNorm` when its largest singular value is above it.
    mutating func apply(to W: inout [Float], maxNorm: Double) {
        let n = Int(Double(W.count).squareRoot())
        if direction.count != n { direction = Self.fixedStart(n) }
        let sigma = Self.largestSingularValue(W, n: n, direction: &direction)
        guard sigma > maxNorm else { return }
        let scale = Float(maxNorm / sigma)
        for i in W.indices { W[i] *= scale }
    }

    /// σ from the fixed start, for checks and one-off reads.
    static func largestSingularValue(_ W: [Float], n: Int) -> Double {
        var start = fixedStart(n)
        return largestSingularValue(W, n: n, direction: &start)
    }

    private static func fixedStart(_ n: Int) -> [Double] {
        [Double](repeating: 1 / Double(n).squareRoot(), count: n)
    }

    /// Power iteration on WᵀW from `direction` (left holding the new estimate of the top right-singular
    /// vector), in Double, until the estimate settles. It approaches σ from below; 1e-10 relative is
    /// far inside Float's precision, so where it starts does not change the Float scale applied.
    static func largestSingularValue(_ W: [Float], n: Int, direction v: inout [Double]) -> Double {
        let A = W.map(Double.init)
        var u = [Double](repeating: 0, count: n)
        var w = [Double](repeating: 0, count: n)
        var sigma = 0.0
        return A.withUnsafeBufferPointer { a in
            for _ in 0..<500 {
                v.withUnsafeBufferPointer { x in
                    for i in 0..<n { u[i] = dot(a, row: i, n: n, x) }   // u = W v
                }
                let next = norm(u)
                guard next > 0 else { v = fixedStart(n); return 0 }
                w.withUnsafeMutableBufferPointer { y in
                    for j in 0..<n { y[j] = 0 }
                    for i in 0..<n {                                     // w = Wᵀ u, reading W row by row
                        let ui = u[i], row = a.baseAddress! + i * n
                        for j in 0..<n { y[j] += row[j] * ui }
                    }
                }
                let length = norm(w)
                guard length > 0 else { return next }
                for j in 0..<n { v[j] = w[j] / length }
                if abs(next - sigma) <= 1e-10 * next { return next }
                sigma = next
            }
            return sigma
        }
    }

    /// Row i of the n x n matrix A times x, with four partial sums so the loop pipelines.
    private static func dot(_ A: UnsafeBufferPointer<Double>, row i: Int, n: Int, _ x: UnsafeBufferPointer<Double>) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        let row = A.baseAddress! + i * n, v = x.baseAddress!
        var j = 0
        while j + 4 <= n {
            s0 += row[j] * v[j]; s1 += row[j + 1] * v[j + 1]
            s2 += row[j + 2] * v[j + 2]; s3 += row[j + 3] * v[j + 3]
            j += 4
        }
        while j < n { s0 += row[j] * v[j]; j += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    private static func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}
