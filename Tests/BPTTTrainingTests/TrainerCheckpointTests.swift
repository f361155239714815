import Foundation
import Testing
import BPTTNumerics
import BPTTCorpus
@testable import BPTTTraining

@Suite struct TrainerCheckpointTests {
    static let blocks = Truncation.blocks(k1: 5, k2: 3)

    static func config(truncation: Truncation = blocks) -> TrainingConfig {
        var c = TrainingConfig()
        c.builtinDistance = 6
        c.builtinSentences = 400
        c.hidden = 16
        c.batch = 4
        c.truncation = truncation
        c.validateEvery = 7   // the schedule's state is part of what must resume exactly
        c.sampleEvery = 0
        return c
    }

    static func path() -> String { NSTemporaryDirectory() + "bptt-lab-\(UUID().uuidString).ckpt" }

    static func trainer(_ config: TrainingConfig) throws -> Trainer {
        try Trainer(corpus: config.loadCorpus(), config: config)
    }

    static func run(_ trainer: Trainer, updates: Int) -> [Double] {
        (0..<updates).map { i in
            let loss = trainer.update().loss
            if trainer.config.validateEvery > 0 && trainer.step % trainer.config.validateEvery == 0 {
                _ = trainer.validateAndSchedule()
            }
            _ = i
            return loss
        }
    }

    @Test(arguments: [blocks, .off], [0, 2])
    func resumingIsExact(mode: Truncation, threads: Int) throws {
        var config = Self.config(truncation: mode)
        config.threads = threads
        try Self.expectExactResume(config, half: 20)
    }

    /// `2 * half` updates in one go and in two halves around a save and load give the same losses and
    /// weights. `saved` sees the checkpoint (and the trainer that wrote it) before it is removed.
    static func expectExactResume(_ config: TrainingConfig, half: Int,
                                  saved: (String, Trainer) throws -> Void = { _, _ in }) throws {
        let straight = try Self.trainer(config)
        let reference = Self.run(straight, updates: 2 * half)

        let first = try Self.trainer(config)
        let firstHalf = Self.run(first, updates: half)
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TrainerCheckpoint.save(first, config: config, to: path)
        let (loadedConfig, resumed) = try TrainerCheckpoint.load(from: path)
        #expect(loadedConfig == config)
        #expect(resumed.step == half)
        #expect(resumed.shape == first.shape)
        let secondHalf = Self.run(resumed, updates: half)
        #expect(firstHalf + secondHalf == reference)
        #expect(resumed.params == straight.params)
        try saved(path, first)
    }

    /// The history is saved in the full-batch layout: a run saved on 2 threads resumes on 1 (the same
    /// run up to float rounding, since the gradient sums run in another order).
    @Test(arguments: [blocks, .off])
    func aCheckpointResumesAtAnotherThreadCount(mode: Truncation) throws {
        var config = Self.config(truncation: mode)
        config.threads = 2
        let straight = try Self.trainer(config)
        let reference = Self.run(straight, updates: 30)
        let first = try Self.trainer(config)
        _ = Self.run(first, updates: 15)
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TrainerCheckpoint.save(first, config: config, to: path)
        var single = config
        single.threads = 1
        let resumed = try Self.trainer(single)
        #expect(resumed.threads == 1)
        try TrainerCheckpoint.restore(resumed, from: path)
        let secondHalf = Self.run(resumed, updates: 15)
        for (a, b) in zip(secondHalf, reference.suffix(15)) { #expect(abs(a - b) < 1e-3 * max(1, abs(b))) }
    }

    @Test func refusesACheckpointOfAnotherModel() throws {
        let config = Self.config()
        let trainer = try Self.trainer(config)
        _ = Self.run(trainer, updates: 3)
        let path = Self.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TrainerCheckpoint.save(trainer, config: config, to: path)
        var other = config
        other.hidden = 8
        let target = try Self.trainer(other)
        #expect(throws: CheckpointError.self) { try TrainerCheckpoint.restore(target, from: path) }
        #expect(target.step == 0)
    }
}

@Suite struct ResumeLimitTests {
    @Test func aRunStoppedByMaxStepsTrainsOnWhenResumedWithAHigherLimit() throws {
        let config = TrainerCheckpointTests.config()
        let trainer = try TrainerCheckpointTests.trainer(config)
        trainer.limitSteps(to: 5)
        _ = TrainerCheckpointTests.run(trainer, updates: 5)
        #expect(trainer.finishedReason == "reached max_steps 5")
        let path = TrainerCheckpointTests.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TrainerCheckpoint.save(trainer, config: config, to: path)
        let (_, resumed) = try TrainerCheckpoint.load(from: path)
        resumed.limitSteps(to: resumed.step + 3)
        #expect(resumed.finishedReason == nil)
        _ = TrainerCheckpointTests.run(resumed, updates: 3)
        #expect(resumed.step == 8 && resumed.finishedReason == "reached max_steps 8")
    }

    /// Keys given with --resume that the checkpoint restores (`ResumeRule.restored` in the schema:
    /// the truncation, the engine, an optimizer field) are put back after the restore, as
    /// RunLauncher does; the others keep their saved values.
    @Test func givenKeysWinOverTheRestoredState() throws {
        let config = TrainerCheckpointTests.config()
        let trainer = try TrainerCheckpointTests.trainer(config)
        _ = TrainerCheckpointTests.run(trainer, updates: 4)
        let path = TrainerCheckpointTests.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TrainerCheckpoint.save(trainer, config: config, to: path)
        let given = [(key: "k1", value: "7"), (key: "engine", value: "naive"), (key: "learning_rate", value: "0.05")]
        let resumedConfig = try ConfigLoader.applying(overrides: given, to: try TrainerCheckpoint.config(at: path))
        let resumed = try TrainerCheckpointTests.trainer(resumedConfig)
        try TrainerCheckpoint.restore(resumed, from: path)
        #expect(resumed.truncation == .blocks(k1: 5, k2: 3) && resumed.config.engine == .optimized)
        #expect(resumed.learningRate == trainer.learningRate && trainer.learningRate != 0.05)
        try resumed.applyResumeOverrides(Set(given.map(\.key)), from: resumedConfig)
        #expect(resumed.truncation == .blocks(k1: 7, k2: 3) && resumed.config.engine == .naive)
        #expect(resumed.learningRate == 0.05 && resumed.optimizer.settings.l2 == trainer.optimizer.settings.l2)
        #expect(resumed.step == 4)
    }

    /// A checkpoint written before a config key existed still loads: the key takes its default, or
    /// for recurrent_max_norm (default 2.5 now) the 0 it was trained with, and for class_binning (sqrt
    /// now) the binning by counts its classes were made with.
    @Test func aConfigWithoutNewerKeysDecodesWithTheirDefaults() throws {
        var config = TrainingConfig()
        config.hidden = 40
        config.recurrentMaxNorm = 0
        config.classBinning = .frequency
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as! [String: Any]
        json.removeValue(forKey: "recurrentMaxNorm")
        json.removeValue(forKey: "classBinning")
        json.removeValue(forKey: "builtinDistractors")
        let bytes = Array(try JSONSerialization.data(withJSONObject: json))
        let decoded = try TrainerCheckpoint.decodeConfig(["config": bytes], path: "old.ckpt")
        #expect(decoded == config)
    }
}
