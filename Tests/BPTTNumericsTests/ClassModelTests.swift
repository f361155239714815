import Foundation
import Testing
@testable import BPTTNumerics

/// The whole model with the class output layer: finite differences in Float64 for every tensor and
/// engine (windows, truncated streams, shards), naive = optimized, the batched layer against the
/// one-row reference, and exact normalisation over the vocabulary.
struct ClassModelTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var hidden: Int, vocabulary: Int, classes: Int, length: Int, batch: Int, seed: UInt64, masked: Bool, firstOutput: Int
        var testDescription: String {
            "H=\(hidden) V=\(vocabulary) C=\(classes) T=\(length) B=\(batch) seed=\(seed) mask=\(masked) first=\(firstOutput)"
        }
        var shape: RNNShape { TestModels.classShape(vocabulary: vocabulary, hidden: hidden, classes: classes, seed: seed) }
    }

    static let cases: [Case] = [
        Case(hidden: 8, vocabulary: 14, classes: 4, length: 12, batch: 1, seed: 1, masked: false, firstOutput: 0),
        Case(hidden: 6, vocabulary: 20, classes: 6, length: 9, batch: 3, seed: 2, masked: true, firstOutput: 0),
        Case(hidden: 5, vocabulary: 11, classes: 4, length: 10, batch: 2, seed: 3, masked: false, firstOutput: 4),
        Case(hidden: 4, vocabulary: 9, classes: 5, length: 6, batch: 2, seed: 4, masked: true, firstOutput: 2),
    ]

    @Test func casesHaveOneWordAndManyWordClasses() {
        for c in Self.cases {
            let classes = c.shape.classes!
            #expect((0..<classes.count).contains { classes.size(of: $0) == 1 }, "\(c.testDescription)")
            #expect(classes.largestClass > 1, "\(c.testDescription)")
        }
    }

    @Test(arguments: cases, EngineKind.allCases)
    func analyticGradientMatchesFiniteDifferences(_ c: Case, engine: EngineKind) {
        let p = TestModels.parameters(c.shape, seed: c.seed)
        let w = TestModels.window(length: c.length, batch: c.batch, vocabulary: c.vocabulary, seed: c.seed + 100,
                                  masked: c.masked, firstOutput: c.firstOutput)
        let initial = TestModels.randomState(count: c.batch * c.hidden, seed: c.seed + 200)
        let analytic = TestModels.gradients(p, w, engine: engine, initialState: initial).grads
        let workspace = RNNWorkspace<Double>(shape: c.shape, maxLength: c.length, batch: c.batch)
        let numeric = FiniteDifferences.gradient(of: { probe in
            rnnForward(probe, w, initialState: initial, workspace: workspace).lossSum
        }, at: p)
        let errors = GradientComparison.entrywise(analytic, numeric, floor: 1e-5)
        #expect(GradientComparison.worst(errors) < 1e-6, "relative errors \(errors)")
        #expect(analytic.tensorNames == RNNParameters<Double>.allTensorNames)
        for name in analytic.tensorNames {
            #expect(analytic[tensor: name].contains { abs($0) > 1e-3 }, "\(name) gradient is all ~0")
        }
    }

    @Test(arguments: cases)
    func naiveEqualsOptimized(_ c: Case) {
        let p = TestModels.parameters(c.shape, seed: c.seed)
        let w = TestModels.window(length: c.length, batch: c.batch, vocabulary: c.vocabulary, seed: c.seed,
                                  masked: c.masked, firstOutput: c.firstOutput)
        let naive = TestModels.gradients(p, w, engine: .naive)
        let optimized = TestModels.gradients(p, w, engine: .optimized)
        #expect(GradientComparison.worst(GradientComparison.tensorwise(naive.grads, optimized.grads)) <= 1e-10)
        #expect(naive.forward == optimized.forward)
        // Float32 (the training path) against the Float64 truth.
        let float = TestModels.gradients(p.converted(to: Float.self), w, engine: .optimized)
        let drift = GradientComparison.tensorwise(float.grads.converted(to: Double.self), optimized.grads)
        #expect(GradientComparison.worst(drift) <= 1e-4, "\(drift)")
        #expect(abs(float.forward.lossSum - optimized.forward.lossSum) <= 1e-5 * optimized.forward.lossSum)
    }

    /// The batched layer's loss and gradients equal `ClassSoftmax`'s row by row.
    @Test func batchedLayerEqualsTheRowReference() {
        let c = Self.cases[1]
        let shape = c.shape, classes = shape.classes!, h = c.hidden
        let p = TestModels.parameters(shape, seed: 9)
        let w = TestModels.window(length: c.length, batch: c.batch, vocabulary: c.vocabulary, seed: 10, masked: true)
        let workspace = RNNWorkspace<Double>(shape: shape, maxLength: c.length, batch: c.batch)
        let forward = rnnForward(p, w, initialState: [Double](repeating: 0, count: c.batch * h), workspace: workspace)
        var grads = RNNParameters<Double>.zeros(shape: shape)
        rnnOutputBackward(p, w, workspace: workspace, grads: &grads)

        var expected = RNNParameters<Double>.zeros(shape: shape)
        var loss = 0.0
        var classP = [Double](repeating: 0, count: classes.count), wordP = [Double](repeating: 0, count: classes.largestClass)
        var ds = [Double](repeating: 0, count: h)
        p.withPointers { weights in
            expected.withMutablePointers { g in
                let layer = ClassSoftmax.Weights(V: weights.V, c: weights.c, classV: weights.classV, classC: weights.classC)
                let gradients = ClassSoftmax.Weights(V: g.V, c: g.c, classV: g.classV, classC: g.classC)
                for t in 0..<c.length {
                    let states = workspace.state(at: t)
                    for b in 0..<c.batch {
                        let row = t * c.batch + b, weight = Double(w.mask![row])
                        let target = Int(w.targets[row])
                        let s = Array(states[(b * h)..<((b + 1) * h)])
                        loss += weight * ClassSoftmax.forwardRow(state: s, target: target, hidden: h, classes: classes,
                                                                 weights: layer, classProbabilities: &classP,
                                                                 wordProbabilities: &wordP)
                        ClassSoftmax.backwardRow(state: s, target: target, weight: weight, hidden: h, classes: classes,
                                                 weights: layer, classProbabilities: classP, wordProbabilities: wordP,
                                                 gradients: gradients, stateError: &ds)
                    }
                }
            }
        }
        #expect(abs(forward.lossSum - loss) < 1e-12 * loss)
        for name in ["V", "c", "classV", "classC"] {
            let worst = zip(grads[tensor: name], expected[tensor: name]).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-12, "\(name): \(worst)")
        }
    }

    /// Exact normalisation: from one state, P(w|s) over every word of the vocabulary sums to 1, as the
    /// engine's forward pass (eval) and `rnnStep` (sampling) compute it, and both agree.
    @Test func probabilitiesSumToOneOverTheVocabulary() {
        let shape = TestModels.classShape(vocabulary: 37, hidden: 6, classes: 5, seed: 11)
        let v = shape.vocabulary
        let exact = TestModels.parameters(shape, seed: 12)
        // One step, one row per possible target, all from the same input and state.
        let window = SequenceWindow(length: 1, batch: v, inputs: [Int32](repeating: 3, count: v),
                                    targets: (0..<v).map { Int32($0) })
        let start = (0..<v).flatMap { _ in TestModels.randomState(count: 6, seed: 13) }
        func check<T: RNNScalar>(_ p: RNNParameters<T>, tolerance: Double) {
            let workspace = RNNWorkspace<T>(shape: shape, maxLength: 1, batch: v)
            let forward = rnnForward(p, window, initialState: start.map { T($0) }, workspace: workspace)
            let probabilities = (0..<v).map { workspace.targetProbability(at: 0, row: $0) }
            #expect(abs(probabilities.reduce(0, +) - 1) < tolerance)
            #expect(abs(forward.lossSum + probabilities.map { Foundation.log($0) }.reduce(0, +)) < tolerance * 100)
            var state = start.prefix(6).map { T($0) }
            var sampled: [T] = []
            rnnStep(p, inputs: [3], state: &state, probabilities: &sampled)
            #expect(abs(sampled.reduce(0) { $0 + Double($1) } - 1) < tolerance)
            for word in 0..<v { #expect(abs(Double(sampled[word]) - probabilities[word]) < tolerance) }
        }
        check(exact, tolerance: 1e-12)
        check(exact.converted(to: Float.self), tolerance: 1e-5)
    }

    /// Stream mode: a truncated block's gradient is that of its window (history + block) run from the
    /// constant state before it with outputs in the block only; checked by finite differences.
    @Test(arguments: EngineKind.allCases)
    func truncatedBlockMatchesFiniteDifferencesOfItsWindow(engine: EngineKind) {
        let shape = TestModels.classShape(vocabulary: 13, hidden: 6, classes: 4, seed: 21)
        let p = TestModels.parameters(shape, seed: 22)
        let (k1, k2, batch) = (4, 3, 2)
        let stream = TestModels.window(length: 3 * k1, batch: batch, vocabulary: 13, seed: 23)
        let mask: [Float] = [1, 0.5, 0, 1, 1, 0.25, 1, 0]
        let truncated = TruncatedBPTT<Double>(shape: shape, batch: batch, k2: k2)
        var grads = RNNParameters<Double>.zeros(shape: shape)
        var constant: [Double] = []
        for j in 0..<3 {
            let range = (j * k1 * batch)..<((j + 1) * k1 * batch)
            if j == 2 { constant = truncated.history.states.prefix(batch * 6).map { $0 } }
            grads.zero()
            _ = truncated.step(p, blockInputs: Array(stream.inputs[range]), blockTargets: Array(stream.targets[range]),
                               blockMask: j == 2 ? mask : nil, engine: engine, grads: &grads)
        }
        // Block 2 covers steps 8..<12 with history 5..<8; the state after step 4 is the constant.
        let rows = (5 * batch)..<(12 * batch)
        let window = SequenceWindow(length: 7, batch: batch, inputs: Array(stream.inputs[rows]),
                                    targets: Array(stream.targets[rows]),
                                    mask: [Float](repeating: 1, count: 3 * batch) + mask, firstOutput: 3)
        let workspace = RNNWorkspace<Double>(shape: shape, maxLength: 7, batch: batch)
        let numeric = FiniteDifferences.gradient(of: { probe in
            rnnForward(probe, window, initialState: constant, workspace: workspace).lossSum
        }, at: p)
        let errors = GradientComparison.entrywise(grads, numeric, floor: 1e-5)
        #expect(GradientComparison.worst(errors) < 1e-6, "\(errors)")
    }

    /// The truncated step runs the class layer's backward inside its forward pass (each class's
    /// gradient while its block of V is in cache): in Float32, the bits of the staged passes
    /// (rnnForward, then rnnBackward) over the same window, history included, masked or not.
    @Test(arguments: EngineKind.allCases, [false, true])
    func truncatedStepsFusedOutputPassEqualsTheStagedPasses(engine: EngineKind, masked: Bool) {
        let shape = TestModels.classShape(vocabulary: 40, hidden: 9, classes: 6, seed: 51)
        let p = TestModels.parameters(shape, seed: 52).converted(to: Float.self)
        let (k1, k2, batch) = (5, 5, 3)
        let stream = TestModels.window(length: 2 * k1, batch: batch, vocabulary: 40, seed: 53)
        let mask: [Float]? = masked ? (0..<(k1 * batch)).map { [1, 0.5, 0][$0 % 3] } : nil
        let truncated = TruncatedBPTT<Float>(shape: shape, batch: batch, k2: k2, expectedBlock: k1)
        var grads = RNNParameters<Float>.zeros(shape: shape)
        var loss = 0.0
        for j in 0..<2 {
            let range = (j * k1 * batch)..<((j + 1) * k1 * batch)
            grads.zero()
            loss = truncated.step(p, blockInputs: Array(stream.inputs[range]), blockTargets: Array(stream.targets[range]),
                                  blockMask: j == 1 ? mask : nil, engine: engine, grads: &grads).forward.lossSum
        }
        // The second block's window: the first block as history (k2 = k1), from the zero state.
        let window = SequenceWindow(length: 2 * k1, batch: batch, inputs: stream.inputs, targets: stream.targets,
                                    mask: mask.map { [Float](repeating: 1, count: k1 * batch) + $0 }, firstOutput: k1)
        let workspace = RNNWorkspace<Float>(shape: shape, maxLength: 2 * k1, batch: batch)
        let staged = rnnForward(p, window, initialState: [Float](repeating: 0, count: batch * 9), workspace: workspace)
        var stagedGrads = RNNParameters<Float>.zeros(shape: shape)
        _ = rnnBackward(p, window, workspace: workspace, engine: engine, grads: &stagedGrads)
        #expect(grads == stagedGrads)
        #expect(loss == staged.lossSum)
    }

    /// The threaded paths split the rows, not the output layer: N threads = 1 thread with classes.
    @Test(arguments: EngineKind.allCases)
    func threadedPathsEqualOneThread(engine: EngineKind) {
        let shape = TestModels.classShape(vocabulary: 15, hidden: 7, classes: 5, seed: 31)
        let p = TestModels.parameters(shape, seed: 32)
        let (batch, k1) = (5, 3)
        let stream = TestModels.window(length: 3 * k1, batch: batch, vocabulary: 15, seed: 33)
        func truncatedRun(threads: Int) -> [RNNParameters<Double>] {
            let truncated = ParallelTruncatedBPTT<Double>(shape: shape, batch: batch, k2: 2, threads: threads)
            return (0..<3).map { j in
                let range = (j * k1 * batch)..<((j + 1) * k1 * batch)
                var grads = RNNParameters<Double>.zeros(shape: shape)
                _ = truncated.step(p, blockInputs: Array(stream.inputs[range]), blockTargets: Array(stream.targets[range]),
                                   engine: engine, grads: &grads)
                return grads
            }
        }
        let one = truncatedRun(threads: 1)
        for (a, b) in zip(truncatedRun(threads: 2), one) {
            #expect(GradientComparison.worst(GradientComparison.tensorwise(a, b)) < 1e-12)
        }
        let window = TestModels.window(length: 6, batch: batch, vocabulary: 15, seed: 34, masked: true)
        let zero = [Double](repeating: 0, count: batch * 7)
        let single = TestModels.gradients(p, window, engine: engine, initialState: zero)
        let pass = ShardedWindowPass<Double>(shape: shape, batch: batch, maxLength: 2, threads: 3)
        var grads = RNNParameters<Double>.zeros(shape: shape)
        let result = pass.run(p, window, initialState: zero, engine: engine, grads: &grads)
        #expect(GradientComparison.worst(GradientComparison.tensorwise(grads, single.grads)) < 1e-12)
        #expect(abs(result.forward.lossSum - single.forward.lossSum) < 1e-12)
    }

    /// A workspace made for short windows grows its class buffers for a longer one.
    @Test func workspaceGrowsWithClasses() {
        let shape = TestModels.classShape(vocabulary: 12, hidden: 5, classes: 4, seed: 41)
        let p = TestModels.parameters(shape, seed: 42)
        let w = TestModels.window(length: 9, batch: 2, vocabulary: 12, seed: 43)
        let zero = [Double](repeating: 0, count: 10)
        let small = RNNWorkspace<Double>(shape: shape, maxLength: 2, batch: 2)
        _ = rnnForward(p, TestModels.window(length: 2, batch: 2, vocabulary: 12, seed: 44), initialState: zero, workspace: small)
        let grown = rnnForward(p, w, initialState: zero, workspace: small)
        var grads = RNNParameters<Double>.zeros(shape: shape)
        _ = rnnBackward(p, w, workspace: small, engine: .optimized, grads: &grads)
        let fresh = TestModels.gradients(p, w, engine: .optimized, initialState: zero)
        #expect(grown == fresh.forward)
        #expect(grads == fresh.grads)
    }
}
