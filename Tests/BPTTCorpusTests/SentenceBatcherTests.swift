import Testing
import BPTTCorpus

@Suite struct SentenceBatcherTests {
    /// Sentences of lengths 3, 1, 4, 2 whose last token is the end token 99.
    let stream = TokenStream(tokens: [1, 2, 99, 99, 3, 4, 5, 99, 6, 99], sentences: [0..<3, 3..<4, 4..<8, 8..<10])

    @Test func predictsEveryTokenFromTheEndToken() throws {
        var batcher = try SentenceBatcher(stream: stream, batch: 4, seed: 1, maxLength: nil)
        let batch = batcher.next()
        #expect(batch.epochEnded)
        #expect(batch.length == 4)
        var rows: [[Int32]: [Int32]] = [:]   // targets -> inputs, per row
        for b in 0..<4 {
            let used = (0..<batch.length).filter { batch.mask[$0 * 4 + b] == 1 }
            rows[used.map { batch.targets[$0 * 4 + b] }] = used.map { batch.inputs[$0 * 4 + b] }
            // Mask is a prefix: padding only at the end.
            #expect(used == Array(0..<used.count))
        }
        #expect(rows == [[1, 2, 99]: [99, 1, 2], [99]: [99], [3, 4, 5, 99]: [99, 3, 4, 5], [6, 99]: [99, 6]])
    }

    @Test func epochsCoverAllSentencesInSeededOrder() throws {
        var a = try SentenceBatcher(stream: stream, batch: 3, seed: 42, maxLength: nil)
        var b = try SentenceBatcher(stream: stream, batch: 3, seed: 42, maxLength: nil)
        var firstTargets: [[Int32]] = []
        for epoch in 0..<3 {
            var tokens = 0
            var ended = false
            var batches = 0
            while !ended {
                let x = a.next(), y = b.next()
                #expect(x.inputs == y.inputs && x.targets == y.targets && x.mask == y.mask)
                tokens += Int(x.mask.reduce(0, +))
                ended = x.epochEnded
                batches += 1
                if batches == 1 { firstTargets.append(x.targets) }
            }
            #expect(batches == 2, "epoch \(epoch)")
            #expect(tokens == stream.count)
        }
        #expect(a.epoch == 3 && a.cursor == 0)
        #expect(Set(firstTargets).count > 1, "the order should change between epochs")
    }

    @Test func longSentencesAreCutIntoPieces() throws {
        var batcher = try SentenceBatcher(stream: stream, batch: 8, seed: 3, maxLength: 2)
        #expect(batcher.sentencesPerEpoch == 6)   // 3 -> 2+1, 1, 4 -> 2+2, 2
        let batch = batcher.next()
        #expect(batch.length == 2)
        var pairs: Set<[Int32]> = []
        for b in 0..<8 where batch.mask[b] == 1 {
            pairs.insert((0..<2).filter { batch.mask[$0 * 8 + b] == 1 }.flatMap { [batch.inputs[$0 * 8 + b], batch.targets[$0 * 8 + b]] })
        }
        // A later piece starts from the token before it.
        #expect(pairs == [[99, 1, 1, 2], [2, 99], [99, 99], [99, 3, 3, 4], [4, 5, 5, 99], [99, 6, 6, 99]])
    }

    @Test func explicitStartTokenIsUsed() throws {
        var batcher = try SentenceBatcher(stream: stream, batch: 4, seed: 1, maxLength: nil, startToken: 0)
        let batch = batcher.next()
        #expect((0..<4).allSatisfy { batch.inputs[$0] == 0 })
    }

    @Test func restoredBatcherContinuesIdentically() throws {
        var original = try SentenceBatcher(stream: stream, batch: 3, seed: 9, maxLength: nil)
        for _ in 0..<3 { _ = original.next() }
        var restored = try SentenceBatcher(stream: stream, batch: 3, seed: 9, maxLength: nil,
                                           epoch: original.epoch, cursor: original.cursor)
        for _ in 0..<5 {
            let x = original.next(), y = restored.next()
            #expect(x.inputs == y.inputs && x.targets == y.targets && x.epochEnded == y.epochEnded)
        }
    }

    @Test func refusesEmptyStreamAndBadArguments() {
        #expect(throws: CorpusError.self) { try SentenceBatcher(stream: .empty, batch: 2, seed: 1, maxLength: nil) }
        #expect(throws: CorpusError.self) { try SentenceBatcher(stream: stream, batch: 0, seed: 1, maxLength: nil) }
        #expect(throws: CorpusError.self) { try SentenceBatcher(stream: stream, batch: 2, seed: 1, maxLength: 0) }
        #expect(throws: CorpusError.self) { try SentenceBatcher(stream: stream, batch: 2, seed: 1, maxLength: nil, cursor: 4) }
    }
}
