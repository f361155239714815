import Foundation
import Testing
import BPTTNumerics
import BPTTCorpus
@testable import BPTTTraining

/// recurrent_max_norm: W's largest singular value is held at the cap, and so every step back multiplies
/// the last output's error by at most the cap (the vanishing preset's guarantee).
@Suite struct RecurrentNormCapTests {
    @Test func capScalesDownOnlyWhenAbove() {
        // [[3, 0], [4, 0]] has singular values 5 and 0; [[2, 0], [0, 1]] has 2 and 1.
        #expect(abs(SpectralNorm.largest([3, 0, 4, 0], n: 2) - 5) < 1e-9)
        #expect(abs(SpectralNorm.largest([2, 0, 0, 1], n: 2) - 2) < 1e-9)
        var cap = RecurrentNormCap()
        var W: [Float] = [3, 0, 4, 0]
        cap.apply(to: &W, maxNorm: 1)
        #expect(abs(W[0] - 0.6) < 1e-6 && abs(W[2] - 0.8) < 1e-6)
        var small: [Float] = [0.4, 0, 0, 0.3]
        cap.apply(to: &small, maxNorm: 1)
        #expect(small == [0.4, 0, 0, 0.3])
        // A rotation scaled by 3: every singular value is 3, so the cap brings it to exactly the cap.
        var rotation: [Float] = [0, -3, 3, 0]
        cap.apply(to: &rotation, maxNorm: 0.5)
        #expect(abs(rotation[1] + 0.5) < 1e-6 && abs(rotation[2] - 0.5) < 1e-6)
    }

    @Test func warmStartReadsTheSameNormAsAColdStart() {
        // A drifting matrix, as W drifts under training: the kept direction must track the top
        // singular vector, also when the leading two swap places.
        let n = 16
        var rng = SeededGenerator(seed: 9)
        var W = (0..<(n * n)).map { _ in Float.random(in: -0.5..<0.5, using: &rng) }
        var cap = RecurrentNormCap()
        for round in 0..<60 {
            for i in 0..<n { W[i * n + i] += round < 30 ? 0.02 : -0.04 * Float(i % 2) }
            var warm = W, cold = W
            cap.apply(to: &warm, maxNorm: 0.8)
            let sigma = SpectralNorm.largest(cold, n: n)
            if sigma > 0.8 { for i in cold.indices { cold[i] *= Float(0.8 / sigma) } }
            #expect(warm == cold, "round \(round)")
            #expect(SpectralNorm.largest(warm, n: n) <= 0.8 * (1 + 1e-6))
        }
    }

    @Test func errorsShrinkAtLeastByTheCapPerStep() throws {
        var config = Fixtures.settings(hidden: 24, batch: 8)
        config.truncation = .off
        config.recurrentScale = 3          // starts far above the cap
        config.recurrentMaxNorm = 0.5
        let trainer = try Trainer(corpus: Fixtures.corpus(distance: 8), config: config)
        for step in 0..<40 {
            let result = trainer.update(computeReach: true)
            let norm = SpectralNorm.largest(trainer.params.W, n: 24)
            #expect(norm <= 0.5 + 1e-5, "step \(step): ||W||_2 = \(norm)")
            let reach = result.diagnostics.reach
            guard let r0 = reach.first, r0 > 0 else { continue }
            for (k, rk) in reach.enumerated() {
                // Measured with the weights of this update: the cap held for them since the update before.
                if step > 0 { #expect(rk <= r0 * pow(0.5, Double(k)) * (1 + 1e-4) + 1e-30, "step \(step) k \(k)") }
            }
        }
    }
}
