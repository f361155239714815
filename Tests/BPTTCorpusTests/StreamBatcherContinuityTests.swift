import Testing
@testable import BPTTCorpus

@Suite struct StreamBatcherContinuityTests {
    /// Tokens 0, 1, 2, ... so "continues the text" means "each next input is the previous one + 1".
    static func counting(_ n: Int) -> TokenStream {
        TokenStream(tokens: (0..<n).map(Int32.init), sentences: [0..<n])
    }

    @Test func crossingAnEpochEveryStreamButOneContinuesTheText() throws {
        var batcher = try StreamBatcher(stream: Self.counting(41), batch: 4) // P = 10 inputs per part
        var previous: [Int32]? = nil
        var jumps = 0
        for _ in 0..<25 { // 25 blocks of 3 steps: crosses several epochs, also mid-block
            let block = batcher.next(steps: 3)
            for t in 0..<3 {
                let row = Array(block.inputs[(t * 4)..<(t * 4 + 4)])
                for b in 0..<4 { #expect(block.targets[t * 4 + b] == row[b] + 1) }
                if let previous {
                    for b in 0..<4 where row[b] != previous[b] + 1 {
                        jumps += 1
                        #expect(previous[b] == 39 && row[b] == 0, "only the wrap from the end to the start jumps")
                    }
                }
                previous = row
            }
        }
        #expect(batcher.epoch == 7)
        #expect(jumps == 7) // one stream per epoch boundary
    }
}
