import Foundation
import Testing
@testable import BPTTTraining

/// The presets in configs/ are part of the product: each must load, describe itself for the run picker,
/// and train a step.
@Suite struct ConfigPresetTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("configs").path

    @Test func everyPresetLoadsAndTrainsAnUpdate() throws {
        let entries = RunCatalog.entries(in: Self.folder)
        #expect(entries.count >= 10)
        for entry in entries {
            #expect(!entry.description.isEmpty && !entry.description.hasPrefix("cannot load"), "\(entry.path): \(entry.description)")
            var config = try ConfigLoader.load(path: entry.path)
            config.builtinSentences = min(config.builtinSentences, 200) // keep the test small
            config.hidden = min(config.hidden, 16)
            let trainer = try Trainer(corpus: config.loadCorpus(), config: config)
            let result = trainer.update()
            #expect(result.loss.isFinite && result.tokens > 0, "\(entry.path)")
        }
    }

    @Test func theDocumentedDefaultEqualsTheBuiltInDefault() throws {
        var config = try ConfigLoader.load(path: Self.folder + "/default.cfg")
        config.description = ""
        #expect(config == TrainingConfig())
    }
}
