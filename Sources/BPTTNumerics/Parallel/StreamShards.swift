/// How B parallel sequences are split across worker threads: `count` contiguous shards, as equal as
/// possible, the first ones one larger (B = 5 over 2 threads: sequences 0..<3 and 3..<5). Fixed by
/// (B, threads) alone, so a given thread count always splits the same way.
public struct StreamShards: Sendable, Equatable {
    public let batch: Int
    public let ranges: [Range<Int>]

    /// `threads` workers for `batch` sequences: min(threads, batch) shards (at least one).
    public init(batch: Int, threads: Int) {
        precondition(batch >= 1, "StreamShards needs batch >= 1")
        let count = max(1, min(threads, batch))
        self.batch = batch
        var ranges: [Range<Int>] = []
        var start = 0
        for shard in 0..<count {
            let size = batch / count + (shard < batch % count ? 1 : 0)
            ranges.append(start..<(start + size))
            start += size
        }
        self.ranges = ranges
    }

    public var count: Int { ranges.count }

    /// The columns `range` of a [t * batch + b] array with `width` values per (t, b): its shard's
    /// [t * range.count + b'] array.
    public func gather<E>(_ values: [E], shard: Int, width: Int = 1) -> [E] {
        let range = ranges[shard]
        let steps = values.count / (batch * width)
        var out: [E] = []
        out.reserveCapacity(steps * range.count * width)
        for t in 0..<steps {
            let row = t * batch
            out.append(contentsOf: values[((row + range.lowerBound) * width)..<((row + range.upperBound) * width)])
        }
        return out
    }

    /// The inverse of `gather`: the shards' arrays interleaved back into one [t * batch + b] array.
    public func scatter<E>(_ parts: [[E]], width: Int = 1) -> [E] {
        precondition(parts.count == count, "scatter needs one array per shard")
        let steps = parts[0].count / (ranges[0].count * width)
        var out: [E] = []
        out.reserveCapacity(steps * batch * width)
        for t in 0..<steps {
            for (shard, range) in ranges.enumerated() {
                let size = range.count * width
                out.append(contentsOf: parts[shard][(t * size)..<((t + 1) * size)])
            }
        }
        return out
    }
}
