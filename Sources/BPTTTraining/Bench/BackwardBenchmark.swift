import BPTTNumerics

/// Backward time per sequence on random Float32 weights and tokens (table 1), by `EngineTimer`'s
/// protocol: the through-time stage — the part the naive and optimized algorithms compute, from the
/// output errors to dU, dW, db — per engine; the output layer's stage, shared by both, timed apart.
public enum BackwardBenchmark {
    public struct Timing: Sendable, Equatable {
        /// Seconds of `rnnBackwardThroughTime` per engine.
        public var naive: Double
        public var optimized: Double
        /// Seconds of `rnnOutputBackward` (shared by both; the full backward is this plus an engine's).
        public var outputLayer: Double
    }

    public static func measure(hidden: Int, length: Int, vocabulary: Int, runs: Int, seconds: Double) -> Timing {
        let shape = RNNShape(vocabulary: vocabulary, hidden: hidden)
        let p = RNNParameters<Float>(shape: shape, seed: 1)
        let window = BenchData.window(length: length, batch: 1, vocabulary: vocabulary, seed: 2)
        let workspace = RNNWorkspace<Float>(shape: shape, maxLength: length, batch: 1)
        return NumericsEnvironment.withFlushToZero {
            var timer = EngineTimer(params: p, window: window, workspace: workspace)
            var grads = RNNParameters<Float>.zeros(shape: shape)
            let output = Stopwatch.bestSeconds(runs: runs, seconds: seconds / 4) {
                rnnOutputBackward(p, window, workspace: workspace, grads: &grads)
            }
            let naive = timer.bestSeconds(.naive, runs: runs, seconds: seconds)
            let optimized = timer.bestSeconds(.optimized, runs: runs, seconds: seconds)
            return Timing(naive: naive, optimized: optimized, outputLayer: output)
        }
    }
}
