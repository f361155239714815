import BPTTNumerics

/// Word-level bench data, generated (nothing is downloaded): Zipf-distributed words.
extension BenchData {
    /// B streams of words with P(rank r) ~ 1 / (r + 1) (Zipf's law, word ids by rank as in a
    /// frequency-sorted vocabulary); targets are each stream's next word.
    static func zipfWindow(length: Int, batch: Int, vocabulary: Int, seed: UInt64) -> SequenceWindow {
        var generator = SeededGenerator(seed: seed)
        let cumulative = zipfCumulative(vocabulary: vocabulary)
        func word() -> Int32 {
            let u = generator.nextUnitDouble() * cumulative[cumulative.count - 1]
            var low = 0, high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > u { high = middle } else { low = middle + 1 }
            }
            return Int32(low)
        }
        var inputs = [Int32](repeating: 0, count: length * batch), targets = inputs
        for b in 0..<batch {
            var current = word()
            for t in 0..<length {
                let following = word()
                inputs[t * batch + b] = current
                targets[t * batch + b] = following
                current = following
            }
        }
        return SequenceWindow(length: length, batch: batch, inputs: inputs, targets: targets)
    }

    /// One stream of `count` Zipf words (ids by rank).
    static func zipfTokens(count: Int, vocabulary: Int, seed: UInt64) -> [Int32] {
        zipfWindow(length: count, batch: 1, vocabulary: vocabulary, seed: seed).inputs
    }

    /// Expected counts of each word in a million Zipf words (what the class binning sees).
    static func zipfCounts(vocabulary: Int) -> [Int] {
        let total = zipfCumulative(vocabulary: vocabulary).last!
        return (0..<vocabulary).map { max(1, Int((1e6 / (Double($0 + 1) * total)).rounded())) }
    }

    private static func zipfCumulative(vocabulary: Int) -> [Double] {
        var sum = 0.0
        return (0..<vocabulary).map { sum += 1 / Double($0 + 1); return sum }
    }
}
