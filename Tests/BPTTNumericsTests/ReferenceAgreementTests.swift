import Testing
@testable import BPTTNumerics
import BPTTReference

/// Engines against the explicit textbook reference (per-output unrolls, scalar loops), including the
/// per-step norms and the reach profile.
struct ReferenceAgreementTests {
    static let shape = RNNShape(vocabulary: 7, hidden: 6)

    /// Reference gradients and curves of a batch window: per-sequence references summed / averaged.
    static func reference(_ p: RNNParameters<Double>, _ w: SequenceWindow, initial: [Double])
        -> (grads: RNNParameters<Double>, stepNorms: [Double], reach: [Double]) {
        let model = ReferenceRNN(p)
        let h = p.shape.hidden
        var total = RNNParameters<Double>.zeros(shape: p.shape)
        var stepNorms = [Double](repeating: 0, count: w.length)
        var reach = [Double](repeating: 0, count: w.length)
        for b in 0..<w.batch {
            let inputs = (0..<w.length).map { Int(w.inputs[$0 * w.batch + b]) }
            let start = Array(initial[(b * h)..<((b + 1) * h)])
            let result = model.explicitGradients(inputs: inputs, initial: start,
                                                 outputs: TestModels.referenceOutputs(w, sequence: b))
            let g = result.gradients.asParameters(p.shape)
            total.withTensors { name, values in
                let add = g[tensor: name]
                for i in values.indices { values[i] += add[i] }
            }
            for t in 0..<w.length { stepNorms[t] += norm(result.stepErrors[t]) / Double(w.batch) }
            if let last = result.perOutput[w.length - 1] {
                for k in 0..<w.length { reach[k] += norm(last[w.length - 1 - k]!) / Double(w.batch) }
            }
        }
        return (total, stepNorms, reach)
    }

    /// The reference's two algorithms agree: one sweep (optimized) and one unroll per output (naive),
    /// over a whole window and over a truncated one (every output reaching back only to step 4).
    @Test(arguments: [0, 4])
    func theReferenceSweepEqualsItsPerOutputUnrolls(start: Int) {
        let p = TestModels.parameters(Self.shape, seed: 21)
        let model = ReferenceRNN(p)
        let vocabulary = Self.shape.vocabulary
        let inputs = (0..<9).map { ($0 * 5 + 1) % vocabulary }
        let outputs = (start..<9).map {
            ReferenceOutput(step: $0, target: ($0 * 3 + 2) % vocabulary, weight: 1, earliest: start)
        }
        let initial = TestModels.randomState(count: Self.shape.hidden, seed: 22)
        let naive = model.explicitGradients(inputs: inputs, initial: initial, outputs: outputs)
        let sweep = model.sweepGradients(inputs: inputs, initial: initial, outputs: outputs)
        let difference = GradientComparison.tensorwise(sweep.gradients.asParameters(Self.shape),
                                                       naive.gradients.asParameters(Self.shape))
        #expect(GradientComparison.worst(difference) < 1e-10)
        #expect(sweep.stepErrors[start].contains { $0 != 0 } && sweep.stepErrors[max(0, start - 1)].allSatisfy { $0 == 0 } == (start > 0))
        for t in 0..<9 {
            #expect(zip(sweep.stepErrors[t], naive.stepErrors[t]).allSatisfy { abs($0 - $1) < 1e-10 }, "step \(t)")
        }
    }

    @Test(arguments: EngineKind.allCases, [false, true])
    func gradientsAndCurvesMatchTheExplicitReference(engine: EngineKind, masked: Bool) {
        let p = TestModels.parameters(Self.shape, seed: 11)
        let w = TestModels.window(length: 10, batch: 3, vocabulary: Self.shape.vocabulary, seed: 12, masked: masked,
                                  firstOutput: masked ? 3 : 0)
        let initial = TestModels.randomState(count: 3 * Self.shape.hidden, seed: 13)
        let engineResult = TestModels.gradients(p, w, engine: engine, initialState: initial)
        let expected = Self.reference(p, w, initial: initial)

        #expect(GradientComparison.worst(GradientComparison.tensorwise(engineResult.grads, expected.grads)) < 1e-10)
        let stepNorms = engineResult.diagnostics.stepNorms
        #expect(stepNorms.count == w.length)
        for t in 0..<w.length {
            #expect(abs(stepNorms[t] - expected.stepNorms[t]) <= 1e-10 * max(1, expected.stepNorms[t]), "g_\(t)")
        }
        let reach = engineResult.diagnostics.reach
        #expect(reach.count == w.length)
        for k in 0..<w.length {
            #expect(abs(reach[k] - expected.reach[k]) <= 1e-10 * max(1, expected.reach[k]), "r_\(k)")
        }
        // Both curves are non-trivial in this set-up.
        #expect(stepNorms.allSatisfy { $0 > 0 })
        #expect(reach[w.length - 1] > 0)
    }

    /// g_t and r_k by finite differences on the STATES (independent of any back-propagation code):
    /// dE/ds_t is the gradient of "run on from s_t and sum the later outputs' losses".
    @Test func stepNormsAndReachMatchStateFiniteDifferences() {
        let p = TestModels.parameters(Self.shape, seed: 21)
        let w = TestModels.window(length: 8, batch: 1, vocabulary: Self.shape.vocabulary, seed: 22)
        let model = ReferenceRNN(p)
        let inputs = w.inputs.map(Int.init), targets = w.targets.map(Int.init)
        let states = model.states(inputs, from: [Double](repeating: 0, count: Self.shape.hidden))
        let last = w.length - 1

        /// Loss of the outputs in `outputs` when the state at step t is replaced by s.
        func lossAfter(_ t: Int, _ s: [Double], outputs: ClosedRange<Int>) -> Double {
            var state = s
            var total = 0.0
            for step in t...last {
                if step > t { state = model.step(state, input: inputs[step]) }
                if outputs.contains(step) { total += model.loss(state, target: targets[step]) }
            }
            return total
        }
        let engine = TestModels.gradients(p, w, engine: .optimized).diagnostics
        for t in 0..<w.length {
            let total = FiniteDifferences.gradient(of: { lossAfter(t, $0, outputs: t...last) }, at: states[t])
            #expect(abs(engine.stepNorms[t] - norm(total)) < 1e-8, "g_\(t)")
            let lastOnly = FiniteDifferences.gradient(of: { lossAfter(t, $0, outputs: last...last) }, at: states[t])
            #expect(abs(engine.reach[last - t] - norm(lastOnly)) < 1e-8, "r_\(last - t)")
        }
    }
}
