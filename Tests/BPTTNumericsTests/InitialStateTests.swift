import Testing
@testable import BPTTNumerics
import BPTTReference

/// The state before step 0 is ZERO. The seed's numpy code reads s[step-1] at step 0, i.e. s[-1],
/// which wraps around to the LAST state; this shows that the two differ, and that the engines
/// implement the zero state (matching finite differences elsewhere).
struct InitialStateTests {
    /// The seed's naive BPTT, literally, on one sequence; `previousOfFirst` is what s[-1] reads.
    static func seedNaive(_ model: ReferenceRNN, inputs: [Int], states s: [[Double]], dLds: [[Double]],
                          previousOfFirst: [Double]) -> ReferenceGradients {
        let h = model.hidden
        var g = ReferenceGradients(hidden: h, vocabulary: model.vocabulary)
        func previous(_ step: Int) -> [Double] { step > 0 ? s[step - 1] : previousOfFirst }
        for t in stride(from: s.count - 1, through: 0, by: -1) {
            var dLdp = (0..<h).map { dLds[t][$0] * (1 - s[t][$0] * s[t][$0]) }
            for step in stride(from: t, through: 0, by: -1) {
                let before = previous(step)
                for i in 0..<h {
                    g.U[i][inputs[step]] += dLdp[i]
                    g.b[i] += dLdp[i]
                    for j in 0..<h { g.W[i][j] += dLdp[i] * before[j] }
                }
                var next = [Double](repeating: 0, count: h)
                for j in 0..<h {
                    var sum = 0.0
                    for i in 0..<h { sum += model.W[i][j] * dLdp[i] }
                    next[j] = sum * (1 - before[j] * before[j])
                }
                dLdp = next
            }
        }
        return g
    }

    @Test func zeroInitialStateDiffersFromTheSeedsWrapAround() {
        let shape = RNNShape(vocabulary: 5, hidden: 4)
        let p = TestModels.parameters(shape, seed: 91)
        let w = TestModels.window(length: 6, batch: 1, vocabulary: 5, seed: 92)
        let model = ReferenceRNN(p)
        let inputs = w.inputs.map(Int.init)
        let zero = [Double](repeating: 0, count: 4)
        let states = model.states(inputs, from: zero)
        let dLds = (0..<6).map { model.outputError(states[$0], target: Int(w.targets[$0]), weight: 1) }

        let engine = TestModels.gradients(p, w, engine: .naive).grads
        let zeroState = Self.seedNaive(model, inputs: inputs, states: states, dLds: dLds, previousOfFirst: zero)
            .asParameters(shape)
        let wrapped = Self.seedNaive(model, inputs: inputs, states: states, dLds: dLds, previousOfFirst: states[5])
            .asParameters(shape)

        // With s[-1] = 0 the seed's algorithm is the engine's.
        // (The seed's function covers the hidden layer only: U, W, b.)
        let agreement = GradientComparison.tensorwise(zeroState, engine)
        #expect(agreement["U"]! < 1e-10 && agreement["W"]! < 1e-10 && agreement["b"]! < 1e-10, "\(agreement)")
        // With the wrap, dW picks up delta_0 s_{T-1}^T terms that do not exist: a different gradient.
        let errors = GradientComparison.tensorwise(wrapped, engine)
        #expect(errors["W"]! > 0.05, "the wrap-around should change dW noticeably: \(errors)")
        // dU and db are unaffected (the wrapped state only enters dW and an error that is discarded).
        #expect(errors["U"]! < 1e-10 && errors["b"]! < 1e-10)
    }
}
