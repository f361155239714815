import BPTTNumerics

/// The windows the timings run on: the bench's (seeded random tokens) and the dashboard probe's
/// (the corpus's first tokens) are cut by the same builder.
enum BenchData {
    /// `batch` sequences of `length` steps cut from `tokens` (cycling when there are fewer):
    /// sequence b reads tokens b * length ..., each target the token after its input. Empty
    /// `tokens` give token 0 everywhere.
    static func window(tokens: [Int32], length: Int, batch: Int = 1) -> SequenceWindow {
        var inputs = [Int32](repeating: 0, count: length * batch)
        var targets = inputs
        if !tokens.isEmpty {
            for b in 0..<batch {
                for t in 0..<length {
                    let index = b * length + t
                    inputs[t * batch + b] = tokens[index % tokens.count]
                    targets[t * batch + b] = tokens[(index + 1) % tokens.count]
                }
            }
        }
        return SequenceWindow(length: length, batch: batch, inputs: inputs, targets: targets, mask: nil, firstOutput: 0)
    }

    /// A window of seeded random tokens below `vocabulary`.
    static func window(length: Int, batch: Int, vocabulary: Int, seed: UInt64) -> SequenceWindow {
        var generator = SeededGenerator(seed: seed)
        let tokens = (0...(length * batch)).map { _ in Int32(generator.next() % UInt64(vocabulary)) }
        return window(tokens: tokens, length: length, batch: batch)
    }
}
