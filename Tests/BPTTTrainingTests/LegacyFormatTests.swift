import Foundation
import Testing
import BPTTNumerics
@testable import BPTTTraining

/// Checkpoints and metrics files written before the truncation had one stored form (it was spelled
/// flat, `"truncation": "blocks", "k1": 3, "k2": 2`, and the checkpoint's progress section held it
/// as a mode byte and two integers). The fixtures were written by that build:
///   bptt-lab train --config configs/default.cfg --hidden 8 --steps 30 --metrics_every 10 \
///     --validate_every 20 --sample_every 0 --checkpoint old-blocks.ckpt --metrics old-blocks.jsonl
/// and the same with configs/sentences-full-bptt.cfg and --steps 20 (old-off.*).
@Suite struct LegacyFormatTests {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    @Test(arguments: [("old-blocks.ckpt", Truncation.blocks(k1: 3, k2: 2), 30), ("old-off.ckpt", .off, 20)])
    func anOldCheckpointLoadsAndTrainsOn(file: String, truncation: Truncation, step: Int) throws {
        let path = Self.fixture(file)
        #expect(try TrainerCheckpoint.config(at: path).truncation == truncation)
        let (config, trainer) = try TrainerCheckpoint.load(from: path)
        #expect(config.truncation == truncation && trainer.truncation == truncation)
        #expect(trainer.step == step && trainer.shape.hidden == 8)
        #expect(try CheckpointModel(path: path).step == step)
        let result = trainer.update()
        #expect(result.divergence == nil && result.loss.isFinite && trainer.step == step + 1)
        // Saved again, it is in the current form, and reads back the same.
        let resaved = NSTemporaryDirectory() + "bptt-lab-legacy-\(UUID().uuidString).ckpt"
        defer { try? FileManager.default.removeItem(atPath: resaved) }
        try TrainerCheckpoint.save(trainer, config: config, to: resaved)
        let sections = try CheckpointFile.read(from: resaved)
        #expect(try !TrainerCheckpoint.storesTruncationInProgress(sections, path: resaved))
        let reloaded = try TrainerCheckpoint.load(from: resaved).trainer
        #expect(reloaded.truncation == truncation && reloaded.step == step + 1 && reloaded.params == trainer.params)
    }

    @Test func anOldCheckpointsProgressSectionSaysWhichTruncationWasInForce() throws {
        // The old config section kept the truncation the run started with; a change of k1 went only
        // into the progress section. Rewrite the fixture's config to disagree: progress wins.
        let path = Self.fixture("old-blocks.ckpt")
        var sections = try CheckpointFile.read(from: path)
        var config = try JSONSerialization.jsonObject(with: Data(sections["config"]!)) as! [String: Any]
        #expect(config["truncation"] as? String == "blocks" && config["k1"] as? Int == 3)
        config["k1"] = 7
        sections["config"] = Array(try JSONSerialization.data(withJSONObject: config))
        #expect(try TrainerCheckpoint.decodeConfig(sections, path: path).truncation == .blocks(k1: 3, k2: 2))
    }

    @Test(arguments: [("old-blocks.jsonl", Truncation.blocks(k1: 3, k2: 2)), ("old-off.jsonl", .off)])
    func anOldMetricsFileReads(file: String, truncation: Truncation) throws {
        let records = try MetricsRecorder.read(path: Self.fixture(file))
        let intervals = records.filter { $0.type == .interval }
        #expect(!intervals.isEmpty && intervals.allSatisfy { $0.truncation == truncation && $0.engine == "optimized" })
        #expect(records.first?.event == "start" && records.last?.type == .final)
    }
}
