import Foundation
import Testing
import BPTTNumerics
@testable import BPTTTraining

/// `sparse_updates`: an update visits only the rows its gradient touches. Against the dense path on a
/// small word language (27 words, so a block of 2 streams x 3 steps leaves most rows untouched): the
/// same gradients bit for bit, the same weights for SGD and Adagrad, lazy Adam's untouched rows left
/// alone, SGD's lazy L2 equal to the dense decay, and the divergence guard restoring the same weights.
@Suite struct SparseUpdateTests {
    static func config(_ optimizer: OptimizerKind, output: TrainingConfig.OutputLayer, truncation: Truncation,
                       threads: Int, sparse: Bool) -> TrainingConfig {
        var c = ClassOutputTrainingTests.config(output: output, truncation: truncation)
        c.batch = 2
        c.threads = threads
        c.optimizer = optimizer
        c.learningRate = optimizer == .sgd ? 0.2 : 0.01
        c.l2 = 0
        c.clipNorm = 0.5 // so some updates are rescaled
        c.sparseUpdates = sparse ? .on : .off
        return c
    }

    /// Losses, the gradient of every update, and the final weights and optimizer.
    static func run(_ config: TrainingConfig, updates: Int, keepingGradients: Bool = true) throws
        -> (losses: [Double], grads: [RNNParameters<Float>], trainer: Trainer) {
        let trainer = try ClassOutputTrainingTests.trainer(config)
        trainer.keepsGradients = keepingGradients
        var losses: [Double] = [], grads: [RNNParameters<Float>] = []
        for _ in 0..<updates {
            losses.append(trainer.update().loss)
            grads.append(trainer.grads)
        }
        return (losses, grads, trainer)
    }

    static let blocks = Truncation.blocks(k1: 3, k2: 2)
    static let cases: [(TrainingConfig.OutputLayer, Truncation, Int)] = [
        (.classes, blocks, 1), (.classes, .off, 1), (.full, blocks, 1), (.classes, blocks, 2), (.classes, .off, 2),
    ]

    @Test(arguments: [OptimizerKind.sgd, .adagrad])
    func sgdAndAdagradGiveTheDenseBits(optimizer: OptimizerKind) throws {
        for (output, truncation, threads) in Self.cases {
            let what = "\(optimizer) \(output) \(truncation) threads \(threads)"
            let dense = try Self.run(Self.config(optimizer, output: output, truncation: truncation, threads: threads, sparse: false), updates: 12)
            let sparse = try Self.run(Self.config(optimizer, output: output, truncation: truncation, threads: threads, sparse: true), updates: 12)
            #expect(sparse.trainer.rowsBuilder != nil && dense.trainer.rowsBuilder == nil)
            #expect(sparse.losses == dense.losses, "\(what)")
            #expect(sparse.grads == dense.grads, "\(what)")
            #expect(sparse.trainer.params == dense.trainer.params, "\(what)")
            #expect(sparse.trainer.optimizer == dense.trainer.optimizer, "\(what)")
        }
    }

    /// The optimizer zeroes the gradient as it reads it (`keepsGradients` off, as `train` runs), so the
    /// next update skips its zeroing pass: the same losses, weights and optimizer state as keeping the
    /// gradient and zeroing it, for every optimizer, output, truncation and thread count, also around
    /// a refused update (its gradient is not applied, so the next update zeroes it).
    @Test(arguments: OptimizerKind.allCases)
    func clearingTheGradientInTheStepTrainsTheSame(optimizer: OptimizerKind) throws {
        for (output, truncation, threads) in Self.cases {
            for sparse in [true, false] {
                let what = "\(optimizer) \(output) \(truncation) threads \(threads) sparse \(sparse)"
                func run(keeping: Bool) throws -> (losses: [Double], trainer: Trainer) {
                    let config = Self.config(optimizer, output: output, truncation: truncation, threads: threads, sparse: sparse)
                    let trainer = try ClassOutputTrainingTests.trainer(config)
                    trainer.keepsGradients = keeping
                    var losses: [Double] = []
                    for update in 0..<10 {
                        if update == 6 { trainer.weights.W[0] = .nan } // refused: the weights of step 5 come back
                        let result = trainer.update()
                        #expect((result.divergence != nil) == (update == 6), "\(what) update \(update)")
                        losses.append(result.loss)
                        if !keeping && result.divergence == nil {
                            #expect(trainer.grads == .zeros(shape: trainer.shape), "\(what): the step cleared the gradient")
                        }
                    }
                    return (losses, trainer)
                }
                let kept = try run(keeping: true), cleared = try run(keeping: false)
                #expect(cleared.losses.count == kept.losses.count)
                for (a, b) in zip(cleared.losses, kept.losses) { #expect(a == b || (a.isNaN && b.isNaN), "\(what)") }
                #expect(cleared.trainer.params == kept.trainer.params, "\(what)")
                #expect(cleared.trainer.optimizer == kept.trainer.optimizer, "\(what)")
            }
        }
    }

    @Test func theSparseRowsAreAStrictSubsetHere() throws {
        let trainer = try ClassOutputTrainingTests.trainer(Self.config(.sgd, output: .classes, truncation: Self.blocks, threads: 1, sparse: true))
        trainer.keepsGradients = true
        _ = trainer.update()
        let (input, output) = trainer.lastRows.rowCounts
        #expect(input > 0 && input < trainer.shape.vocabulary)
        #expect(output > 0 && output < trainer.shape.vocabulary)
        // Every nonzero gradient row is listed.
        let h = trainer.shape.hidden
        for row in 0..<trainer.shape.vocabulary where trainer.grads.U[row * h..<(row + 1) * h].contains(where: { $0 != 0 }) {
            #expect(trainer.lastRows.input.contains { $0.contains(row) }, "U row \(row)")
        }
        for slot in 0..<trainer.shape.vocabulary where trainer.grads.V[slot * h..<(slot + 1) * h].contains(where: { $0 != 0 }) {
            #expect(trainer.lastRows.output.contains { $0.contains(slot) }, "V row \(slot)")
        }
    }

    @Test(arguments: [1, 2])
    func adamIsLazyAndEqualsDenseOnItsFirstUpdate(threads: Int) throws {
        let dense = try Self.run(Self.config(.adam, output: .classes, truncation: Self.blocks, threads: threads, sparse: false), updates: 1)
        let sparse = try Self.run(Self.config(.adam, output: .classes, truncation: Self.blocks, threads: threads, sparse: true), updates: 1)
        // Zero moments: an untouched row does not move in dense Adam either.
        #expect(sparse.grads == dense.grads && sparse.trainer.params == dense.trainer.params)
        // Later, a row the update does not touch keeps its weights and moments (dense Adam would move them).
        let trainer = sparse.trainer
        let h = trainer.shape.hidden
        var checked = 0
        for _ in 0..<20 {
            let before = (trainer.params, trainer.optimizer)
            _ = trainer.update()
            for row in 0..<trainer.shape.vocabulary where !trainer.lastRows.input.contains(where: { $0.contains(row) }) {
                let slice = row * h..<(row + 1) * h
                #expect(trainer.params.U[slice] == before.0.U[slice])
                #expect(trainer.optimizer.firstMoment.U[slice] == before.1.firstMoment.U[slice])
                #expect(trainer.optimizer.secondMoment.U[slice] == before.1.secondMoment.U[slice])
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    @Test func sgdLazyWeightDecayEqualsTheDenseDecay() throws {
        func run(sparse: Bool) throws -> Trainer {
            var config = Self.config(.sgd, output: .classes, truncation: Self.blocks, threads: 1, sparse: sparse)
            config.l2 = 0.05
            return try Self.run(config, updates: 30).trainer
        }
        let dense = try run(sparse: false), sparse = try run(sparse: true)
        #expect(sparse.lazyDecay != nil && dense.lazyDecay == nil)
        // Rounded once instead of once an update: equal to float precision, and clearly decayed.
        #expect(TrainerThreadsTests.worstRelative(sparse.params, dense.params) < 1e-5)
        var noDecay = Self.config(.sgd, output: .classes, truncation: Self.blocks, threads: 1, sparse: true)
        noDecay.l2 = 0
        let undecayed = try Self.run(noDecay, updates: 30).trainer
        #expect(TrainerThreadsTests.worstRelative(undecayed.params, dense.params) > 1e-3)
    }

    @Test(arguments: [true, false])
    func theGuardRestoresTheLastSaneWeights(sparse: Bool) throws {
        let config = Self.config(.sgd, output: .classes, truncation: Self.blocks, threads: 1, sparse: sparse)
        let trainer = try ClassOutputTrainingTests.trainer(config)
        for _ in 0..<5 { _ = trainer.update() }
        let good = trainer.params
        // Update 6 starts from sane weights (the guard takes them); then, as if it had blown them up,
        // rows it changed turn non-finite (written behind the trainer's back, in its storage): the
        // next update's loss is not finite and the weights update 6 started from must come back.
        _ = trainer.update()
        let h = trainer.shape.hidden
        let inputRow = try #require(trainer.lastRows.input.first?.lowerBound)
        let outputRow = try #require(trainer.lastRows.output.last?.lowerBound)
        trainer.weights.W[0] = .infinity
        trainer.weights.U[inputRow * h] = .nan
        trainer.weights.V[outputRow * h] = .infinity
        let message = try #require(trainer.update().divergence)
        #expect(message.contains("step 7") && message.contains("the weights of step 5 are kept"), "\(message)")
        #expect(trainer.params == good)
        #expect(trainer.step == 5, "the step counter names the kept weights' step")
        // Undoing twice is harmless: a second refused update keeps the same weights.
        trainer.weights.W[1] = .nan
        #expect(trainer.update().divergence != nil)
        #expect(trainer.params == good)
    }

    /// Weights replaced as a whole (as `params` is set) after a sane update: if the new ones blow
    /// up, the guard returns to the last weights that had a sane loss, not to the replacement.
    @Test(arguments: [true, false])
    func theGuardSurvivesAWholeReplacement(sparse: Bool) throws {
        let config = Self.config(.adam, output: .classes, truncation: Self.blocks, threads: 1, sparse: sparse)
        let trainer = try ClassOutputTrainingTests.trainer(config)
        for _ in 0..<5 { _ = trainer.update() }
        let good = trainer.params
        _ = trainer.update()
        #expect(trainer.params != good)
        var broken = trainer.params
        broken.W[0] = .nan
        broken.U[1] += 0.5
        trainer.params = broken
        let message = try #require(trainer.update().divergence)
        #expect(message.contains("the weights of step 5 are kept"), "\(message)")
        #expect(trainer.params == good)
        // Training goes on from there, and a later divergence undoes only the last update.
        _ = trainer.update()
        let sane = trainer.params
        _ = trainer.update()
        trainer.weights.W[0] = .nan
        #expect(trainer.update().divergence != nil)
        #expect(trainer.params == sane)
    }
}
