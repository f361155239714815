import Foundation
import Testing
@testable import BPTTNumerics

/// Both cores: the B streams split across worker threads give the 1-thread gradients (to float
/// rounding), identical results for a given thread count, and FTZ/DAZ on every worker.
struct ParallelBPTTTests {
    static let shape = RNNShape(vocabulary: 6, hidden: 5)

    @Test func shardsAreContiguousAndNearlyEqual() {
        #expect(StreamShards(batch: 5, threads: 2).ranges == [0..<3, 3..<5])
        #expect(StreamShards(batch: 32, threads: 2).ranges == [0..<16, 16..<32])
        #expect(StreamShards(batch: 2, threads: 4).ranges == [0..<1, 1..<2])
        #expect(StreamShards(batch: 7, threads: 1).ranges == [0..<7])
        let shards = StreamShards(batch: 5, threads: 3)
        let values = (0..<(4 * 5 * 2)).map { $0 }          // 4 steps x 5 sequences x width 2
        let parts = (0..<shards.count).map { shards.gather(values, shard: $0, width: 2) }
        #expect(parts[1] == [4, 5, 6, 7, 14, 15, 16, 17, 24, 25, 26, 27, 34, 35, 36, 37])
        #expect(shards.scatter(parts, width: 2) == values)
    }

    @Test func everyWorkerHasFlushToZeroOn() {
        let lock = NSLock()
        nonisolated(unsafe) var seen: [Int: Bool] = [:]
        WorkerThreads.run(4) { shard in
            let on = NumericsEnvironment.flushToZeroEnabled
            lock.lock(); seen[shard] = on; lock.unlock()
        }
        #expect(seen.count == 4 && seen.values.allSatisfy { $0 })
    }

    static func relativeError(_ a: RNNParameters<Double>, _ b: RNNParameters<Double>) -> Double {
        GradientComparison.worst(GradientComparison.tensorwise(a, b))
    }

    static func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    /// Runs `blocks` truncated updates at `threads`, returning each block's gradients, loss and curves.
    static func truncatedRun(engine: EngineKind, threads: Int, batch: Int = 5, k1: Int = 3, k2: Int = 2, blocks: Int = 4)
        -> [(grads: RNNParameters<Double>, loss: Double, diagnostics: BackwardDiagnostics, state: [Double])] {
        let p = TestModels.parameters(shape, seed: 71)
        let stream = TestModels.window(length: blocks * k1, batch: batch, vocabulary: shape.vocabulary, seed: 72)
        let truncated = ParallelTruncatedBPTT<Double>(shape: shape, batch: batch, k2: k2, threads: threads)
        let options = BackwardOptions(computeStepNorms: true, computeReach: true)
        return (0..<blocks).map { j in
            let range = (j * k1 * batch)..<((j + 1) * k1 * batch)
            var grads = RNNParameters<Double>.zeros(shape: shape)
            let result = truncated.step(p, blockInputs: Array(stream.inputs[range]), blockTargets: Array(stream.targets[range]),
                                        engine: engine, options: options, grads: &grads)
            return (grads, result.forward.lossSum, result.diagnostics, truncated.hiddenState)
        }
    }

    @Test(arguments: EngineKind.allCases)
    func truncatedNThreadGradientsEqualOneThread(engine: EngineKind) {
        let one = Self.truncatedRun(engine: engine, threads: 1)
        for threads in [2, 3, 5] {
            let many = Self.truncatedRun(engine: engine, threads: threads)
            for (j, (a, b)) in zip(many, one).enumerated() {
                #expect(Self.relativeError(a.grads, b.grads) < 1e-12, "threads \(threads) block \(j)")
                #expect(abs(a.loss - b.loss) < 1e-12)
                #expect(Self.close(a.diagnostics.stepNorms, b.diagnostics.stepNorms))
                #expect(Self.close(a.diagnostics.reach, b.diagnostics.reach))
                #expect(Self.close(a.state, b.state))
            }
        }
    }

    @Test(arguments: EngineKind.allCases)
    func truncatedIsBitIdenticalForAGivenThreadCount(engine: EngineKind) {
        func run() -> [[Float]] {
            let shape = RNNShape(vocabulary: 11, hidden: 24)
            let p = RNNParameters<Float>(shape: shape, seed: 5)
            let (batch, k1) = (9, 4)
            let stream = TestModels.window(length: 3 * k1, batch: batch, vocabulary: 11, seed: 6)
            let truncated = ParallelTruncatedBPTT<Float>(shape: shape, batch: batch, k2: 3, threads: 2)
            var out: [[Float]] = []
            for j in 0..<3 {
                let range = (j * k1 * batch)..<((j + 1) * k1 * batch)
                var grads = RNNParameters<Float>.zeros(shape: shape)
                _ = truncated.step(p, blockInputs: Array(stream.inputs[range]), blockTargets: Array(stream.targets[range]),
                                   engine: engine, grads: &grads)
                out.append(grads.U + grads.W + grads.b + grads.V + grads.c)
            }
            return out
        }
        #expect(run() == run())
    }

    /// A checkpoint's full-batch history restores into any thread count and continues the same.
    @Test func historyRoundTripsAcrossThreadCounts() throws {
        let p = TestModels.parameters(Self.shape, seed: 73)
        let (batch, k1, k2) = (5, 3, 2)
        let stream = TestModels.window(length: 2 * k1, batch: batch, vocabulary: Self.shape.vocabulary, seed: 74)
        let first = (inputs: Array(stream.inputs[0..<(k1 * batch)]), targets: Array(stream.targets[0..<(k1 * batch)]))
        let second = (inputs: Array(stream.inputs[(k1 * batch)...]), targets: Array(stream.targets[(k1 * batch)...]))
        let single = TruncatedBPTT<Double>(shape: Self.shape, batch: batch, k2: k2)
        var scratch = RNNParameters<Double>.zeros(shape: Self.shape)
        _ = single.step(p, blockInputs: first.inputs, blockTargets: first.targets, engine: .optimized, grads: &scratch)
        let saved = single.history

        let parallel = ParallelTruncatedBPTT<Double>(shape: Self.shape, batch: batch, k2: k2, threads: 2)
        try parallel.restore(history: saved)
        #expect(parallel.history == saved)
        #expect(parallel.hiddenState == single.hiddenState)
        var expected = RNNParameters<Double>.zeros(shape: Self.shape), got = expected
        _ = single.step(p, blockInputs: second.inputs, blockTargets: second.targets, engine: .optimized, grads: &expected)
        _ = parallel.step(p, blockInputs: second.inputs, blockTargets: second.targets, engine: .optimized, grads: &got)
        #expect(Self.relativeError(got, expected) < 1e-12)

        var bad = saved
        bad.states[0] = .nan
        #expect(throws: LabError.self) { try parallel.restore(history: bad) }
        #expect(parallel.history.length == k2)
    }

    /// Sentence mode's pass: a masked batch of B sequences from a zero state (and from a given state).
    @Test(arguments: EngineKind.allCases)
    func shardedWindowEqualsOnePass(engine: EngineKind) {
        let p = TestModels.parameters(Self.shape, seed: 75)
        let batch = 5
        let window = TestModels.window(length: 7, batch: batch, vocabulary: Self.shape.vocabulary, seed: 76, masked: true)
        let start = TestModels.randomState(count: batch * Self.shape.hidden, seed: 77)
        let options = BackwardOptions(computeStepNorms: true, computeReach: true)
        for initial in [[Double](repeating: 0, count: start.count), start] {
            let one = TestModels.gradients(p, window, engine: engine, initialState: initial, options: options)
            for threads in [1, 2, 3] {
                let pass = ShardedWindowPass<Double>(shape: Self.shape, batch: batch, maxLength: 4, threads: threads)
                var grads = RNNParameters<Double>.zeros(shape: Self.shape)
                let result = pass.run(p, window, initialState: initial, engine: engine, options: options, grads: &grads)
                #expect(Self.relativeError(grads, one.grads) < 1e-12, "threads \(threads)")
                #expect(abs(result.forward.lossSum - one.forward.lossSum) < 1e-12)
                #expect(result.forward.outputCount == one.forward.outputCount)
                #expect(Self.close(result.diagnostics.stepNorms, one.diagnostics.stepNorms))
                #expect(Self.close(result.diagnostics.reach, one.diagnostics.reach))
            }
        }
    }
}
