/// The fixed-order reductions that make multi-threaded results independent of thread timing: shard
/// gradients are added into the total in shard order 0, 1, 2, ..., and per-sequence means are
/// recombined weighted by shard size. So a given thread count always gives bit-identical results;
/// different thread counts differ only by float rounding (sums in another order).
enum ShardReduction {
    /// total += parts[0] + parts[1] + ... (in that order, tensor by tensor) over the rows `rows`
    /// lists (every row when nil): the only rows a part can hold gradients in.
    static func addGradients<T: RNNScalar>(_ parts: [RNNParameters<T>], into total: inout RNNParameters<T>,
                                           rows: TouchedRows?) {
        let rows = rows ?? .all(total.shape)
        for part in parts { total.add(part, rows: rows) }
    }

    /// Diagnostics are means over the batch: the shard means weighted by shard size / B.
    static func combine(_ parts: [BackwardDiagnostics], shards: StreamShards) -> BackwardDiagnostics {
        func mix(_ curves: [[Double]]) -> [Double] {
            guard let first = curves.first, !first.isEmpty else { return [] }
            var out = [Double](repeating: 0, count: first.count)
            for (shard, curve) in curves.enumerated() {
                let weight = Double(shards.ranges[shard].count) / Double(shards.batch)
                for i in out.indices { out[i] += weight * curve[i] }
            }
            return out
        }
        return BackwardDiagnostics(stepNorms: mix(parts.map(\.stepNorms)), reach: mix(parts.map(\.reach)),
                                   cellStepNorms: mix(parts.map(\.cellStepNorms)))
    }

    static func sum(_ parts: [ForwardResult]) -> ForwardResult {
        parts.reduce(ForwardResult(lossSum: 0, outputCount: 0), +)
    }
}
