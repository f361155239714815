import Foundation
import Testing
import BPTTNumerics
@testable import BPTTTraining

/// The trainer on several worker threads: the same gradients as on one (to float rounding), in stream
/// and sentence mode, and bit-identical runs for a given thread count.
@Suite struct TrainerThreadsTests {
    static func settings(threads: Int, truncation: Truncation) -> TrainingConfig {
        var c = Fixtures.settings(batch: 7)
        c.threads = threads
        c.truncation = truncation
        return c
    }

    static func worstRelative(_ a: RNNParameters<Float>, _ b: RNNParameters<Float>) -> Double {
        var worst = 0.0
        a.forEachTensor { name, values in
            let other = b[tensor: name]
            let scale = other.map { Double(abs($0)) }.max() ?? 0
            guard scale > 0 else { return }
            for (x, y) in zip(values, other) { worst = max(worst, Double(abs(x - y)) / scale) }
        }
        return worst
    }

    @Test(arguments: [Truncation.blocks(k1: 5, k2: 3), .off], EngineKind.allCases)
    func twoThreadGradientsEqualOneThread(truncation: Truncation, engine: EngineKind) throws {
        func firstUpdates(threads: Int) throws -> [(loss: Double, grads: RNNParameters<Float>)] {
            var config = Self.settings(threads: threads, truncation: truncation)
            config.engine = engine
            let trainer = try Trainer(corpus: Fixtures.corpus(), config: config)
            trainer.keepsGradients = true
            #expect(trainer.threads == threads)
            // Same weights before each update: compare gradients, not trajectories.
            let start = trainer.params
            return (0..<3).map { _ in
                trainer.params = start
                let loss = trainer.update().loss
                return (loss, trainer.grads)
            }
        }
        let one = try firstUpdates(threads: 1), two = try firstUpdates(threads: 2)
        for (a, b) in zip(two, one) {
            #expect(abs(a.loss - b.loss) < 1e-5)
            #expect(Self.worstRelative(a.grads, b.grads) < 1e-4)
        }
    }

    @Test(arguments: [Truncation.blocks(k1: 5, k2: 3), .off])
    func aGivenThreadCountIsBitIdentical(truncation: Truncation) throws {
        func run() throws -> ([Double], RNNParameters<Float>) {
            let trainer = try Trainer(corpus: Fixtures.corpus(), config: Self.settings(threads: 2, truncation: truncation))
            let losses = (0..<15).map { _ in trainer.update().loss }
            return (losses, trainer.params)
        }
        let a = try run(), b = try run()
        #expect(a.0 == b.0)
        #expect(a.1 == b.1)
    }

    /// A class model's workers split the word softmaxes by classes, the recurrent layer's and class
    /// softmax's products by rows (streams, rows of dW and dclassV), the row passes by rows: each
    /// piece is computed as on one thread, so the gradients and weights are the same bits (the loss
    /// is summed per worker). At B = 16 every split is taken (4 rows or more per share).
    @Test(arguments: [ClassOutputTrainingTests.blocks, .off], [4, 16])
    func aClassModelSplitsItsWorkWithTheSameGradients(truncation: Truncation, batch: Int) throws {
        func run(threads: Int) throws -> (losses: [Double], grads: [RNNParameters<Float>], trainer: Trainer) {
            var config = ClassOutputTrainingTests.config(truncation: truncation)
            config.threads = threads
            config.batch = batch
            let trainer = try ClassOutputTrainingTests.trainer(config)
            trainer.keepsGradients = true
            var losses: [Double] = [], grads: [RNNParameters<Float>] = []
            for _ in 0..<8 {
                losses.append(trainer.update().loss)
                grads.append(trainer.grads)
            }
            return (losses, grads, trainer)
        }
        let one = try run(threads: 1)
        for threads in [2, 3] {
            let other = try run(threads: threads)
            #expect(one.trainer.threads == 1 && other.trainer.threads == threads)
            #expect(other.grads == one.grads, "\(threads) threads")
            #expect(other.trainer.params == one.trainer.params, "\(threads) threads")
            for (a, b) in zip(other.losses, one.losses) { #expect(abs(a - b) <= 1e-12 * abs(b)) }
        }
    }

    /// A class model's evaluation shares its forward passes among the workers as its updates do: the
    /// same loss up to the order of the workers' sums, in stream and sentence mode.
    @Test(arguments: [false, true])
    func aClassModelEvaluatesOnItsWorkerThreads(sentenceMode: Bool) throws {
        var config = ClassOutputTrainingTests.config()
        config.batch = 16
        let trainer = try ClassOutputTrainingTests.trainer(config)
        for _ in 0..<5 { _ = trainer.update() }
        let stream = trainer.corpus.valid
        let losses = [1, 2, 3].map { threads in
            Evaluator.meanLoss(params: trainer.params, stream: stream, sentenceMode: sentenceMode, batch: 16, threads: threads)
        }
        #expect(losses[0].isFinite && losses[0] > 0)
        for loss in losses.dropFirst() { #expect(abs(loss - losses[0]) <= 1e-12 * losses[0], "\(losses)") }
    }

    @Test func automaticThreadsUseTheCoresOnlyWhenTheStepIsWorthSplitting() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var config = TrainingConfig()
        config.threads = 0
        (config.batch, config.hidden) = (16, 64)           // the built-in demo: ~0.5 MFLOP a step
        #expect(config.workerThreads(vocabulary: 20) == 1)
        (config.batch, config.hidden) = (32, 256)          // 6*32*256*320 = 15.7 MFLOP a step
        #expect(config.workerThreads(vocabulary: 64) == min(cores, 7))
        config.threads = 3
        #expect(config.workerThreads(vocabulary: 20) == 3)
        #expect(try Trainer(corpus: Fixtures.corpus(), config: TrainingConfig()).threads == 1)
        // Classes at 10k words (the word-classes preset): 2.9 MFLOP a step at B = 16, split by rows and
        // classes, not shards: the cores. The full softmax at that size: 480 flops per parameter.
        (config.threads, config.batch, config.hidden) = (0, 16, 100)
        config.truncation = .blocks(k1: 10, k2: config.truncation.k2!)
        config.output = .classes
        config.level = .word
        #expect(config.workerThreads(vocabulary: 10_000) == min(cores, 2))
        config.batch = 64
        #expect(config.workerThreads(vocabulary: 10_000) == min(cores, 11))
        config.batch = 4
        #expect(config.workerThreads(vocabulary: 10_000) == 1)
        (config.output, config.batch) = (.full, 16)
        #expect(config.workerThreads(vocabulary: 10_000) == min(cores, 4))
    }
}
