import Testing
@testable import BPTTNumerics
import BPTTReference

/// GRU and LSTM through the same engines as Elman: the forward against the plain equations, the
/// gradients against finite differences for both engines, naive = optimized (gradients and every
/// curve), truncation against the whole window it stands for, and the carried state and history.
struct GatedCellTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var cell: CellKind, hidden: Int, vocabulary: Int, length: Int, batch: Int, seed: UInt64, masked: Bool,
            firstOutput: Int, classes: Int?
        var testDescription: String {
            "\(cell) H=\(hidden) V=\(vocabulary) T=\(length) B=\(batch) mask=\(masked) first=\(firstOutput) C=\(classes ?? 0)"
        }
        var shape: RNNShape {
            guard let classes else { return RNNShape(vocabulary: vocabulary, hidden: hidden, cell: cell) }
            var shape = TestModels.classShape(vocabulary: vocabulary, hidden: hidden, classes: classes, seed: seed)
            shape.cell = cell
            return shape
        }
    }

    static let cases: [Case] = CellKind.allCases.filter { $0 != .elman }.flatMap { cell in [
        Case(cell: cell, hidden: 6, vocabulary: 7, length: 9, batch: 1, seed: 11, masked: false, firstOutput: 0, classes: nil),
        Case(cell: cell, hidden: 5, vocabulary: 6, length: 8, batch: 3, seed: 12, masked: true, firstOutput: 3, classes: nil),
        Case(cell: cell, hidden: 4, vocabulary: 9, length: 7, batch: 2, seed: 13, masked: false, firstOutput: 0, classes: 3),
    ] }

    static func window(_ c: Case) -> SequenceWindow {
        TestModels.window(length: c.length, batch: c.batch, vocabulary: c.vocabulary, seed: c.seed + 100, masked: c.masked,
                          firstOutput: c.firstOutput)
    }

    /// A non-zero initial state (h, and LSTM's c), so every term of step 0 is exercised.
    static func initialState(_ c: Case) -> [Double] {
        TestModels.randomState(count: c.batch * c.shape.stateWidth, seed: c.seed + 200)
    }

    @Test(arguments: cases)
    func forwardComputesTheCellEquations(_ c: Case) {
        guard c.classes == nil else { return }
        let p = TestModels.parameters(c.shape, seed: c.seed, recurrentScale: 1)
        let w = Self.window(c), initial = Self.initialState(c)
        let workspace = RNNWorkspace<Double>(shape: c.shape, maxLength: c.length, batch: c.batch)
        let engine = rnnForward(p, w, initialState: initial, workspace: workspace)
        let reference = ReferenceGatedCell(p)
        var expected = 0.0
        let width = c.shape.stateWidth
        for b in 0..<c.batch {
            let sequence = TestModels.sequence(b, of: w)
            expected += reference.loss(inputs: sequence.inputs.map(Int.init),
                                       initial: Array(initial[(b * width)..<((b + 1) * width)]),
                                       outputs: TestModels.referenceOutputs(w, sequence: b))
        }
        #expect(abs(engine.lossSum - expected) <= 1e-12 * max(1, expected), "engine \(engine.lossSum) vs \(expected)")
    }

    @Test(arguments: cases, EngineKind.allCases)
    func gradientsMatchFiniteDifferences(_ c: Case, engine: EngineKind) {
        let p = TestModels.parameters(c.shape, seed: c.seed, recurrentScale: 1.5)
        let w = Self.window(c), initial = Self.initialState(c)
        let analytic = TestModels.gradients(p, w, engine: engine, initialState: initial).grads
        let workspace = RNNWorkspace<Double>(shape: c.shape, maxLength: c.length, batch: c.batch)
        let numeric = FiniteDifferences.gradient(of: { probe in
            rnnForward(probe, w, initialState: initial, workspace: workspace).lossSum
        }, at: p)
        let errors = GradientComparison.entrywise(analytic, numeric, floor: 1e-5)
        #expect(GradientComparison.worst(errors) < 1e-6, "relative errors \(errors)")
        for name in analytic.tensorNames {
            #expect(analytic[tensor: name].contains { abs($0) > 1e-3 }, "\(name) gradient is all ~0")
        }
    }

    @Test(arguments: cases)
    func naiveEqualsOptimized(_ c: Case) {
        let p = TestModels.parameters(c.shape, seed: c.seed, recurrentScale: 1.5)
        let w = Self.window(c), initial = Self.initialState(c)
        let naive = TestModels.gradients(p, w, engine: .naive, initialState: initial)
        let optimized = TestModels.gradients(p, w, engine: .optimized, initialState: initial)
        let errors = GradientComparison.entrywise(naive.grads, optimized.grads, floor: 1e-8)
        #expect(GradientComparison.worst(errors) <= 1e-10, "\(errors)")
        #expect(naive.forward == optimized.forward)
        let curves: [(String, [Double], [Double])] = [
            ("stepNorms", naive.diagnostics.stepNorms, optimized.diagnostics.stepNorms),
            ("reach", naive.diagnostics.reach, optimized.diagnostics.reach),
            ("cellStepNorms", naive.diagnostics.cellStepNorms, optimized.diagnostics.cellStepNorms),
        ]
        for (name, a, b) in curves {
            #expect(a.count == b.count, "\(name)")
            for (x, y) in zip(a, b) { #expect(abs(x - y) <= 1e-10 * max(1, y), "\(name): \(x) vs \(y)") }
        }
        #expect(optimized.diagnostics.stepNorms.count == c.length)
        #expect(optimized.diagnostics.cellStepNorms.count == (c.cell == .lstm ? c.length : 0))
        #expect(optimized.diagnostics.stepNorms.allSatisfy { $0 > 0 })
    }

    /// The Float path (C kernels, approximate σ and tanh, float products) against the Float64 truth.
    @Test(arguments: cases)
    func floatTracksDouble(_ c: Case) {
        let exact = TestModels.parameters(c.shape, seed: c.seed, recurrentScale: 1.5)
        let p = exact.converted(to: Float.self)
        let w = Self.window(c)
        for engine in EngineKind.allCases {
            let fast = TestModels.gradients(p, w, engine: engine)
            let truth = TestModels.gradients(p.converted(to: Double.self), w, engine: .optimized)
            let drift = GradientComparison.tensorwise(fast.grads.converted(to: Double.self), truth.grads)
            #expect(GradientComparison.worst(drift) <= 1e-4, "\(engine): \(drift)")
            #expect(abs(fast.forward.lossSum - truth.forward.lossSum) <= 1e-5 * truth.forward.lossSum)
        }
    }

    /// Each truncated update is the gradient of its window (kept history + block) run from the state
    /// before it, with the outputs in the block only: the engines' own window pass, checked above.
    @Test(arguments: [CellKind.gru, .lstm], EngineKind.allCases)
    func truncatedStepsAreTheirWindowsGradients(cell: CellKind, engine: EngineKind) {
        let shape = RNNShape(vocabulary: 6, hidden: 5, cell: cell)
        let p = TestModels.parameters(shape, seed: 21, recurrentScale: 1.5)
        let (k1, k2, batch, blocks) = (3, 2, 2, 4)
        let stream = TestModels.window(length: k1 * blocks, batch: batch, vocabulary: 6, seed: 22)
        let truncated = TruncatedBPTT<Double>(shape: shape, batch: batch, k2: k2)
        // The carried state after each stream step, from a forward of the whole stream.
        let whole = RNNWorkspace<Double>(shape: shape, maxLength: stream.length, batch: batch)
        _ = rnnForward(p, stream, initialState: [Double](repeating: 0, count: batch * shape.stateWidth), workspace: whole)
        for j in 0..<blocks {
            let block = (j * k1)..<((j + 1) * k1)
            let inputs = Array(stream.inputs[(block.lowerBound * batch)..<(block.upperBound * batch)])
            let targets = Array(stream.targets[(block.lowerBound * batch)..<(block.upperBound * batch)])
            var grads = RNNParameters<Double>.zeros(shape: shape)
            let options = BackwardOptions(computeStepNorms: true, computeReach: true)
            let result = truncated.step(p, blockInputs: inputs, blockTargets: targets, engine: engine, options: options,
                                        grads: &grads)
            let history = min(k2, j * k1), start = block.lowerBound - history
            #expect(result.historyLength == history)
            let range = (start * batch)..<(block.upperBound * batch)
            let window = SequenceWindow(length: history + k1, batch: batch, inputs: Array(stream.inputs[range]),
                                        targets: Array(stream.targets[range]), mask: nil, firstOutput: history)
            let expected = TestModels.gradients(p, window, engine: .optimized, initialState: whole.carriedState(at: start - 1))
            let errors = GradientComparison.entrywise(grads, expected.grads, floor: 1e-8)
            #expect(GradientComparison.worst(errors) <= 1e-10, "block \(j): \(errors)")
            #expect(abs(result.forward.lossSum - expected.forward.lossSum) <= 1e-10)
            for (x, y) in zip(result.diagnostics.cellStepNorms + result.diagnostics.stepNorms,
                              expected.diagnostics.cellStepNorms + expected.diagnostics.stepNorms) {
                #expect(abs(x - y) <= 1e-10 * max(1, y))
            }
            #expect(truncated.hiddenState == whole.carriedState(at: block.upperBound - 1))
        }
    }

    /// The kept history (states, LSTM's cell states, the caches) survives a save and restore, also
    /// through the sharded engine's full-batch layout.
    @Test(arguments: [CellKind.gru, .lstm])
    func historyRoundTripsThroughRestore(cell: CellKind) throws {
        let shape = RNNShape(vocabulary: 6, hidden: 5, cell: cell)
        let p = TestModels.parameters(shape, seed: 31).converted(to: Float.self)
        let stream = TestModels.window(length: 12, batch: 4, vocabulary: 6, seed: 32)
        func block(_ j: Int) -> (inputs: [Int32], targets: [Int32]) {
            (Array(stream.inputs[(j * 12)..<((j + 1) * 12)]), Array(stream.targets[(j * 12)..<((j + 1) * 12)]))
        }
        let original = ParallelTruncatedBPTT<Float>(shape: shape, batch: 4, k2: 4, expectedBlock: 3, threads: 2)
        var scratch = RNNParameters<Float>.zeros(shape: shape)
        for j in 0..<3 {
            _ = original.step(p, blockInputs: block(j).inputs, blockTargets: block(j).targets, engine: .optimized,
                              grads: &scratch)
        }
        let saved = original.history
        #expect(saved.length == 4)
        #expect(saved.states.count == 5 * 4 * shape.stateWidth)
        #expect(saved.caches.count == 4 * 4 * cell.cacheWidth(hidden: 5))
        let copy = ParallelTruncatedBPTT<Float>(shape: shape, batch: 4, k2: 4, expectedBlock: 3, threads: 1)
        try copy.restore(history: saved)
        #expect(copy.hiddenState == original.hiddenState)
        #expect(copy.history == saved)
        var a = RNNParameters<Float>.zeros(shape: shape), b = a
        let ra = original.step(p, blockInputs: block(3).inputs, blockTargets: block(3).targets, engine: .optimized, grads: &a)
        let rb = copy.step(p, blockInputs: block(3).inputs, blockTargets: block(3).targets, engine: .optimized, grads: &b)
        #expect(GradientComparison.worst(GradientComparison.tensorwise(a, b)) <= 1e-6)
        #expect(abs(ra.forward.lossSum - rb.forward.lossSum) <= 1e-5 * rb.forward.lossSum)
        #expect(copy.hiddenState.count == 4 * shape.stateWidth)

        var wrong = saved
        wrong.caches.removeLast()
        #expect(throws: LabError.self) { try copy.restore(history: wrong) }
    }

    /// A class model shares its update among workers by rows (the recurrence by streams, dW by its
    /// rows): a gated cell's carried c and caches are per row, so 2 workers give 1 worker's gradient bits.
    @Test(arguments: [CellKind.gru, .lstm], EngineKind.allCases)
    func rowSharesGiveOneThreadsBits(cell: CellKind, engine: EngineKind) {
        var shape = TestModels.classShape(vocabulary: 12, hidden: 8, classes: 4, seed: 51)
        shape.cell = cell
        let p = TestModels.parameters(shape, seed: 52, recurrentScale: 1.5).converted(to: Float.self)
        let stream = TestModels.window(length: 12, batch: 8, vocabulary: 12, seed: 53)
        func run(threads: Int) -> (RNNParameters<Float>, [Double], [Double]) {
            let engineThreads = ParallelTruncatedBPTT<Float>(shape: shape, batch: 8, k2: 2, expectedBlock: 4, threads: threads)
            var grads = RNNParameters<Float>.zeros(shape: shape)
            var norms: [Double] = [], cellNorms: [Double] = []
            for j in 0..<3 {
                let range = (j * 32)..<((j + 1) * 32)
                let result = engineThreads.step(p, blockInputs: Array(stream.inputs[range]), blockTargets: Array(stream.targets[range]),
                                                engine: engine, grads: &grads)
                norms += result.diagnostics.stepNorms
                cellNorms += result.diagnostics.cellStepNorms
            }
            return (grads, norms, cellNorms)
        }
        let one = run(threads: 1), two = run(threads: 2)
        #expect(one.0 == two.0)
        // The curves are means over the streams, each share adding its part: the same to rounding.
        for (a, b) in zip(one.1 + one.2, two.1 + two.2) { #expect(abs(a - b) <= 1e-6 * max(1, abs(b))) }
        #expect(one.1.count == 4 + 6 + 6 && two.2.count == (cell == .lstm ? 16 : 0))
    }

    /// rnnStep (evaluation, sampling) advances the state as the window pass does.
    @Test(arguments: [CellKind.gru, .lstm])
    func singleStepsFollowTheWindowPass(cell: CellKind) {
        let shape = RNNShape(vocabulary: 7, hidden: 6, cell: cell)
        let p = TestModels.parameters(shape, seed: 41, recurrentScale: 1)
        let w = TestModels.window(length: 5, batch: 2, vocabulary: 7, seed: 42)
        let initial = TestModels.randomState(count: 2 * shape.stateWidth, seed: 43)
        let workspace = RNNWorkspace<Double>(shape: shape, maxLength: 5, batch: 2)
        _ = rnnForward(p, w, initialState: initial, workspace: workspace)
        var state = initial, probabilities: [Double] = []
        for t in 0..<5 {
            rnnStep(p, inputs: [w.inputs[2 * t], w.inputs[2 * t + 1]], state: &state, probabilities: &probabilities)
            let expected = workspace.carriedState(at: t)
            #expect(zip(state, expected).allSatisfy { abs($0 - $1) <= 1e-12 }, "step \(t)")
            for b in 0..<2 {
                let target = Int(w.targets[2 * t + b])
                #expect(abs(probabilities[b * 7 + target] - workspace.targetProbability(at: t, row: b)) <= 1e-12)
            }
        }
    }

    @Test func lstmStartsWithItsForgetGateOpen() {
        let p = RNNParameters<Float>(shape: RNNShape(vocabulary: 5, hidden: 3, cell: .lstm), seed: 1)
        #expect(p.b == [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
        #expect(p.U.count == 5 * 12 && p.W.count == 12 * 3)
        let gru = RNNParameters<Float>(shape: RNNShape(vocabulary: 5, hidden: 3, cell: .gru), seed: 1)
        #expect(gru.b == [Float](repeating: 0, count: 9) && gru.W.count == 9 * 3)
    }
}
