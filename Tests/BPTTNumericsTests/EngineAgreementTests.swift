import Testing
@testable import BPTTNumerics

/// naive == optimized, to 1e-10 in Float64 and 1e-5 in Float32, with identical diagnostics.
struct EngineAgreementTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var hidden: Int, vocabulary: Int, length: Int, batch: Int, seed: UInt64, masked: Bool, firstOutput: Int
        var testDescription: String { "H=\(hidden) V=\(vocabulary) T=\(length) B=\(batch) seed=\(seed) mask=\(masked) first=\(firstOutput)" }
    }

    static let cases: [Case] = [
        Case(hidden: 16, vocabulary: 12, length: 20, batch: 1, seed: 31, masked: false, firstOutput: 0),
        Case(hidden: 12, vocabulary: 10, length: 17, batch: 4, seed: 32, masked: true, firstOutput: 0),
        Case(hidden: 8, vocabulary: 6, length: 15, batch: 2, seed: 33, masked: false, firstOutput: 6),
        Case(hidden: 32, vocabulary: 20, length: 30, batch: 3, seed: 34, masked: true, firstOutput: 10),
    ]

    @Test(arguments: cases)
    func naiveEqualsOptimizedInDouble(_ c: Case) {
        let shape = RNNShape(vocabulary: c.vocabulary, hidden: c.hidden)
        let p = TestModels.parameters(shape, seed: c.seed)
        let w = TestModels.window(length: c.length, batch: c.batch, vocabulary: c.vocabulary, seed: c.seed,
                                  masked: c.masked, firstOutput: c.firstOutput)
        let initial = TestModels.randomState(count: c.batch * c.hidden, seed: c.seed)
        let naive = TestModels.gradients(p, w, engine: .naive, initialState: initial)
        let optimized = TestModels.gradients(p, w, engine: .optimized, initialState: initial)
        let errors = GradientComparison.tensorwise(naive.grads, optimized.grads)
        #expect(GradientComparison.worst(errors) <= 1e-10, "\(errors)")
        let entrywise = GradientComparison.entrywise(naive.grads, optimized.grads, floor: 1e-8)
        #expect(GradientComparison.worst(entrywise) <= 1e-10, "\(entrywise)")
        #expect(naive.forward == optimized.forward)
        for (a, b) in zip(naive.diagnostics.stepNorms, optimized.diagnostics.stepNorms) {
            #expect(abs(a - b) <= 1e-10 * max(1, b))
        }
        for (a, b) in zip(naive.diagnostics.reach, optimized.diagnostics.reach) {
            #expect(abs(a - b) <= 1e-10 * max(1, b))
        }
    }

    @Test(arguments: cases)
    func naiveEqualsOptimizedInFloatAndBothTrackDouble(_ c: Case) {
        let shape = RNNShape(vocabulary: c.vocabulary, hidden: c.hidden)
        let exact = TestModels.parameters(shape, seed: c.seed, recurrentScale: 1.5)
        let p = exact.converted(to: Float.self)
        let w = TestModels.window(length: c.length, batch: c.batch, vocabulary: c.vocabulary, seed: c.seed,
                                  masked: c.masked, firstOutput: c.firstOutput)
        let naive = TestModels.gradients(p, w, engine: .naive)
        let optimized = TestModels.gradients(p, w, engine: .optimized)
        let errors = GradientComparison.tensorwise(naive.grads, optimized.grads)
        #expect(GradientComparison.worst(errors) <= 1e-5, "\(errors)")
        for (a, b) in zip(naive.diagnostics.stepNorms, optimized.diagnostics.stepNorms) {
            #expect(abs(a - b) <= 1e-5 * max(1, b))
        }
        // The Float path (approximate tanh/exp, float BLAS) stays close to the Float64 truth.
        let truth = TestModels.gradients(p.converted(to: Double.self), w, engine: .optimized).grads
        let drift = GradientComparison.tensorwise(optimized.grads.converted(to: Double.self), truth)
        #expect(GradientComparison.worst(drift) <= 1e-4, "\(drift)")
    }

    /// The probe use case: one forward, both backward passes on the same workspace.
    @Test func bothEnginesCanRunOnOneForwardPass() {
        let shape = RNNShape(vocabulary: 9, hidden: 10)
        let p = TestModels.parameters(shape, seed: 41)
        let w = TestModels.window(length: 12, batch: 2, vocabulary: 9, seed: 42)
        let workspace = RNNWorkspace<Double>(shape: shape, maxLength: 12, batch: 2)
        _ = rnnForward(p, w, initialState: [Double](repeating: 0, count: 20), workspace: workspace)
        var first = RNNParameters<Double>.zeros(shape: shape)
        var second = RNNParameters<Double>.zeros(shape: shape)
        var again = RNNParameters<Double>.zeros(shape: shape)
        _ = rnnBackward(p, w, workspace: workspace, engine: .optimized, options: BackwardOptions(), grads: &first)
        _ = rnnBackward(p, w, workspace: workspace, engine: .naive, options: BackwardOptions(), grads: &second)
        _ = rnnBackward(p, w, workspace: workspace, engine: .optimized, options: BackwardOptions(), grads: &again)
        #expect(GradientComparison.worst(GradientComparison.tensorwise(second, first)) <= 1e-10)
        #expect(again == first)
    }

    /// Gradients accumulate: two backward passes into the same grads give twice one pass.
    @Test func backwardAccumulatesIntoGrads() {
        let shape = RNNShape(vocabulary: 5, hidden: 4)
        let p = TestModels.parameters(shape, seed: 43)
        let w = TestModels.window(length: 6, batch: 1, vocabulary: 5, seed: 44)
        let workspace = RNNWorkspace<Double>(shape: shape, maxLength: 6, batch: 1)
        _ = rnnForward(p, w, initialState: [0, 0, 0, 0], workspace: workspace)
        var once = RNNParameters<Double>.zeros(shape: shape)
        _ = rnnBackward(p, w, workspace: workspace, engine: .naive, options: BackwardOptions(), grads: &once)
        var twice = once
        _ = rnnBackward(p, w, workspace: workspace, engine: .naive, options: BackwardOptions(), grads: &twice)
        for name in once.tensorNames {
            for (a, b) in zip(twice[tensor: name], once[tensor: name]) { #expect(abs(a - 2 * b) <= 1e-12 * max(1, abs(a))) }
        }
    }
}
