import Testing
@testable import BPTTNumerics

/// Finite-difference checks of every parameter tensor, in Float64, for both engines.
struct GradientCheckTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var hidden: Int, vocabulary: Int, length: Int, batch: Int, seed: UInt64, masked: Bool, firstOutput: Int
        var testDescription: String {
            "H=\(hidden) V=\(vocabulary) T=\(length) B=\(batch) seed=\(seed) mask=\(masked) first=\(firstOutput)"
        }
    }

    static let cases: [Case] = [
        Case(hidden: 16, vocabulary: 12, length: 20, batch: 1, seed: 1, masked: false, firstOutput: 0),
        Case(hidden: 7, vocabulary: 5, length: 9, batch: 3, seed: 2, masked: true, firstOutput: 0),
        Case(hidden: 10, vocabulary: 12, length: 14, batch: 2, seed: 3, masked: false, firstOutput: 5),
        Case(hidden: 5, vocabulary: 9, length: 12, batch: 2, seed: 4, masked: true, firstOutput: 4),
        Case(hidden: 3, vocabulary: 2, length: 6, batch: 1, seed: 5, masked: false, firstOutput: 0),
    ]

    @Test(arguments: cases, EngineKind.allCases)
    func analyticGradientMatchesFiniteDifferences(_ c: Case, engine: EngineKind) {
        let shape = RNNShape(vocabulary: c.vocabulary, hidden: c.hidden)
        let p = TestModels.parameters(shape, seed: c.seed)
        let w = TestModels.window(length: c.length, batch: c.batch, vocabulary: c.vocabulary, seed: c.seed + 100,
                                  masked: c.masked, firstOutput: c.firstOutput)
        // A non-zero initial state, so that dW also sees the term of step 0.
        let initial = TestModels.randomState(count: c.batch * c.hidden, seed: c.seed + 200)
        let analytic = TestModels.gradients(p, w, engine: engine, initialState: initial).grads

        let workspace = RNNWorkspace<Double>(shape: shape, maxLength: c.length, batch: c.batch)
        let numeric = FiniteDifferences.gradient(of: { probe in
            rnnForward(probe, w, initialState: initial, workspace: workspace).lossSum
        }, at: p)

        let errors = GradientComparison.entrywise(analytic, numeric, floor: 1e-5)
        #expect(GradientComparison.worst(errors) < 1e-6, "relative errors \(errors)")
        // Every tensor really has a gradient here (a silently-zero tensor would pass the ratio).
        for name in analytic.tensorNames {
            #expect(analytic[tensor: name].contains { abs($0) > 1e-3 }, "\(name) gradient is all ~0")
        }
    }
}
