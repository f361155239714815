import BPTTNumerics

/// Holds W's spectral norm (its largest singular value) at or below a cap (config
/// `recurrent_max_norm`). tanh' <= 1, so with the cap every step back multiplies an error by at most
/// `maxNorm`: a guaranteed vanishing-gradient regime for the vanishing preset (an uncapped W grows
/// under training until errors no longer vanish). The estimate is warm-started from the last
/// update's (see `SpectralNorm`).
struct RecurrentNormCap {
    private var spectralNorm = SpectralNorm()

    /// Scales W down to `maxNorm` when its largest singular value is above it.
    mutating func apply(to W: inout [Float], maxNorm: Double) {
        let n = Int(Double(W.count).squareRoot())
        let sigma = spectralNorm.estimate(W, n: n)
        guard sigma > maxNorm else { return }
        let scale = Float(maxNorm / sigma)
        for i in W.indices { W[i] *= scale }
    }
}
