import BPTTNumerics

/// Backward time per sequence on random Float32 weights and tokens. The forward pass and the output
/// layer's backward stage (the same for both engines) run once; then the through-time stage — the part
/// the seed's two algorithms compute, from the output errors to dU, dW, db — is timed per engine,
/// without the optional diagnostics, so both engines do exactly the gradient work.
public enum BackwardBenchmark {
    public struct Timing: Sendable, Equatable {
        /// Seconds of `rnnBackwardThroughTime` per engine.
        public var naive: Double
        public var optimized: Double
        /// Seconds of `rnnOutputBackward` (shared by both; the full backward is this plus an engine's).
        public var outputLayer: Double
    }

    public static func measure(hidden: Int, length: Int, vocabulary: Int, batch: Int = 1,
                               runs: Int, seconds: Double) -> Timing {
        let shape = RNNShape(vocabulary: vocabulary, hidden: hidden)
        let p = RNNParameters<Float>(shape: shape, seed: 1)
        let window = BenchData.window(length: length, batch: batch, vocabulary: vocabulary, seed: 2)
        let workspace = RNNWorkspace<Float>(shape: shape, maxLength: length, batch: batch)
        var grads = RNNParameters<Float>.zeros(shape: shape)
        let options = BackwardOptions(computeStepNorms: false, computeReach: false)
        return NumericsEnvironment.withFlushToZero {
            _ = rnnForward(p, window, initialState: [Float](repeating: 0, count: batch * hidden), workspace: workspace)
            let output = Stopwatch.bestSeconds(runs: runs, seconds: seconds / 4) {
                rnnOutputBackward(p, window, workspace: workspace, grads: &grads)
            }
            func time(_ engine: EngineKind) -> Double {
                Stopwatch.bestSeconds(runs: runs, seconds: seconds) {
                    _ = rnnBackwardThroughTime(p, window, workspace: workspace, engine: engine, options: options, grads: &grads)
                }
            }
            return Timing(naive: time(.naive), optimized: time(.optimized), outputLayer: output)
        }
    }
}

enum BenchData {
    static func window(length: Int, batch: Int, vocabulary: Int, seed: UInt64) -> SequenceWindow {
        var generator = SeededGenerator(seed: seed)
        let tokens = (0..<(length * batch)).map { _ in Int32(generator.next() % UInt64(vocabulary)) }
        let targets = (0..<(length * batch)).map { _ in Int32(generator.next() % UInt64(vocabulary)) }
        return SequenceWindow(length: length, batch: batch, inputs: tokens, targets: targets)
    }
}
