import Testing
import BPTTCorpus

@Suite struct StreamBatcherTests {
    private func stream(_ n: Int) -> TokenStream {
        TokenStream(tokens: (0..<n).map(Int32.init), sentences: [0..<n])
    }

    @Test func splitsIntoContiguousParallelStreams() throws {
        var batcher = try StreamBatcher(stream: stream(21), batch: 4)   // P = 5
        #expect(batcher.streamLength == 5)
        let block = batcher.next(steps: 2)
        #expect(block.inputs == [0, 5, 10, 15, 1, 6, 11, 16])
        #expect(block.targets == [1, 6, 11, 16, 2, 7, 12, 17])
        #expect(!block.epochEnded)
        #expect(batcher.position == 2)
    }

    @Test func wrapsIntoNextEpochWithFixedShape() throws {
        var batcher = try StreamBatcher(stream: stream(11), batch: 2)   // P = 5: streams 0...5 and 5...10
        _ = batcher.next(steps: 4)
        let block = batcher.next(steps: 3)   // positions 4, 0, 1; in epoch 1 stream b reads part b + 1
        #expect(block.inputs == [4, 9, 5, 0, 6, 1])
        #expect(block.targets == [5, 10, 6, 1, 7, 2])
        #expect(block.epochEnded)
        #expect(batcher.epoch == 1)
        #expect(batcher.position == 2)
    }

    @Test func everyPositionOncePerEpoch() throws {
        var batcher = try StreamBatcher(stream: stream(101), batch: 4)
        var seen: [Int32: Int] = [:]
        var blocks = 0
        while true {
            let block = batcher.next(steps: 5)
            blocks += 1
            for input in block.inputs { seen[input, default: 0] += 1 }
            if block.epochEnded { break }
        }
        #expect(blocks == 5)
        #expect(seen.count == 100 && seen.values.allSatisfy { $0 == 1 })
    }

    @Test func restoredBatcherContinuesIdentically() throws {
        var original = try StreamBatcher(stream: stream(97), batch: 3)
        for steps in [7, 3, 11, 5] { _ = original.next(steps: steps) }
        var restored = try StreamBatcher(stream: stream(97), batch: 3, epoch: original.epoch, position: original.position)
        for steps in [4, 9, 13, 2, 30] {
            let a = original.next(steps: steps), b = restored.next(steps: steps)
            #expect(a.inputs == b.inputs && a.targets == b.targets && a.epochEnded == b.epochEnded)
        }
        #expect(original.epoch == restored.epoch)
    }

    @Test func refusesTooShortStreamAndBadPosition() {
        #expect(throws: CorpusError.self) { try StreamBatcher(stream: stream(7), batch: 4) }
        #expect(throws: CorpusError.self) { try StreamBatcher(stream: stream(20), batch: 0) }
        #expect(throws: CorpusError.self) { try StreamBatcher(stream: stream(21), batch: 4, position: 5) }
    }
}
