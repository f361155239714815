import Testing
@testable import BPTTNumerics

/// The rows an update touches: its input tokens' rows of U, merged into ranges, whether the builder
/// sorts a few ids or scans its marks for many (the word models' case), and the same across updates.
@Suite struct TouchedRowsBuilderTests {
    /// Sorted, merged ranges of the distinct ids, computed the plain way.
    static func expectedRanges(_ ids: [Int32]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for id in Set(ids).sorted().map(Int.init) {
            if let last = result.last, last.upperBound == id { result[result.count - 1] = last.lowerBound..<id + 1 }
            else { result.append(id..<id + 1) }
        }
        return result
    }

    @Test(arguments: [3, 40, 700, 5000])
    func inputRowsAreTheDistinctTokensMerged(tokens: Int) {
        let shape = RNNShape(vocabulary: 1000, hidden: 4)
        let builder = TouchedRowsBuilder(shape: shape)
        var generator = SeededGenerator(seed: UInt64(tokens))
        for _ in 0..<3 {
            // Two buffers (history and block), repeated ids, ids at both ends of the vocabulary.
            let first = (0..<tokens).map { _ in Int32(generator.next() % 1000) } + [0, 999]
            let second = (0..<tokens / 2).map { _ in Int32(generator.next() % 1000) }
            let targets: [Int32] = [1, 2]
            let rows = first.withUnsafeBufferPointer { a in
                second.withUnsafeBufferPointer { b in
                    targets.withUnsafeBufferPointer { builder.rows(inputs: [a, b], targets: $0) }
                }
            }
            #expect(rows.input == Self.expectedRanges(first + second))
            #expect(rows.output == [0..<1000], "the full softmax: every output row")
        }
    }
}
