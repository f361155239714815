import Testing
@testable import BPTTNumerics
import BPTTReference

/// Truncated BPTT over a stream: against full BPTT (k2 covering everything), against the brute-force
/// truncated graph, against finite differences of the truncated objective, and its state handling.
struct TruncatedBPTTTests {
    static let shape = RNNShape(vocabulary: 6, hidden: 5)

    /// A stream of `steps` x `batch` tokens; block j is rows j*k1 ..< (j+1)*k1 in [t * B + b] order.
    struct Stream {
        var batch: Int
        var inputs: [Int32]
        var targets: [Int32]
        var steps: Int { inputs.count / batch }
        init(steps: Int, batch: Int, seed: UInt64) {
            let w = TestModels.window(length: steps, batch: batch, vocabulary: TruncatedBPTTTests.shape.vocabulary, seed: seed)
            self.batch = batch
            inputs = w.inputs
            targets = w.targets
        }
        func slice(_ range: Range<Int>) -> (inputs: [Int32], targets: [Int32]) {
            (Array(inputs[(range.lowerBound * batch)..<(range.upperBound * batch)]),
             Array(targets[(range.lowerBound * batch)..<(range.upperBound * batch)]))
        }
        func sequence(_ b: Int) -> (inputs: [Int], targets: [Int]) {
            ((0..<steps).map { Int(inputs[$0 * batch + b]) }, (0..<steps).map { Int(targets[$0 * batch + b]) })
        }
    }

    /// The brute-force truncated graph of the block covering stream steps `block` with `history`
    /// steps before it: per sequence, each output re-unrolled from the constant state before
    /// block.lowerBound - history (ReferenceRNN.explicitGradients), summed over the batch.
    static func reference(_ p: RNNParameters<Double>, _ stream: Stream, block: Range<Int>, history: Int)
        -> (grads: RNNParameters<Double>, loss: Double, stepNorms: [Double], reach: [Double]) {
        let model = ReferenceRNN(p)
        let start = block.lowerBound - history
        let windowLength = history + block.count
        var total = RNNParameters<Double>.zeros(shape: p.shape)
        var loss = 0.0
        var stepNorms = [Double](repeating: 0, count: windowLength)
        var reach = [Double](repeating: 0, count: windowLength)
        for b in 0..<stream.batch {
            let sequence = stream.sequence(b)
            let zero = [Double](repeating: 0, count: p.shape.hidden)
            let states = model.states(sequence.inputs, from: zero)
            let outputs = block.map { ReferenceOutput(step: $0, target: sequence.targets[$0], weight: 1, earliest: start) }
            let result = model.explicitGradients(inputs: sequence.inputs, initial: zero, outputs: outputs)
            let g = result.gradients.asParameters(p.shape)
            total.withTensors { name, values in for (i, x) in g[tensor: name].enumerated() { values[i] += x } }
            for t in block { loss += model.loss(states[t], target: sequence.targets[t]) }
            for i in 0..<windowLength {
                stepNorms[i] += norm(result.stepErrors[start + i]) / Double(stream.batch)
                reach[i] += norm(result.perOutput[block.upperBound - 1]![block.upperBound - 1 - i]!) / Double(stream.batch)
            }
        }
        return (total, loss, stepNorms, reach)
    }

    @Test(arguments: EngineKind.allCases)
    func smallK2MatchesTheBruteForceTruncatedGraph(engine: EngineKind) {
        let p = TestModels.parameters(Self.shape, seed: 61)
        let (k1, k2, batch) = (3, 2, 2)
        let stream = Stream(steps: 5 * k1, batch: batch, seed: 62)
        let truncated = TruncatedBPTT<Double>(shape: Self.shape, batch: batch, k2: k2)
        let options = BackwardOptions(computeStepNorms: true, computeReach: true)
        for j in 0..<5 {
            let block = (j * k1)..<((j + 1) * k1)
            let tokens = stream.slice(block)
            var grads = RNNParameters<Double>.zeros(shape: Self.shape)
            let result = truncated.step(p, blockInputs: tokens.inputs, blockTargets: tokens.targets, engine: engine,
                                        options: options, grads: &grads)
            let history = min(k2, j * k1)
            #expect(result.historyLength == history)
            let expected = Self.reference(p, stream, block: block, history: history)
            #expect(GradientComparison.worst(GradientComparison.tensorwise(grads, expected.grads)) < 1e-10, "block \(j)")
            #expect(abs(result.forward.lossSum - expected.loss) < 1e-10)
            #expect(result.forward.outputCount == Double(k1 * batch))
            #expect(result.diagnostics.stepNorms.count == history + k1)
            for i in 0..<(history + k1) {
                #expect(abs(result.diagnostics.stepNorms[i] - expected.stepNorms[i]) < 1e-10)
                #expect(abs(result.diagnostics.reach[i] - expected.reach[i]) < 1e-10)
            }
        }
    }

    @Test(arguments: EngineKind.allCases)
    func k2CoveringTheStreamEqualsFullBPTT(engine: EngineKind) {
        let p = TestModels.parameters(Self.shape, seed: 63)
        let (k1, batch, blocks) = (4, 3, 4)
        let stream = Stream(steps: k1 * blocks, batch: batch, seed: 64)
        let truncated = TruncatedBPTT<Double>(shape: Self.shape, batch: batch, k2: k1 * blocks)
        var accumulated = RNNParameters<Double>.zeros(shape: Self.shape)
        var loss = 0.0
        for j in 0..<blocks {
            let tokens = stream.slice((j * k1)..<((j + 1) * k1))
            loss += truncated.step(p, blockInputs: tokens.inputs, blockTargets: tokens.targets, engine: engine,
                                   grads: &accumulated).forward.lossSum
        }
        let whole = SequenceWindow(length: stream.steps, batch: batch, inputs: stream.inputs, targets: stream.targets)
        let full = TestModels.gradients(p, whole, engine: .optimized)
        #expect(GradientComparison.worst(GradientComparison.tensorwise(accumulated, full.grads)) < 1e-10)
        #expect(abs(loss - full.forward.lossSum) < 1e-10)
        // And the carried state is the state at the end of the stream.
        let workspace = RNNWorkspace<Double>(shape: Self.shape, maxLength: stream.steps, batch: batch)
        _ = rnnForward(p, whole, initialState: [Double](repeating: 0, count: batch * Self.shape.hidden), workspace: workspace)
        #expect(truncated.hiddenState == workspace.finalState())
    }

    /// Finite differences of the truncated objective itself (each output on its own unroll from the
    /// constant state before its earliest allowed step), including a mask.
    @Test(arguments: EngineKind.allCases)
    func truncatedGradientMatchesFiniteDifferencesOfTheTruncatedObjective(engine: EngineKind) {
        let shape = RNNShape(vocabulary: 7, hidden: 8)
        let p = TestModels.parameters(shape, seed: 65)
        let (k1, k2) = (4, 3)
        let stream = TestModels.window(length: 3 * k1, batch: 1, vocabulary: 7, seed: 66)
        let mask: [Float] = [1, 0.5, 0, 1]
        let truncated = TruncatedBPTT<Double>(shape: shape, batch: 1, k2: k2)
        var grads = RNNParameters<Double>.zeros(shape: shape)
        for j in 0..<3 {
            let range = (j * k1)..<((j + 1) * k1)
            grads.zero()
            _ = truncated.step(p, blockInputs: Array(stream.inputs[range]), blockTargets: Array(stream.targets[range]),
                               blockMask: j == 2 ? mask : nil, engine: engine, grads: &grads)
        }
        // Block 2 covers steps 8..11; its history is steps 5..7; s_4 is the constant.
        let inputs = stream.inputs.map(Int.init)
        let zero = [Double](repeating: 0, count: 8)
        let constants = ReferenceRNN(p).states(inputs, from: zero)
        let outputs = (8..<12).map {
            ReferenceOutput(step: $0, target: Int(stream.targets[$0]), weight: Double(mask[$0 - 8]), earliest: 5)
        }
        let numeric = FiniteDifferences.gradient(of: { probe in
            ReferenceRNN(probe).truncatedObjective(inputs: inputs, initial: zero, constants: constants, outputs: outputs)
        }, at: p)
        let errors = GradientComparison.entrywise(grads, numeric, floor: 1e-5)
        #expect(GradientComparison.worst(errors) < 1e-6, "\(errors)")
    }

    @Test func naiveAndOptimizedTruncatedAgree() {
        let p = TestModels.parameters(Self.shape, seed: 67)
        let stream = Stream(steps: 24, batch: 2, seed: 68)
        let naive = TruncatedBPTT<Double>(shape: Self.shape, batch: 2, k2: 7)
        let optimized = TruncatedBPTT<Double>(shape: Self.shape, batch: 2, k2: 7)
        for start in stride(from: 0, to: 24, by: 5) {
            let tokens = stream.slice(start..<min(start + 5, 24))   // the last block is shorter
            var a = RNNParameters<Double>.zeros(shape: Self.shape), b = a
            let ra = naive.step(p, blockInputs: tokens.inputs, blockTargets: tokens.targets, engine: .naive,
                                options: BackwardOptions(computeStepNorms: true, computeReach: true), grads: &a)
            let rb = optimized.step(p, blockInputs: tokens.inputs, blockTargets: tokens.targets, engine: .optimized,
                                    options: BackwardOptions(computeStepNorms: true, computeReach: true), grads: &b)
            #expect(GradientComparison.worst(GradientComparison.tensorwise(a, b)) < 1e-10)
            #expect(ra.historyLength == rb.historyLength)
            for (x, y) in zip(ra.diagnostics.stepNorms + ra.diagnostics.reach, rb.diagnostics.stepNorms + rb.diagnostics.reach) {
                #expect(abs(x - y) < 1e-10)
            }
        }
    }

    /// Changing k1/k2 mid-stream: the history is cut to the new k2 at once and grows back block by
    /// block; each block still matches the brute-force graph with that history.
    @Test func setTruncationCutsAndRegrowsTheHistory() {
        let p = TestModels.parameters(Self.shape, seed: 69)
        let stream = Stream(steps: 30, batch: 1, seed: 70)
        let truncated = TruncatedBPTT<Double>(shape: Self.shape, batch: 1, k2: 4)
        // (k1, k2) before each block; expected history per block by the definition.
        let plan: [(k1: Int, k2: Int)] = [(3, 4), (3, 4), (3, 4), (2, 1), (2, 1), (4, 6), (4, 6), (4, 6)]
        var position = 0
        var kept = 0
        for (k1, k2) in plan {
            // k1 is read from the block; only the history cap is the engine's.
            if k2 != truncated.k2 { truncated.setHistoryCap(k2) }
            let history = min(k2, kept)
            #expect(truncated.historyLength == history)
            let block = position..<(position + k1)
            let tokens = stream.slice(block)
            var grads = RNNParameters<Double>.zeros(shape: Self.shape)
            let result = truncated.step(p, blockInputs: tokens.inputs, blockTargets: tokens.targets, engine: .optimized,
                                        grads: &grads)
            #expect(result.historyLength == history)
            let expected = Self.reference(p, stream, block: block, history: history)
            #expect(GradientComparison.worst(GradientComparison.tensorwise(grads, expected.grads)) < 1e-10, "block at \(position)")
            kept = min(k2, history + k1)
            position += k1
        }
    }

    @Test func historyRoundTripsThroughRestore() throws {
        let p = TestModels.parameters(Self.shape, seed: 71)
        let stream = Stream(steps: 12, batch: 2, seed: 72)
        let original = TruncatedBPTT<Double>(shape: Self.shape, batch: 2, k2: 4)
        var scratch = RNNParameters<Double>.zeros(shape: Self.shape)
        for start in [0, 3, 6] {
            let tokens = stream.slice(start..<(start + 3))
            _ = original.step(p, blockInputs: tokens.inputs, blockTargets: tokens.targets, engine: .optimized, grads: &scratch)
        }
        let saved = original.history
        #expect(saved.length == 4)
        #expect(saved.states.count == 5 * 2 * Self.shape.hidden)
        let copy = TruncatedBPTT<Double>(shape: Self.shape, batch: 2, k2: 4)
        try copy.restore(history: saved)
        #expect(copy.hiddenState == original.hiddenState)
        let tokens = stream.slice(9..<12)
        var a = RNNParameters<Double>.zeros(shape: Self.shape), b = a
        let ra = original.step(p, blockInputs: tokens.inputs, blockTargets: tokens.targets, engine: .optimized, grads: &a)
        let rb = copy.step(p, blockInputs: tokens.inputs, blockTargets: tokens.targets, engine: .optimized, grads: &b)
        #expect(a == b)
        #expect(ra.forward == rb.forward)
        #expect(ra.diagnostics == rb.diagnostics)
    }

    @Test func restoreRejectsHistoriesThatDoNotFit() {
        let truncated = TruncatedBPTT<Double>(shape: Self.shape, batch: 2, k2: 2)
        let width = 2 * Self.shape.hidden
        func message(_ history: TruncatedHistory<Double>) -> String? {
            do { try truncated.restore(history: history); return nil } catch { return "\(error)" }
        }
        #expect(message(TruncatedHistory(length: 3, inputs: [Int32](repeating: 0, count: 6),
                                         states: [Double](repeating: 0, count: 4 * width)))?.contains("k2") == true)
        #expect(message(TruncatedHistory(length: 1, inputs: [0], states: [Double](repeating: 0, count: 2 * width)))?
            .contains("inputs has 1 tokens") == true)
        #expect(message(TruncatedHistory(length: 1, inputs: [0, 9], states: [Double](repeating: 0, count: 2 * width)))?
            .contains("outside the vocabulary") == true)
        #expect(message(TruncatedHistory(length: 1, inputs: [0, 1], states: [Double](repeating: 0, count: width)))?
            .contains("states has") == true)
        #expect(message(TruncatedHistory(length: 0, inputs: [], states: [Double](repeating: .nan, count: width)))?
            .contains("not finite") == true)
        #expect(truncated.historyLength == 0)
        #expect(truncated.hiddenState.allSatisfy { $0 == 0 })
    }

    @Test func resetAndHiddenStateDropTheHistory() {
        let p = TestModels.parameters(Self.shape, seed: 73)
        let stream = Stream(steps: 6, batch: 1, seed: 74)
        let truncated = TruncatedBPTT<Double>(shape: Self.shape, batch: 1, k2: 3)
        var scratch = RNNParameters<Double>.zeros(shape: Self.shape)
        let tokens = stream.slice(0..<3)
        _ = truncated.step(p, blockInputs: tokens.inputs, blockTargets: tokens.targets, engine: .naive, grads: &scratch)
        #expect(truncated.historyLength == 3)
        #expect(truncated.hiddenState.contains { $0 != 0 })
        let carried = truncated.hiddenState
        truncated.hiddenState = carried
        #expect(truncated.historyLength == 0)
        #expect(truncated.hiddenState == carried)
        truncated.reset()
        #expect(truncated.historyLength == 0)
        #expect(truncated.hiddenState.allSatisfy { $0 == 0 })
        #expect(throws: LabError.self) { try Truncation.blocks(k1: 0, k2: 1).validate() }
        #expect(throws: LabError.self) { try Truncation.blocks(k1: 1, k2: -1).validate() }
    }
}

/// `Truncation.outputsReaching` against the engine itself: in a block after a full history, output τ
/// alone (every other output masked out) leaves a non-zero error on exactly the steps it reaches.
struct TruncationReachTests {
    @Test(arguments: [(4, 0), (4, 3), (6, 2), (1, 5)])
    func outputsReachingCountsWhatTheEngineReaches(k1: Int, k2: Int) {
        let shape = RNNShape(vocabulary: 6, hidden: 5)
        let p = TestModels.parameters(shape, seed: 3, recurrentScale: 1)
        let tokens = TestModels.window(length: 3 * k1 + k2 + 1, batch: 1, vocabulary: 6, seed: 9)
        var reachOf: [Int] = []
        for tau in 0..<k1 {
            let engine = TruncatedBPTT<Double>(shape: shape, batch: 1, k2: k2)
            var grads = RNNParameters<Double>.zeros(shape: shape)
            var start = 0
            while engine.historyLength < k2 || start == 0 {   // fill the kept history first
                _ = engine.step(p, blockInputs: Array(tokens.inputs[start..<(start + k1)]),
                                blockTargets: Array(tokens.targets[start..<(start + k1)]), engine: .optimized, grads: &grads)
                start += k1
            }
            let mask = (0..<k1).map { Float($0 == tau ? 1 : 0) }
            let result = engine.step(p, blockInputs: Array(tokens.inputs[start..<(start + k1)]),
                                     blockTargets: Array(tokens.targets[start..<(start + k1)]), blockMask: mask,
                                     engine: .optimized, grads: &grads)
            #expect(result.historyLength == k2)
            reachOf.append(result.diagnostics.stepNorms.filter { $0 > 0 }.count)
        }
        #expect(reachOf.last == Truncation.blocks(k1: k1, k2: k2).reach)
        for distance in 1...(k1 + k2 + 2) {
            #expect(Truncation.blocks(k1: k1, k2: k2).outputsReaching(distance) == reachOf.filter { $0 >= distance }.count,
                    "k1 \(k1) k2 \(k2) distance \(distance): reaches \(reachOf)")
        }
        #expect(Truncation.off.outputsReaching(50) == nil)
    }
}
