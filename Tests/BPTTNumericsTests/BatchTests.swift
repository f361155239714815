import Testing
@testable import BPTTNumerics

/// A batch of B sequences gives the SUM of the single-sequence gradients and losses, and the MEAN
/// of their step norms and reach profiles.
struct BatchTests {
    @Test(arguments: EngineKind.allCases)
    func batchGradientIsTheSumOfSequenceGradients(engine: EngineKind) {
        let shape = RNNShape(vocabulary: 8, hidden: 9)
        let batch = 4
        let p = TestModels.parameters(shape, seed: 51)
        let w = TestModels.window(length: 11, batch: batch, vocabulary: 8, seed: 52, masked: true, firstOutput: 2)
        let initial = TestModels.randomState(count: batch * shape.hidden, seed: 53)
        let together = TestModels.gradients(p, w, engine: engine, initialState: initial)

        var sum = RNNParameters<Double>.zeros(shape: shape)
        var loss = ForwardResult(lossSum: 0, outputCount: 0)
        var stepNorms = [Double](repeating: 0, count: w.length)
        var reach = [Double](repeating: 0, count: w.length)
        for b in 0..<batch {
            let single = TestModels.sequence(b, of: w)
            let start = Array(initial[(b * shape.hidden)..<((b + 1) * shape.hidden)])
            let result = TestModels.gradients(p, single, engine: engine, initialState: start)
            sum.withTensors { name, values in
                for (i, x) in result.grads[tensor: name].enumerated() { values[i] += x }
            }
            loss = loss + result.forward
            for t in 0..<w.length {
                stepNorms[t] += result.diagnostics.stepNorms[t] / Double(batch)
                reach[t] += result.diagnostics.reach[t] / Double(batch)
            }
        }
        #expect(GradientComparison.worst(GradientComparison.tensorwise(together.grads, sum)) <= 1e-12)
        #expect(abs(together.forward.lossSum - loss.lossSum) <= 1e-12 * loss.lossSum)
        #expect(together.forward.outputCount == loss.outputCount)
        for t in 0..<w.length {
            #expect(abs(together.diagnostics.stepNorms[t] - stepNorms[t]) <= 1e-12 * max(1, stepNorms[t]))
            #expect(abs(together.diagnostics.reach[t] - reach[t]) <= 1e-12 * max(1, reach[t]))
        }
    }
}
