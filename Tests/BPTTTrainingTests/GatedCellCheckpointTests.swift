import Foundation
import Testing
import BPTTNumerics
@testable import BPTTTraining

/// A gated cell's run saves and resumes exactly (its kept history includes the cells' caches and
/// LSTM's c), is marked so that older builds refuse it, and is never resumed as another cell.
@Suite struct GatedCellCheckpointTests {
    static func config(_ cell: CellKind, truncation: Truncation = TrainerCheckpointTests.blocks) -> TrainingConfig {
        var config = TrainerCheckpointTests.config(truncation: truncation)
        config.cell = cell
        return config
    }

    @Test(arguments: [CellKind.gru, .lstm], [TrainerCheckpointTests.blocks, .off])
    func resumingIsExact(cell: CellKind, mode: Truncation) throws {
        try TrainerCheckpointTests.expectExactResume(Self.config(cell, truncation: mode), half: 12) { path, trainer in
            let sections = try CheckpointFile.read(from: path)
            #expect(try CheckpointWeights.layout(of: sections, path: path) == .init(format: 3, classes: nil, cell: cell))
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))[8..<12]) == [3, 0, 0, 0])
            let model = try CheckpointModel(path: path)
            #expect(model.params == trainer.params && model.params.shape.cell == cell)
        }
    }

    @Test func anElmanCheckpointIsWrittenAsBefore() throws {
        let trainer = try TrainerCheckpointTests.trainer(Self.config(.elman))
        _ = TrainerCheckpointTests.run(trainer, updates: 3)
        let path = TrainerCheckpointTests.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TrainerCheckpoint.save(trainer, config: Self.config(.elman), to: path)
        let sections = try CheckpointFile.read(from: path)
        #expect(try CheckpointWeights.layout(of: sections, path: path) == .init(format: 2, classes: nil, cell: nil))
        #expect(!String(decoding: sections["model"]!, as: UTF8.self).contains("cell"))
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))[8..<12]) == [1, 0, 0, 0])
    }

    @Test func aCheckpointOfOneCellIsNotRestoredIntoAnother() throws {
        let lstm = try TrainerCheckpointTests.trainer(Self.config(.lstm))
        _ = TrainerCheckpointTests.run(lstm, updates: 3)
        let path = TrainerCheckpointTests.path()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TrainerCheckpoint.save(lstm, config: Self.config(.lstm), to: path)
        let gru = try TrainerCheckpointTests.trainer(Self.config(.gru))
        #expect { try TrainerCheckpoint.restore(gru, from: path) } throws: { error in
            "\(error)".contains("its model is lstm V=") && "\(error)".contains("the config asks for gru V=")
        }
    }
}
