import BPTTNumerics

/// Holds W's spectral norm (its largest singular value) at or below a cap (config
/// `recurrent_max_norm`, 0: off). tanh' <= 1, so every step back multiplies an error by at most the
/// cap. Below 1 that guarantees vanishing gradients (the vanishing preset, 0.5: an uncapped W grows
/// under training until errors no longer vanish); above 1 it bounds how far W can grow (the
/// default's 2.5: uncapped, W grows until errors explode and the learned key is lost again). The
/// estimate is warm-started from the last update's (see `SpectralNorm`).
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
