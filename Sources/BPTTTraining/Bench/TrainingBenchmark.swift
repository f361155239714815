import BPTTNumerics

/// Full Float32 training steps: zero the gradients, forward + softmax, optimized backward (with the
/// per-step norms the dashboard shows), plain SGD update p -= lr * g. Windows start from a zero state.
/// With `threads` > 1 the B sequences are split across worker threads as training splits them
/// (`ShardedWindowPass`); the update stays on the calling thread. Timed on the wall clock.
public enum TrainingBenchmark {
    /// Floating-point operations of one training step as performed (matrix products and the update;
    /// the elementwise tanh/softmax work is not counted). Windows start from a zero state, so step 0
    /// has no recurrent product and no dW term:
    /// forward 2B(T-1)H^2 (recurrence) + 2BTHV (logits); backward 2BTHV (dY V) + 2BTHV (dV)
    /// + 2B(T-1)H^2 (recurrence) + 2B(T-1)H^2 (dW); update 2 per parameter.
    /// With classes, V per prediction is C + the target class's size (0 for a one-word class, which
    /// has no products): `outputWidth` is its mean over the step's predictions.
    public static func flopsPerStep(batch b: Int, hidden h: Int, vocabulary v: Int, length t: Int,
                                    classes: WordClasses? = nil, outputWidth: Double? = nil) -> Double {
        let (B, H, V, T) = (Double(b), Double(h), Double(v), Double(t))
        let parameters = Double(RNNShape(vocabulary: v, hidden: h, classes: classes).parameterCount)
        return 3 * 2 * B * (T - 1) * H * H + 3 * 2 * B * T * H * (outputWidth ?? V) + 2 * parameters
    }

    public static func measure(_ size: BenchPlan.TrainingSize, threads: Int = 1, runs: Int,
                               seconds: Double) -> TrainingThroughput {
        let (batch, hidden, vocabulary, length) = (size.batch, size.hidden, size.vocabulary, size.length)
        let classes = size.classes.map { WordClasses(counts: BenchData.zipfCounts(vocabulary: vocabulary), classes: $0) }
        let shape = RNNShape(vocabulary: vocabulary, hidden: hidden, classes: classes)
        var p = RNNParameters<Float>(shape: shape, seed: 3)
        var grads = RNNParameters<Float>.zeros(shape: shape)
        let windows = (0..<4).map {
            size.zipf ? BenchData.zipfWindow(length: length, batch: batch, vocabulary: vocabulary, seed: 10 + UInt64($0))
                : BenchData.window(length: length, batch: batch, vocabulary: vocabulary, seed: 10 + UInt64($0))
        }
        let pass = ShardedWindowPass<Float>(shape: shape, batch: batch, maxLength: length, threads: threads)
        let zeroState = [Float](repeating: 0, count: batch * hidden)
        var next = 0
        let seconds = NumericsEnvironment.withFlushToZero {
            Stopwatch.bestSeconds(runs: runs, seconds: seconds, clock: .wall) {
                let window = windows[next % windows.count]
                next += 1
                grads.zero()
                _ = pass.run(p, window, initialState: zeroState, engine: .optimized, options: BackwardOptions(), grads: &grads)
                sgdUpdate(&p, grads, learningRate: 0.01 / Float(batch * length))
            }
        }
        let tokens = Double(batch * length)
        let width = classes.map { classes in
            windows.map { classOutputWidth($0.targets, classes: classes) }.reduce(0, +) / Double(windows.count)
        }
        let flops = flopsPerStep(batch: batch, hidden: hidden, vocabulary: vocabulary, length: length,
                                 classes: classes, outputWidth: width)
        return TrainingThroughput(batch: batch, hidden: hidden, vocabulary: vocabulary, length: length,
                                  threads: pass.threads, tokensPerSecond: tokens / seconds, gflops: flops / seconds / 1e9,
                                  zipf: size.zipf ? true : nil, classes: classes?.count)
    }

    /// Mean over predictions of C + |class(target)| (0 for a one-word class): the class layer's width.
    static func classOutputWidth(_ targets: [Int32], classes: WordClasses) -> Double {
        let words = targets.reduce(0) { total, target in
            let size = classes.size(of: Int(classes.classOf[Int(target)]))
            return total + (size > 1 ? size : 0)
        }
        return Double(classes.count) + Double(words) / Double(targets.count)
    }

    /// p -= lr * g on every tensor (the bench's own update; the optimizers live elsewhere).
    static func sgdUpdate(_ p: inout RNNParameters<Float>, _ g: RNNParameters<Float>, learningRate: Float) {
        p.withTensors { name, values in
            let gradient = g[tensor: name]
            values.withUnsafeMutableBufferPointer { target in
                gradient.withUnsafeBufferPointer { source in
                    Float.axpy(count: target.count, alpha: -learningRate, x: source.baseAddress!, y: target.baseAddress!)
                }
            }
        }
    }
}
