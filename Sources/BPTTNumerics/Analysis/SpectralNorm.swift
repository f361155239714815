import CKernels

/// The largest singular value σ of an n x n matrix (its spectral norm, the most it can stretch a
/// vector), by power iteration on WᵀW in Double.
///
/// An instance keeps the last top right-singular vector: one training update changes W only a
/// little, so the next iteration started there settles in about a dozen steps instead of hundreds.
/// It also keeps its buffers, so an estimate per update allocates nothing.
public struct SpectralNorm {
    private var direction: [Double] = []
    private var a: [Double] = [], u: [Double] = [], w: [Double] = []

    public init() {}

    /// σ from a fixed start, for checks and one-off reads.
    public static func largest(_ W: [Float], n: Int) -> Double {
        var cold = SpectralNorm()
        return cold.estimate(W, n: n)
    }

    /// σ by power iteration from the last call's direction (the uniform unit vector at first or when
    /// n changes), iterating until the estimate settles. It approaches σ from below, and 1e-10
    /// relative is far inside Float's precision, so where it starts does not change a Float scale
    /// computed from it. A zero W gives 0.
    public mutating func estimate(_ W: [Float], n: Int) -> Double {
        precondition(W.count == n * n, "SpectralNorm: W has \(W.count) values, expected n^2 = \(n * n)")
        if direction.count != n {
            direction = Self.uniform(n)
            u = [Double](repeating: 0, count: n)
            w = u
        }
        if a.count != W.count { a = [Double](repeating: 0, count: W.count) }
        for i in 0..<W.count { a[i] = Double(W[i]) }
        var sigma = 0.0
        for _ in 0..<500 {
            bptt_normal_step_f64(a, direction, &u, &w, n)    // u = W v, w = Wᵀ u
            let next = Self.norm(u)
            guard next > 0 else { direction = Self.uniform(n); return 0 }
            let length = Self.norm(w)
            guard length > 0 else { return next }
            for j in 0..<n { direction[j] = w[j] / length }
            if abs(next - sigma) <= 1e-10 * next { return next }
            sigma = next
        }
        return sigma
    }

    private static func uniform(_ n: Int) -> [Double] {
        [Double](repeating: 1 / Double(n).squareRoot(), count: n)
    }

    private static func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}
