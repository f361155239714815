import Testing
@testable import BPTTNumerics
@testable import BPTTTraining

/// The clipping norm copies the V rows' sums of squares the class output layer took as it made the
/// gradient (`OutputRowSums`) instead of reading those rows again: the same clip reports, weights
/// and optimizer state, bit for bit, as summing them in the clipping pass; sparse and dense, SGD and
/// Adam, stream blocks and sentences, 1 and 2 threads.
@Suite struct OutputRowSumsTests {
    @Test(arguments: [OptimizerKind.sgd, .adam], [false, true])
    func theLayersRowSumsGiveTheSameUpdates(optimizer: OptimizerKind, sparse: Bool) throws {
        for (truncation, threads) in [(SparseUpdateTests.blocks, 1), (SparseUpdateTests.blocks, 2), (.off, 1), (.off, 2)] {
            let config = SparseUpdateTests.config(optimizer, output: .classes, truncation: truncation,
                                                  threads: threads, sparse: sparse)
            let taken = try ClassOutputTrainingTests.trainer(config)
            let summed = try ClassOutputTrainingTests.trainer(config)
            summed.useOutputRowSums = false
            var copiedRows = 0, rescaled = 0
            for _ in 0..<12 {
                let a = taken.update(), b = summed.update()
                #expect(a.clip == b.clip, "\(optimizer) sparse \(sparse) \(truncation) threads \(threads)")
                if a.clip.rescaled { rescaled += 1 }
                let sums = try #require(truncation == .off ? taken.sentencePassFor().outputRowSums : taken.truncated.outputRowSums)
                copiedRows += (0..<taken.shape.vocabulary).filter { sums.sum(ofSlot: $0) != nil }.count
            }
            #expect(taken.params == summed.params && taken.optimizer == summed.optimizer)
            // The check means something: the layer's sums were there, and the clip acted.
            #expect(copiedRows > 0 && rescaled > 0)
        }
    }
}
