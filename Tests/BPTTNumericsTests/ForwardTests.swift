import Testing
@testable import BPTTNumerics
import BPTTReference

/// The forward pass, the single-step API and the workspace accessors against the reference RNN.
struct ForwardTests {
    static let shape = RNNShape(vocabulary: 6, hidden: 5)

    @Test(arguments: [false, true])
    func lossAndStatesMatchTheReference(masked: Bool) {
        let p = TestModels.parameters(Self.shape, seed: 81)
        let w = TestModels.window(length: 7, batch: 3, vocabulary: 6, seed: 82, masked: masked, firstOutput: 2)
        let initial = TestModels.randomState(count: 15, seed: 83)
        let workspace = RNNWorkspace<Double>(shape: Self.shape, maxLength: 7, batch: 3)
        let result = rnnForward(p, w, initialState: initial, workspace: workspace)
        let model = ReferenceRNN(p)
        var loss = 0.0, count = 0.0
        for b in 0..<3 {
            let inputs = (0..<7).map { Int(w.inputs[$0 * 3 + b]) }
            let states = model.states(inputs, from: Array(initial[(b * 5)..<((b + 1) * 5)]))
            for t in 0..<7 {
                let engineState = Array(workspace.state(at: t)[(b * 5)..<((b + 1) * 5)])
                for (x, y) in zip(engineState, states[t]) { #expect(abs(x - y) < 1e-12) }
                guard t >= 2 else { continue }
                let weight = Double(w.mask?[t * 3 + b] ?? 1)
                loss += weight * model.loss(states[t], target: Int(w.targets[t * 3 + b]))
                count += weight
                let probabilities = model.probabilities(states[t])
                let engineProbabilities = Array(workspace.probabilities(at: t)[(b * 6)..<((b + 1) * 6)])
                for (x, y) in zip(engineProbabilities, probabilities) { #expect(abs(x - y) < 1e-12) }
            }
        }
        #expect(abs(result.lossSum - loss) < 1e-10)
        #expect(result.outputCount == count)
        #expect(abs(result.meanLoss - loss / count) < 1e-12)
        #expect(workspace.finalState() == workspace.state(at: 6))
        #expect(workspace.state(at: -1) == initial)
    }

    /// rnnStep, step by step, gives the forward pass's states and probabilities (Float and Double).
    @Test func stepByStepEqualsTheForwardPass() {
        let p = TestModels.parameters(Self.shape, seed: 84).converted(to: Float.self)
        let w = TestModels.window(length: 5, batch: 4, vocabulary: 6, seed: 85)
        let workspace = RNNWorkspace<Float>(shape: Self.shape, maxLength: 5, batch: 4)
        _ = rnnForward(p, w, initialState: [Float](repeating: 0, count: 20), workspace: workspace)
        var state = [Float](repeating: 0, count: 20)
        var probabilities: [Float] = []
        for t in 0..<5 {
            rnnStep(p, inputs: Array(w.inputs[(t * 4)..<((t + 1) * 4)]), state: &state, probabilities: &probabilities)
            for (x, y) in zip(state, workspace.state(at: t)) { #expect(abs(x - y) < 1e-6) }
            for (x, y) in zip(probabilities, workspace.probabilities(at: t)) { #expect(abs(x - y) < 1e-6) }
            for b in 0..<4 { #expect(abs(probabilities[(b * 6)..<((b + 1) * 6)].reduce(0, +) - 1) < 1e-5) }
        }
    }

    /// A window longer than the workspace was made for grows it; results equal a right-sized one.
    @Test func workspaceGrowsForLongerWindows() {
        let p = TestModels.parameters(Self.shape, seed: 86)
        let short = TestModels.window(length: 3, batch: 2, vocabulary: 6, seed: 87)
        let long = TestModels.window(length: 11, batch: 2, vocabulary: 6, seed: 88)
        let growing = RNNWorkspace<Double>(shape: Self.shape, maxLength: 3, batch: 2)
        _ = rnnForward(p, short, initialState: [Double](repeating: 0, count: 10), workspace: growing)
        let grown = TestModels.gradients(p, long, engine: .optimized).grads
        let forward = rnnForward(p, long, initialState: [Double](repeating: 0, count: 10), workspace: growing)
        #expect(growing.capacity >= 11)
        var grads = RNNParameters<Double>.zeros(shape: Self.shape)
        _ = rnnBackward(p, long, workspace: growing, engine: .optimized, grads: &grads)
        #expect(grads == grown)
        #expect(forward.outputCount == 22)
    }

    /// A window with no outputs (all history) has zero loss and leaves the gradients at zero.
    @Test func windowWithoutOutputsContributesNothing() {
        let p = TestModels.parameters(Self.shape, seed: 89)
        let w = TestModels.window(length: 4, batch: 1, vocabulary: 6, seed: 90, firstOutput: 4)
        let result = TestModels.gradients(p, w, engine: .naive)
        #expect(result.forward == ForwardResult(lossSum: 0, outputCount: 0))
        #expect(result.grads == RNNParameters<Double>.zeros(shape: Self.shape))
        #expect(result.diagnostics.stepNorms == [0, 0, 0, 0])
        #expect(result.diagnostics.reach == [0, 0, 0, 0])
    }
}
