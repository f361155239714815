import CKernels

/// The largest singular value σ of an n x n matrix (its spectral norm, the most it can stretch a
/// vector), by power iteration on WᵀW in Double.
public enum SpectralNorm {
    /// σ from a fixed start, for checks and one-off reads.
    public static func largest(_ W: [Float], n: Int) -> Double {
        var start = fixedStart(n)
        return largest(W, n: n, direction: &start)
    }

    /// σ by power iteration from `direction`, left holding the new estimate of the top right-singular
    /// vector, so the next call on a slightly changed W settles in a few iterations. Iterates until the
    /// estimate settles; it approaches σ from below, and 1e-10 relative is far inside Float's
    /// precision, so where it starts does not change a Float scale computed from it. A zero W gives 0.
    public static func largest(_ W: [Float], n: Int, direction v: inout [Double]) -> Double {
        precondition(W.count == n * n && v.count == n, "SpectralNorm: W must be n x n and the direction n long")
        let A = W.map(Double.init)
        var u = [Double](repeating: 0, count: n)
        var w = [Double](repeating: 0, count: n)
        var sigma = 0.0
        for _ in 0..<500 {
            bptt_normal_step_f64(A, v, &u, &w, n)    // u = W v, w = Wᵀ u
            let next = norm(u)
            guard next > 0 else { v = fixedStart(n); return 0 }
            let length = norm(w)
            guard length > 0 else { return next }
            for j in 0..<n { v[j] = w[j] / length }
            if abs(next - sigma) <= 1e-10 * next { return next }
            sigma = next
        }
        return sigma
    }

    /// The start of a cold iteration: the uniform unit vector.
    public static func fixedStart(_ n: Int) -> [Double] {
        [Double](repeating: 1 / Double(n).squareRoot(), count: n)
    }

    private static func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}
