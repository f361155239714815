import BPTTNumerics

/// Holds W's spectral norm (its largest singular value) at or below a cap (config
/// `recurrent_max_norm`). tanh' <= 1, so with the cap every step back multiplies an error by at most
/// `maxNorm`: a guaranteed vanishing-gradient regime for the vanishing preset (an uncapped W grows
/// under training until errors no longer vanish).
///
/// It keeps the last top right-singular vector: one update changes W only a little, so power
/// iteration started there settles in about a dozen iterations instead of hundreds.
struct RecurrentNormCap {
    private var direction: [Double] = []

    /// Scales W down to `maxNorm` when its largest singular value is above it.
    mutating func apply(to W: inout [Float], maxNorm: Double) {
        let n = Int(Double(W.count).squareRoot())
        if direction.count != n { direction = SpectralNorm.fixedStart(n) }
        let sigma = SpectralNorm.largest(W, n: n, direction: &direction)
        guard sigma > maxNorm else { return }
        let scale = Float(maxNorm / sigma)
        for i in W.indices { W[i] *= scale }
    }
}
