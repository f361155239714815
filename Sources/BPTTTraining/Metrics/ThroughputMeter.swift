/// Tokens per second over roughly the last two seconds.
struct ThroughputMeter {
    private var samples: [(seconds: Double, tokens: Int)] = []
    private var window = 2.0

    mutating func add(tokens: Int, at seconds: Double) {
        samples.append((seconds, tokens))
        while let first = samples.first, seconds - first.seconds > window, samples.count > 2 { samples.removeFirst() }
    }

    var rate: Double {
        guard samples.count >= 2, let first = samples.first, let last = samples.last, last.seconds > first.seconds else { return 0 }
        let tokens = samples.dropFirst().reduce(0) { $0 + $1.tokens }
        return Double(tokens) / (last.seconds - first.seconds)
    }
}
