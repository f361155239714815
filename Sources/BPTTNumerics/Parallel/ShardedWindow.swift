/// Forward and backward of one window of B sequences (all from a given initial state, e.g. sentence
/// mode's batch of whole sentences) on several threads: the sequences are split into shards
/// (`StreamShards`), each runs `rnnForward` + `rnnBackward` on its own workspace and gradient
/// accumulator on its own worker thread, and the gradients are added in shard order. Same result as
/// one pass over all B up to float rounding; identical for a given thread count. With one shard it is
/// exactly `rnnForward` + `rnnBackward`.
public final class ShardedWindowPass<T: RNNScalar>: @unchecked Sendable {
    public let shape: RNNShape
    public let batch: Int
    public let shards: StreamShards
    private let parts: [Part]

    private final class Part: @unchecked Sendable {
        var workspace: RNNWorkspace<T>
        var grads: RNNParameters<T>
        var forward = ForwardResult(lossSum: 0, outputCount: 0)
        var diagnostics = BackwardDiagnostics()
        init(shape: RNNShape, batch: Int, length: Int) {
            workspace = RNNWorkspace(shape: shape, maxLength: length, batch: batch)
            grads = .zeros(shape: shape)
        }
    }

    public init(shape: RNNShape, batch: Int, maxLength: Int, threads: Int) {
        self.shape = shape
        self.batch = batch
        // A class output layer is split by classes instead (see `OutputThreads`).
        let outputThreads = OutputThreads.count(shape: shape, threads: threads)
        shards = StreamShards(batch: batch, threads: outputThreads > 1 ? 1 : threads)
        parts = shards.ranges.map { Part(shape: shape, batch: $0.count, length: maxLength) }
        parts[0].workspace.shareWork(threads: outputThreads)
    }

    /// The output layer's V row sums of the last `run` (`RNNWorkspace.outputRowSums`) when one shard
    /// wrote the gradient directly; nil when shards' gradients were added up.
    public var outputRowSums: OutputRowSums? { parts.count == 1 ? parts[0].workspace.outputRowSums : nil }

    /// Worker threads of a pass: stream shards, or the class output layer's workers.
    public var threads: Int { max(shards.count, parts[0].workspace.classLayer?.threads ?? 1) }

    /// Loss of the window and gradients ACCUMULATED into `grads` (see `rnnForward`, `rnnBackward`).
    /// `rows`, when given, must list every row the window's gradient can touch (`TouchedRows`): the
    /// shards' accumulators are then added and cleared over those rows only.
    public func run(_ p: RNNParameters<T>, _ window: SequenceWindow, initialState: [T], engine: EngineKind,
                    options: BackwardOptions = BackwardOptions(), rows: TouchedRows? = nil,
                    grads: inout RNNParameters<T>) -> (forward: ForwardResult, diagnostics: BackwardDiagnostics) {
        guard window.batch == batch else {
            failContract(LabError("window batch \(window.batch) differs from the pass's batch \(batch)"))
        }
        if parts.count == 1 {
            let workspace = parts[0].workspace
            let forward = rnnForward(p, window, initialState: initialState, workspace: workspace)
            let diagnostics = rnnBackward(p, window, workspace: workspace, engine: engine, options: options, grads: &grads)
            return (forward, diagnostics)
        }
        let shards = self.shards, parts = self.parts, h = shape.stateWidth
        WorkerThreads.run(parts.count) { shard in
            let part = parts[shard]
            let piece = SequenceWindow(length: window.length, batch: shards.ranges[shard].count,
                                       inputs: shards.gather(window.inputs, shard: shard),
                                       targets: shards.gather(window.targets, shard: shard),
                                       mask: window.mask.map { shards.gather($0, shard: shard) },
                                       firstOutput: window.firstOutput)
            if rows == nil { part.grads.zero() }
            part.forward = rnnForward(p, piece, initialState: shards.gather(initialState, shard: shard, width: h),
                                      workspace: part.workspace)
            part.diagnostics = rnnBackward(p, piece, workspace: part.workspace, engine: engine, options: options,
                                           grads: &part.grads)
        }
        ShardReduction.addGradients(parts.map(\.grads), into: &grads, rows: rows)
        if let rows { for part in parts { part.grads.zero(rows: rows) } }
        return (ShardReduction.sum(parts.map(\.forward)), ShardReduction.combine(parts.map(\.diagnostics), shards: shards))
    }
}
