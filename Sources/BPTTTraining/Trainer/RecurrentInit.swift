import BPTTNumerics

/// How the recurrent matrix W starts. The uniform default (±sqrt(1/H)) has a spectral radius near
/// 0.58, so errors shrink by roughly that factor per step back: long dependencies are hard to learn.
/// An orthogonal W scaled to radius r keeps norms (r = 1), lets them vanish (r < 1) or explode
/// (r > 1) on purpose — the knob behind the vanishing- and exploding-gradient demos.
public enum RecurrentInit: String, Sendable, Codable, CaseIterable {
    case uniform
    case orthogonal

    /// Rewrites W in place: `uniform` scales the existing uniform weights by `scale`; `orthogonal`
    /// replaces them by scale·Q, Q from Gram–Schmidt on a seeded Gaussian matrix (same seed, same Q);
    /// a gated cell's W gets one such H x H block per gate.
    public func apply(to params: inout RNNParameters<Float>, scale: Double, seed: UInt64) {
        switch self {
        case .uniform:
            if scale != 1 { params.W = params.W.map { $0 * Float(scale) } }
        case .orthogonal:
            let h = params.shape.hidden
            params.W = (0..<params.shape.cell.gateCount).flatMap { gate in
                Self.orthogonal(h, seed: seed ^ 0x0A7B_0C0D_E000_0001 ^ UInt64(gate)).map { Float($0 * scale) }
            }
        }
    }

    /// An orthogonal h x h matrix, row-major.
    static func orthogonal(_ h: Int, seed: UInt64) -> [Double] {
        var random = SeededGenerator(seed: seed)
        var q = [Double](repeating: 0, count: h * h)
        for i in 0..<(h * h) { q[i] = Self.gaussian(&random) }
        // Modified Gram–Schmidt over rows, in Double so the rows are orthonormal to ~1e-15.
        for i in 0..<h {
            for j in 0..<i {
                var dot = 0.0
                for k in 0..<h { dot += q[i * h + k] * q[j * h + k] }
                for k in 0..<h { q[i * h + k] -= dot * q[j * h + k] }
            }
            var norm = 0.0
            for k in 0..<h { norm += q[i * h + k] * q[i * h + k] }
            norm = norm.squareRoot()
            for k in 0..<h { q[i * h + k] /= norm }
        }
        return q
    }

    static func gaussian(_ random: inout SeededGenerator) -> Double {
        // Box–Muller; 1 - u keeps the logarithm finite.
        let u = 1 - random.nextUnitDouble(), v = random.nextUnitDouble()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

import Foundation
