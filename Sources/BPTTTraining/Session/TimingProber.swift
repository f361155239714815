import BPTTNumerics

/// Times naive and optimized back-propagation through time on the current weights at several window
/// lengths, and measures how far apart their gradients are: the data behind the dashboard's cost
/// curves. The output layer (the same work for both) is computed once per window and not timed.
/// Batch 1 (one sequence), so the numbers read as "milliseconds per sequence".
public struct TimingProber {
    public var windowLengths: [Int]
    /// Repetitions per length and engine; the fastest counts (the least disturbed by the other core),
    /// the slowest is kept too, as the probe's spread.
    public var repetitions: Int

    public init(windowLengths: [Int] = [8, 16, 32, 64, 128], repetitions: Int = 2) {
        self.windowLengths = windowLengths.sorted()
        self.repetitions = max(1, repetitions)
    }

    /// `tokens` supplies inputs and targets (at least max(windowLengths) + 1 of them are used, cycling
    /// if there are fewer). Runs on the calling thread, timed by `EngineTimer`'s protocol (as the
    /// bench's table 1), engines in turn within each repetition.
    public func probe(params: RNNParameters<Float>, tokens: [Int32], step: Int) -> TimingProbe {
        let longest = windowLengths.last ?? 1
        let workspace = RNNWorkspace<Float>(shape: params.shape, maxLength: longest, batch: 1)
        var naive: [Double] = [], optimized: [Double] = []
        var naiveSlowest: [Double] = [], optimizedSlowest: [Double] = []
        var difference = 0.0
        for length in windowLengths {
            var timer = EngineTimer(params: params, window: BenchData.window(tokens: tokens, length: length), workspace: workspace)
            var best: [EngineKind: Double] = [:], worst: [EngineKind: Double] = [:]
            for _ in 0..<repetitions {
                for engine in [EngineKind.naive, .optimized] {
                    let ms = timer.timeOnePass(engine) * 1000
                    best[engine] = min(best[engine] ?? .infinity, ms)
                    worst[engine] = max(worst[engine] ?? 0, ms)
                }
            }
            naive.append(best[.naive]!)
            optimized.append(best[.optimized]!)
            naiveSlowest.append(worst[.naive]!)
            optimizedSlowest.append(worst[.optimized]!)
            // dU, dW, db from both engines (dV, dc are the shared output stage's, zero in both here).
            if length == longest {
                difference = TimingProber.maxRelativeDifference(timer.gradients(of: .naive), timer.gradients(of: .optimized))
            }
        }
        return TimingProbe(windowLengths: windowLengths, naiveMilliseconds: naive, optimizedMilliseconds: optimized,
                           maxRelativeGradientDifference: difference, step: step,
                           naiveSlowestMilliseconds: naiveSlowest, optimizedSlowestMilliseconds: optimizedSlowest)
    }

    /// max over tensors of max|a - b| / max|b| (each tensor scaled by its own largest entry).
    public static func maxRelativeDifference(_ a: RNNParameters<Float>, _ b: RNNParameters<Float>) -> Double {
        var worst = 0.0
        for (_, path) in rnnTensorKeyPaths {
            let x = a[keyPath: path], y = b[keyPath: path]
            var scale = 0.0, diff = 0.0
            for i in 0..<min(x.count, y.count) {
                scale = max(scale, abs(Double(y[i])))
                diff = max(diff, abs(Double(x[i]) - Double(y[i])))
            }
            if scale > 0 { worst = max(worst, diff / scale) }
        }
        return worst
    }
}
