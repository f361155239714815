/// `TruncatedBPTT` over B streams on several threads: with the full softmax the streams are split into contiguous shards
/// (`StreamShards`), each shard is its own `TruncatedBPTT` (own workspace, carried state and history)
/// run on its own worker thread, and the shards' gradients are added in shard order (`ShardReduction`).
/// The streams are independent, so this is the same gradient as one `TruncatedBPTT` over all B, up
/// to float rounding; a given thread count always gives identical results. With one shard it IS one
/// `TruncatedBPTT` (no copies). Hidden state and history read and restore in the full-batch layout,
/// so checkpoints do not depend on the thread count.
public final class ParallelTruncatedBPTT<T: RNNScalar>: @unchecked Sendable {
    public let shape: RNNShape
    public let batch: Int
    public let shards: StreamShards
    private let parts: [Part]

    /// One shard's engine and its gradient accumulator.
    private final class Part: @unchecked Sendable {
        let engine: TruncatedBPTT<T>
        var grads: RNNParameters<T>
        var result: (forward: ForwardResult, diagnostics: BackwardDiagnostics, historyLength: Int)?
        init(shape: RNNShape, batch: Int, k2: Int, expectedBlock: Int) {
            engine = TruncatedBPTT(shape: shape, batch: batch, k2: k2, expectedBlock: expectedBlock)
            grads = .zeros(shape: shape)
        }
    }

    /// `k2`: the history cap; `expectedBlock`: the block length to reserve room for now (blocks of
    /// any length may come: each `step` reads its length from its block).
    public init(shape: RNNShape, batch: Int, k2: Int, expectedBlock: Int = 1, threads: Int) {
        self.shape = shape
        self.batch = batch
        // A class output layer is split by classes instead (see `OutputThreads`).
        let outputThreads = OutputThreads.count(shape: shape, threads: threads)
        shards = StreamShards(batch: batch, threads: outputThreads > 1 ? 1 : threads)
        parts = shards.ranges.map { Part(shape: shape, batch: $0.count, k2: k2, expectedBlock: expectedBlock) }
        parts[0].engine.workspace.shareWork(threads: outputThreads)
    }

    /// Worker threads of a step: stream shards, or the class output layer's workers.
    public var threads: Int { max(shards.count, parts[0].engine.workspace.classLayer?.threads ?? 1) }
    public var k2: Int { parts[0].engine.k2 }
    public var historyLength: Int { parts[0].engine.historyLength }

    /// The output layer's V row sums of the last `step` (`TruncatedBPTT.outputRowSums`) when one
    /// shard wrote the gradient directly; nil when shards' gradients were added up.
    public var outputRowSums: OutputRowSums? { parts.count == 1 ? parts[0].engine.outputRowSums : nil }

    public func setHistoryCap(_ k2: Int) {
        for part in parts { part.engine.setHistoryCap(k2) }
    }

    public func reset() {
        for part in parts { part.engine.reset() }
    }

    /// B x stateWidth, rows in stream order.
    public var hiddenState: [T] {
        get { shards.scatter(parts.map(\.engine.hiddenState), width: shape.stateWidth) }
        set {
            for (shard, part) in parts.enumerated() {
                part.engine.hiddenState = shards.gather(newValue, shard: shard, width: shape.stateWidth)
            }
        }
    }

    /// Values per row and step of a gated cell's kept caches (0 for Elman).
    private var cacheWidth: Int { shape.cell.cacheWidth(hidden: shape.hidden) }

    /// The kept history in the layout of one `TruncatedBPTT` over all B streams.
    public var history: TruncatedHistory<T> {
        let histories = parts.map(\.engine.history)
        return TruncatedHistory(length: histories[0].length,
                                inputs: shards.scatter(histories.map(\.inputs)),
                                states: shards.scatter(histories.map(\.states), width: shape.stateWidth),
                                caches: cacheWidth == 0 ? [] : shards.scatter(histories.map(\.caches), width: cacheWidth))
    }

    /// Restores a full-batch history (see `TruncatedBPTT.restore(history:)`); throws, changing
    /// nothing, if it does not fit.
    public func restore(history: TruncatedHistory<T>) throws {
        let width = batch * shape.stateWidth, cacheWidth = self.cacheWidth
        guard history.inputs.count == history.length * batch, history.states.count == (history.length + 1) * width,
              history.caches.count == history.length * batch * cacheWidth else {
            throw LabError("history has \(history.inputs.count) inputs, \(history.states.count) state values and "
                + "\(history.caches.count) cache values; expected length*batch = \(history.length * batch), "
                + "(length+1)*batch*stateWidth = \((history.length + 1) * width) and "
                + "length*batch*cacheWidth = \(history.length * batch * cacheWidth)")
        }
        let pieces = shards.ranges.indices.map { shard in
            TruncatedHistory(length: history.length, inputs: shards.gather(history.inputs, shard: shard),
                             states: shards.gather(history.states, shard: shard, width: shape.stateWidth),
                             caches: cacheWidth == 0 ? [] : shards.gather(history.caches, shard: shard, width: cacheWidth))
        }
        // Check every piece on a scratch engine first, so a bad history leaves all shards unchanged.
        for (shard, piece) in pieces.enumerated() {
            let probe = TruncatedBPTT<T>(shape: shape, batch: shards.ranges[shard].count, k2: k2)
            try probe.restore(history: piece)
        }
        for (part, piece) in zip(parts, pieces) { try part.engine.restore(history: piece) }
    }

    /// Calls `body` with the input tokens of the kept history steps (every shard's), which the next
    /// block's window starts with.
    public func withHistoryInputs<R>(_ body: ([UnsafeBufferPointer<Int32>]) -> R) -> R {
        body(parts.map { $0.engine.historyInputs })
    }

    /// One update block of all B streams (see `TruncatedBPTT.step`): each shard on its own thread,
    /// gradients ACCUMULATED into `grads` in shard order; losses summed, diagnostics recombined as
    /// means over B. `rows`, when given, must list every row this block's gradient can touch
    /// (`TouchedRows`): the shards' accumulators are then added and cleared over those rows only.
    public func step(_ p: RNNParameters<T>, blockInputs: [Int32], blockTargets: [Int32], blockMask: [Float]? = nil,
                     engine: EngineKind, options: BackwardOptions = BackwardOptions(), rows: TouchedRows? = nil,
                     grads: inout RNNParameters<T>) -> (forward: ForwardResult, diagnostics: BackwardDiagnostics, historyLength: Int) {
        if parts.count == 1 {
            return parts[0].engine.step(p, blockInputs: blockInputs, blockTargets: blockTargets, blockMask: blockMask,
                                        engine: engine, options: options, grads: &grads)
        }
        guard blockInputs.count % batch == 0, !blockInputs.isEmpty else {
            failContract(LabError("block has \(blockInputs.count) input tokens, expected a positive multiple of batch \(batch)"))
        }
        let shards = self.shards, parts = self.parts
        WorkerThreads.run(parts.count) { shard in
            let part = parts[shard]
            // With `rows` the accumulator was cleared over them after the last reduction.
            if rows == nil { part.grads.zero() }
            part.result = part.engine.step(p, blockInputs: shards.gather(blockInputs, shard: shard),
                                           blockTargets: shards.gather(blockTargets, shard: shard),
                                           blockMask: blockMask.map { shards.gather($0, shard: shard) },
                                           engine: engine, options: options, grads: &part.grads)
        }
        ShardReduction.addGradients(parts.map(\.grads), into: &grads, rows: rows)
        if let rows { for part in parts { part.grads.zero(rows: rows) } }
        let results = parts.map { $0.result! }
        return (ShardReduction.sum(results.map(\.forward)),
                ShardReduction.combine(results.map(\.diagnostics), shards: shards),
                results[0].historyLength)
    }
}
