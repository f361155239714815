/// Tokens per second over roughly the last two seconds.
///
/// It is fed once per update (thousands a second), so adding is O(1): the window's start moves by
/// an index and the token count is kept as a running sum; old samples are dropped in bulk.
struct ThroughputMeter {
    private var samples: [(seconds: Double, tokens: Int)] = []
    /// Index of the window's first sample; the ones before it have left the window.
    private var head = 0
    /// Tokens of the samples after the first one in the window (the first marks when counting began).
    private var tokensAfterFirst = 0
    private let window = 2.0

    mutating func add(tokens: Int, at seconds: Double) {
        if samples.count > head { tokensAfterFirst += tokens }
        samples.append((seconds, tokens))
        while samples.count - head > 2, seconds - samples[head].seconds > window {
            head += 1
            tokensAfterFirst -= samples[head].tokens
        }
        if head >= 4096, head * 2 >= samples.count {
            samples.removeFirst(head)
            head = 0
        }
    }

    var rate: Double {
        guard samples.count - head >= 2, let last = samples.last else { return 0 }
        let first = samples[head]
        guard last.seconds > first.seconds else { return 0 }
        return Double(tokensAfterFirst) / (last.seconds - first.seconds)
    }
}
