import Testing
import BPTTNumerics
import BPTTCorpus
@testable import BPTTTraining

/// The built-in corpus makes truncation visible: the repeated key d steps after the first can only be
/// learned when errors reach d steps back. These runs pin both sides of that floor.
@Suite struct TruncationFloorTests {
    static let spec = SyntheticCorpusSpec(distance: 6, keys: 4, sentences: 800, seed: 5)

    static func validLossAfterTraining(k1: Int, k2: Int, updates: Int) throws -> Double {
        let settings = Fixtures.settings(hidden: 32, batch: 16, k1: k1, k2: k2)
        let trainer = try Trainer(corpus: SyntheticCorpus.generate(spec), config: settings)
        for _ in 0..<updates { _ = trainer.update() }
        return trainer.evaluate(trainer.corpus.valid)
    }

    @Test func enoughReachGoesBelowTheFloorWithoutMemory() throws {
        let floors = SyntheticCorpus.floors(Self.spec)
        // reach k1 + k2 = 12 >= d = 6
        let loss = try Self.validLossAfterTraining(k1: 8, k2: 4, updates: 2500)
        #expect(loss < floors.withoutMemory - 0.05, "valid \(loss), floors \(floors)")
    }

    @Test func tooLittleReachStaysAtTheFloorWithoutMemory() throws {
        let floors = SyntheticCorpus.floors(Self.spec)
        // reach k1 + k2 = 4 < d = 6: the key's input never receives the recall error
        let loss = try Self.validLossAfterTraining(k1: 2, k2: 2, updates: 1500)
        #expect(loss > floors.withoutMemory - 0.01, "valid \(loss), floors \(floors)")
    }
}
