import Foundation
import Testing
import BPTTNumerics
@testable import BPTTTraining

/// Issue 24 (15) (18): a checkpoint's numbers are checked before use; a resume cannot change what
/// the checkpoint fixes.
@Suite struct CheckpointLimitsTests {
    private func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }

    @Test func countersMustBeWithinZeroAndTwoToTheFifty() throws {
        #expect(try CheckpointLimits.counter(0, "step", path: "c") == 0)
        #expect(try CheckpointLimits.counter(1 << 50, "step", path: "c") == 1 << 50)
        for bad: Int64 in [-1, .max, (1 << 50) + 1] {
            #expect(message { _ = try CheckpointLimits.counter(bad, "step", path: "c") } == "c: its step is \(bad), outside 0 ... 2^50: "
                + "the file is damaged or was not written by bptt-lab")
        }
    }

    @Test func aWeightShapeMustBeBuildableAndPresent() throws {
        let shape = try CheckpointLimits.shape(vocabulary: 10, hidden: 4, classes: nil, available: 1_000, path: "c")
        #expect(shape == RNNShape(vocabulary: 10, hidden: 4))
        #expect(try CheckpointLimits.shape(vocabulary: 0, hidden: 0, classes: nil, available: 0, path: "c").vocabulary == 0)
        for (v, h) in [(Int64(-1), Int64(4)), (10, 4_000_000_000), (Int64.max, Int64.max), (0, 5), (1 << 21, 4)] {
            let text = message { _ = try CheckpointLimits.shape(vocabulary: v, hidden: h, classes: nil, available: Int.max, path: "c") }
            #expect(text?.contains("c: its weights claim an impossible model") == true, "\(v) x \(h): \(String(describing: text))")
        }
        // 10 x 4 has 2*40 + 16 + 4 + 10 = 110 floats = 440 bytes.
        let short = message { _ = try CheckpointLimits.shape(vocabulary: 10, hidden: 4, classes: nil, available: 439, path: "c") }
        #expect(short?.contains("(110 values) but the section holds 439 bytes") == true, "\(String(describing: short))")
    }

    @Test func aStoredConfigIsCheckedKeyByKey() throws {
        try ConfigLoader.check(TrainingConfig(), file: "c")
        var config = TrainingConfig()
        config.hidden = 4_000_000_000
        #expect(message { try ConfigLoader.check(config, file: "c") }?.contains("key 'hidden' expects an integer in 1...4096") == true)
        config = TrainingConfig()
        config.learningRate = .nan
        #expect(message { try ConfigLoader.check(config, file: "c") } != nil)
    }

    @Test func resumeRefusesAChangeOfAFixedKeyOnly() throws {
        var stored = TrainingConfig()
        stored.batch = 2
        let fixed = message { try ResumeOverrides.check([("batch", "8")], stored: stored, checkpoint: "c.ckpt") }
        #expect(fixed?.hasPrefix("--batch cannot change on --resume: c.ckpt fixes it at 2") == true, "\(String(describing: fixed))")
        #expect(message { try ResumeOverrides.check([("seed", "7")], stored: stored, checkpoint: "c.ckpt") }?
            .contains("--seed cannot change") == true)
        // The same value, a key that may change, and an unparsable value (left to the loader) pass.
        try ResumeOverrides.check([("batch", "2"), ("learning_rate", "0.5"), ("hidden", "abc")], stored: stored, checkpoint: "c.ckpt")
    }
}

/// Issue 24 (11): a config whose trainer could not fit in memory is refused before allocating.
@Suite struct MemoryEstimateTests {
    @Test func theEstimateCountsWeightsAndTheWindow() throws {
        var config = TrainingConfig()
        config.optimizer = .adam
        config.batch = 4
        let shape = RNNShape(vocabulary: 100, hidden: 10)
        let estimate = try #require(MemoryEstimate(shape: shape, config: config, truncation: .blocks(k1: 5, k2: 3)))
        #expect(estimate.weights == shape.parameterCount * 6 * 4)   // weights, gradient, sane, best, 2 moments
        #expect(estimate.workspace == 8 * 4 * (2 * 100 + 4 * 10) * 4)
    }

    @Test func aTrainerLargerThanTheMemoryIsRefusedInOneLine() throws {
        var config = TrainingConfig()
        config.batch = 1024
        let shape = RNNShape(vocabulary: 12, hidden: 4096)
        do {
            try MemoryEstimate.check(shape: shape, config: config, truncation: .blocks(k1: 1, k2: 1000), available: 8 << 30)
            Issue.record("62 GiB fitted in 8")
        } catch let error as LabError {
            #expect(error.message.contains("would need about 62.9 GiB"), "\(error.message)")
            #expect(error.message.contains("more than this machine's 8.0 GiB"), "\(error.message)")
        }
        try MemoryEstimate.check(shape: RNNShape(vocabulary: 12, hidden: 32), config: TrainingConfig(),
                                 truncation: .blocks(k1: 10, k2: 10), available: 8 << 30)
        // A product beyond Int is refused, not trapped.
        #expect(MemoryEstimate(shape: RNNShape(vocabulary: 1 << 20, hidden: 1 << 14), config: config,
                               truncation: .blocks(k1: Int.max / 2, k2: Int.max / 2)) == nil)
    }
}
