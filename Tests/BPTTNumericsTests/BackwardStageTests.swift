import Testing
@testable import BPTTNumerics

/// rnnBackward = output stage + through-time stage; the through-time stage can be repeated.
struct BackwardStageTests {
    @Test(arguments: [1, 3])
    func stagesComposeToTheFullBackwardAndCanBeRepeated(batch: Int) {
        let shape = RNNShape(vocabulary: 7, hidden: 6)
        let p = TestModels.parameters(shape, seed: 95).converted(to: Float.self)
        let w = TestModels.window(length: 9, batch: batch, vocabulary: 7, seed: 96, masked: true, firstOutput: 2)
        let full = TestModels.gradients(p, w, engine: .optimized)

        let workspace = RNNWorkspace<Float>(shape: shape, maxLength: 9, batch: batch)
        _ = rnnForward(p, w, initialState: [Float](repeating: 0, count: batch * 6), workspace: workspace)
        var staged = RNNParameters<Float>.zeros(shape: shape)
        rnnOutputBackward(p, w, workspace: workspace, grads: &staged)
        let outputOnly = staged
        #expect(outputOnly.W.allSatisfy { $0 == 0 } && outputOnly.V.contains { $0 != 0 })
        let options = BackwardOptions(computeStepNorms: true, computeReach: true)
        let first = rnnBackwardThroughTime(p, w, workspace: workspace, engine: .optimized, options: options, grads: &staged)
        #expect(staged == full.grads)
        #expect(first == full.diagnostics)
        // Again with each engine: the same hidden-layer gradients, nothing left over from the first run.
        for engine in EngineKind.allCases {
            var again = outputOnly
            let diagnostics = rnnBackwardThroughTime(p, w, workspace: workspace, engine: engine, options: options, grads: &again)
            #expect(GradientComparison.worst(GradientComparison.tensorwise(again, full.grads)) < 1e-5)
            for (a, b) in zip(diagnostics.stepNorms + diagnostics.reach, first.stepNorms + first.reach) {
                #expect(abs(a - b) <= 1e-5 * max(1, b))
            }
        }
    }
}
