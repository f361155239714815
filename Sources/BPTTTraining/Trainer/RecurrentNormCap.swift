/// Holds W's Frobenius norm at or below a cap (config `recurrent_max_norm`). The Frobenius norm bounds
/// the largest singular value, and tanh' <= 1, so with the cap every step back multiplies an error by
/// at most `maxNorm`: a guaranteed vanishing-gradient regime for the vanishing preset (an uncapped
/// W grows under training until errors no longer vanish).
enum RecurrentNormCap {
    static func apply(to W: inout [Float], maxNorm: Double) {
        var squares = 0.0
        for w in W { squares += Double(w) * Double(w) }
        let norm = squares.squareRoot()
        guard norm > maxNorm else { return }
        let scale = Float(maxNorm / norm)
        for i in W.indices { W[i] *= scale }
    }
}
