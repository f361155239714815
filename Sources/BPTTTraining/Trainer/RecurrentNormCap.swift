/// Holds W's spectral norm (its largest singular value) at or below a cap (config
/// `recurrent_max_norm`). tanh' <= 1, so with the cap every step back multiplies an error by at most
/// `maxNorm`: a guaranteed vanishing-gradient regime for the vanishing preset (an uncapped W grows
/// under training until errors no longer vanish).
enum RecurrentNormCap {
    /// Scales W down to `maxNorm` when its largest singular value is above it.
    static func apply(to W: inout [Float], maxNorm: Double) {
        let n = Int(Double(W.count).squareRoot())
        let sigma = largestSingularValue(W, n: n)
        guard sigma > maxNorm else { return }
        let scale = Float(maxNorm / sigma)
        for i in W.indices { W[i] *= scale }
    }

    /// Power iteration on WᵀW from a fixed start (so a resumed run rescales exactly as the original),
    /// in Double, until the estimate settles. It approaches σ from below; 1e-10 relative is far inside
    /// Float's precision.
    static func largestSingularValue(_ W: [Float], n: Int) -> Double {
        var v = [Double](repeating: 1 / Double(n).squareRoot(), count: n)
        var u = [Double](repeating: 0, count: n)
        var sigma = 0.0
        for _ in 0..<500 {
            for i in 0..<n {                       // u = W v
                var sum = 0.0
                for j in 0..<n { sum += Double(W[i * n + j]) * v[j] }
                u[i] = sum
            }
            let next = norm(u)
            guard next > 0 else { return 0 }
            for j in 0..<n {                       // v = Wᵀ u / ||Wᵀ u||
                var sum = 0.0
                for i in 0..<n { sum += Double(W[i * n + j]) * u[i] }
                v[j] = sum
            }
            let length = norm(v)
            guard length > 0 else { return next }
            for j in 0..<n { v[j] /= length }
            if abs(next - sigma) <= 1e-10 * next { return next }
            sigma = next
        }
        return sigma
    }

    private static func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}
