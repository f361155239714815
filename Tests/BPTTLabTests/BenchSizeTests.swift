import Testing
import BPTTNumerics
@testable import BPTTTraining
@testable import BPTTLab

/// `bench --train-size`: the cell suffix, and the row that names the cell.
@Suite struct BenchSizeTests {
    @Test func aTrainingSizeNamesItsCell() throws {
        let lstm = try BenchCommand.parseTrainingSize("32x256x64x50:lstm")
        #expect(lstm == BenchPlan.TrainingSize(batch: 32, hidden: 256, vocabulary: 64, length: 50, cell: .lstm))
        let gru = try BenchCommand.parseTrainingSize("32x100x10000x35:c100:gru")
        #expect(gru.cell == .gru && gru.classes == 100 && gru.zipf)
        #expect(try BenchCommand.parseTrainingSize("32x256x64x50").cell == .elman)
        for bad in ["32x256x64x50:tree", "32x256x64x50:lstm:c100", "32x256x64x50:zipf:c100", "32x256x64x50:lstm:lstm"] {
            #expect(throws: (any Error).self, "\(bad)") { try BenchCommand.parseTrainingSize(bad) }
        }
    }

    @Test func aGatedRowCountsItsGatesProducts() {
        let elman = TrainingBenchmark.flopsPerStep(batch: 32, hidden: 256, vocabulary: 64, length: 50)
        let lstm = TrainingBenchmark.flopsPerStep(batch: 32, hidden: 256, vocabulary: 64, length: 50, gates: 4)
        // Recurrence 6BTH·GH: three more H x H products per gate block than Elman's one.
        #expect(lstm - elman == 3 * 6 * 32 * 50 * 256 * 256)
        var row = TrainingThroughput(batch: 32, hidden: 256, vocabulary: 64, length: 50, threads: 1, tokensPerSecond: 1000,
                                     gflops: 1)
        row.cell = .lstm
        #expect(BenchTables.trainingRow(row, sgemmGFLOPS: 10).contains(" lstm "))
    }
}
