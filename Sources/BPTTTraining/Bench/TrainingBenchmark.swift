import BPTTNumerics
import BPTTCorpus

/// Table 2: whole training updates as `bptt-lab train` makes them (`Trainer.update`: one timing path
/// for the bench and the command), Float32, on the wall clock. With `threads` > 1 the B streams are
/// split across worker threads as training splits them.
public enum TrainingBenchmark {
    /// Floating-point operations of the matrix products of one update block of T steps (the
    /// elementwise tanh/softmax work and the update are not counted; the state is carried in, so
    /// every step has its recurrent product): forward 2BTH·GH (recurrence) + 2BTHV (logits); backward
    /// 2BTHV (dY V) + 2BTHV (dV) + 2BTH·GH (recurrence) + 2BTH·GH (dW), G the cell's gates (Elman 1,
    /// GRU 3, LSTM 4). With classes, V per prediction is C + the target class's size (0 for a one-word
    /// class, which has no products): `outputWidth` is its mean over the step's predictions.
    public static func flopsPerStep(batch b: Int, hidden h: Int, vocabulary v: Int, length t: Int,
                                    classes: WordClasses? = nil, outputWidth: Double? = nil, gates: Int = 1) -> Double {
        let (B, H, V, T) = (Double(b), Double(h), Double(v), Double(t))
        return 3 * 2 * B * T * H * (Double(gates) * H) + 3 * 2 * B * T * H * (outputWidth ?? V)
    }

    /// The config a standard row trains with: `bptt-lab train`'s defaults at the row's size, in
    /// stream mode with blocks of T steps and no history (k2 = 0, as the windows from a zero state the
    /// row's flop count assumes, apart from the carried state), plain SGD without L2 or the recurrent
    /// cap; word level (sparse updates) for Zipf rows, char level for uniform ones.
    public static func config(for size: BenchPlan.TrainingSize, threads: Int) -> TrainingConfig {
        var config = TrainingConfig()
        config.name = "bench"
        config.level = size.zipf ? .word : .char
        (config.batch, config.hidden) = (size.batch, size.hidden)
        config.cell = size.cell
        config.truncation = .blocks(k1: size.length, k2: 0)
        config.output = size.classes == nil ? .full : .classes
        config.classes = size.classes ?? config.classes
        config.optimizer = .sgd
        config.learningRate = 0.05
        config.l2 = 0
        config.recurrentMaxNorm = 0
        config.threads = threads
        return config
    }

    /// A generated corpus for a standard row: tokens ids by rank, drawn uniformly or with Zipf's law,
    /// long enough that no stream wraps while it is timed.
    static func generatedCorpus(for size: BenchPlan.TrainingSize) -> Corpus {
        let count = max(200_000, size.batch * (size.length + 1) * 2_000)
        let tokens = size.zipf
            ? BenchData.zipfTokens(count: count, vocabulary: size.vocabulary, seed: 10)
            : BenchData.window(length: count, batch: 1, vocabulary: size.vocabulary, seed: 10).inputs
        let vocabulary = Vocabulary(tokens: (0..<size.vocabulary).map { "w\($0)" })
        let stream = TokenStream(tokens: tokens, sentences: [])
        let held = TokenStream(tokens: Array(tokens.prefix(1_000)), sentences: [])
        return Corpus(name: size.zipf ? "zipf" : "unif", source: "generated", level: size.zipf ? .word : .char,
                      vocabulary: vocabulary, train: stream, valid: held, test: held, hasSentences: false)
    }

    /// A standard row: `measure(config:corpus:)` on the generated corpus.
    public static func measure(_ size: BenchPlan.TrainingSize, threads: Int = 1, runs: Int, seconds: Double) throws -> TrainingThroughput {
        let corpus = generatedCorpus(for: size)
        var result = try measure(config: config(for: size, threads: threads), corpus: corpus, runs: runs, seconds: seconds)
        result.zipf = size.zipf ? true : nil
        result.corpus = nil
        return result
    }

    /// Training throughput of a config on a corpus, timed as `bptt-lab train` runs it: the same
    /// `Trainer.update` (batching, forward, backward, clipping, the divergence guard, the optimizer,
    /// L2, the recurrent cap), one after another on the calling thread. After a warm-up of a tenth of
    /// the time (at least 20 updates), the updates of at least `seconds` and `runs` updates are timed
    /// together on the wall clock: tokens/s is their tokens over their time, as train's interval
    /// records count them. Validation, sampling and metrics (a few per cent in train) are not timed.
    public static func measure(config: TrainingConfig, corpus: Corpus, runs: Int, seconds: Double) throws -> TrainingThroughput {
        measure(try Trainer(corpus: corpus, config: config), runs: runs, seconds: seconds)
    }

    /// The same on a trainer already built: it trains on (its step counts every update made here).
    static func measure(_ trainer: Trainer, runs: Int, seconds: Double) -> TrainingThroughput {
        let config = trainer.config, corpus = trainer.corpus
        var updates = 0
        let warmUpEnd = Stopwatch.wallSeconds() + seconds / 10
        while updates < 20 || Stopwatch.wallSeconds() < warmUpEnd {
            _ = trainer.update()
            updates += 1
        }
        var tokens = 0, timed = 0
        let start = Stopwatch.wallSeconds()
        var elapsed = 0.0
        while timed < runs || elapsed < seconds {
            tokens += trainer.update().tokens
            timed += 1
            elapsed = Stopwatch.wallSeconds() - start
        }
        let shape = trainer.shape
        let width = shape.classes.map { classOutputWidth(Array(corpus.train.tokens.prefix(100_000)), classes: $0) }
        // Steps per update: k1, or in sentence mode the mean length of the timed batches' sentences.
        let k1 = config.truncation.k1 ?? max(1, Int((Double(tokens) / Double(max(1, timed * config.batch))).rounded()))
        let flops = flopsPerStep(batch: config.batch, hidden: config.hidden, vocabulary: shape.vocabulary, length: k1,
                                 classes: shape.classes, outputWidth: width, gates: shape.cell.gateCount)
        let stepsPerSecond = Double(timed) / elapsed
        var result = TrainingThroughput(batch: config.batch, hidden: config.hidden, vocabulary: shape.vocabulary, length: k1,
                                        threads: trainer.threads, tokensPerSecond: Double(tokens) / elapsed,
                                        gflops: flops * stepsPerSecond / 1e9, classes: shape.classes?.count)
        result.cell = shape.cell == .elman ? nil : shape.cell
        result.corpus = corpus.name
        result.updates = trainer.step
        return result
    }

    /// Mean over predictions of C + |class(target)| (0 for a one-word class): the class layer's width.
    static func classOutputWidth(_ targets: [Int32], classes: WordClasses) -> Double {
        let words = targets.reduce(0) { total, target in
            let size = classes.size(of: Int(classes.classOf[Int(target)]))
            return total + (size > 1 ? size : 0)
        }
        return Double(classes.count) + Double(words) / Double(targets.count)
    }
}
