/// Activations and scratch buffers for windows of up to `maxLength` steps of `batch` sequences,
/// allocated once and reused, so forward and backward passes allocate nothing. A larger window
/// grows the buffers (once); the batch size is fixed per workspace.
///
/// Layout (row-major, one row = one sequence at one step):
/// - states: (L+1) x B x H; row block 0 is the initial state, block t+1 is s_t. So the previous
///   states of all steps form ONE contiguous (L*B) x H matrix, and so do the current states.
/// - probabilities: L x B x V softmax outputs (only steps >= firstOutput are computed).
/// - errors: L x B x H back-propagation buffer (dE/ds_t); deltas: L x B x P, the gradient of the
///   cell's pre-activations (P = G·H, the cell's gate width); outputGradient: L x B x V.
/// - A gated cell's (`CellKind`) extra: cellCache L x B x (its cache width), what its backward step
///   reads; LSTM's cell states c (L+1) x B x H beside the states h, and the gradients reaching them;
///   GRU's recurrent-side deltas (its n block is r ⊙ the input side's). Empty for Elman.
/// - With word classes, no L x B x V buffers: `ClassLayerBuffers` holds the class softmax (L x B x C)
///   and the word softmaxes of each row's target class instead (see `ClassSoftmaxLayer`).
/// Not thread-safe: one workspace per training thread.
public final class RNNWorkspace<T: RNNScalar>: @unchecked Sendable {
    public let shape: RNNShape
    public let batch: Int
    /// Steps the buffers currently hold room for.
    public private(set) var capacity: Int
    /// Length and firstOutput of the last forward pass (0 before any).
    public internal(set) var length: Int = 0
    public internal(set) var firstOutput: Int = 0
    /// Set by the output layer's backward stage, cleared by the next forward pass.
    var outputErrorsReady = false
    /// Whether the window's initial state is all zeros (a fresh sequence): then step 0's recurrent
    /// product and its dW term are zero and are skipped.
    var initialStateIsZero = false

    func refreshInitialStateFlag() {
        initialStateIsZero = T.meanRowNorm(stateBlock(-1), rows: batch, width: shape.hidden) == 0
    }

    var states: UnsafeMutablePointer<T>
    var probabilities: UnsafeMutablePointer<T>
    var outputGradient: UnsafeMutablePointer<T>
    var errors: UnsafeMutablePointer<T>
    var deltas: UnsafeMutablePointer<T>
    /// The gated cells' buffers (see the layout above; empty for Elman).
    var cellCache: UnsafeMutablePointer<T>
    var cellStates: UnsafeMutablePointer<T>
    /// LSTM: the total dE/dc_t of each step (the sweep's running sum, or the naive per-output sums).
    var cellErrorTotals: UnsafeMutablePointer<T>
    /// LSTM: two B x H rows for the error carried along c from step t to t-1 (dE/dc_t ⊙ f_t).
    var cellCarry: UnsafeMutablePointer<T>
    var cellCarryNext: UnsafeMutablePointer<T>
    /// LSTM: a B x H row for a single-seed sweep's dE/dc_t.
    var cellScratch: UnsafeMutablePointer<T>
    /// GRU: dE/d(W h_{t-1}) per step (deltas, with the n block multiplied by r).
    var recurrentDeltasStorage: UnsafeMutablePointer<T>
    /// The total error dE/ds_t reaching each step (optimized: the sweep's running sum; naive: the sum
    /// of the per-output sweeps, for the step norms). `errors` keeps the local errors untouched.
    var errorTotals: UnsafeMutablePointer<T>
    /// A B x H row for single-seed sweeps (naive per-output sweeps, the reach sweep).
    var sweepCurrent: UnsafeMutablePointer<T>
    var ones: UnsafeMutablePointer<T>
    /// W packed for `gemmPacked` (forward: W^T, backward: W), once per pass when B > 1.
    var packedWeights: UnsafeMutablePointer<T>
    /// V packed for the output layer's products (forward: V^T, backward: V).
    var packedOutputWeights: UnsafeMutablePointer<T>
    /// Scratch of `gemmTransposedA` (dW and dV).
    var productScratch: UnsafeMutablePointer<T>
    private let scratchSize: Int
    /// Worker threads that share the rows of the recurrent layer's and the class softmax's products
    /// (a class model's update keeps its streams in one workspace; see `OutputThreads`); 1: all on the
    /// calling thread. Each share is computed as on one thread, so the results are the same bits.
    var rowThreads = 1 {
        didSet {
            while shareScratch.count < rowThreads - 1 {
                let scratch = UnsafeMutablePointer<T>.allocate(capacity: scratchSize)
                scratch.initialize(repeating: 0, count: scratchSize)
                shareScratch.append(scratch)
            }
        }
    }
    /// `gemmTransposedA` scratch of row workers 1..<rowThreads (worker 0 uses `productScratch`).
    private(set) var shareScratch: [UnsafeMutablePointer<T>] = []
    var inputs: UnsafeMutablePointer<Int32>
    var targets: UnsafeMutablePointer<Int32>
    var mask: UnsafeMutablePointer<Float>
    var hasMask = false
    /// The class output layer's buffers (nil with the full softmax).
    let classLayer: ClassLayerBuffers<T>?

    /// Output-layer width of the row-proportional softmax buffers: V for the full softmax, 0 with
    /// classes (their softmaxes live in `classLayer`).
    private static func softmaxWidth(_ shape: RNNShape) -> Int { shape.classes == nil ? shape.vocabulary : 0 }

    // Specialised: unspecialised, the buffers' initialize(repeating:) copies each element through the
    // type's value witnesses (1.2% of a 1500-update `word-classes.cfg` train run, by perf samples, went
    // to those copies in the evaluations' new workspaces; 0.1% specialised).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public init(shape: RNNShape, maxLength: Int, batch: Int) {
        requireValid { try shape.validate() }
        guard maxLength >= 1, batch >= 1 else {
            failContract(LabError("workspace needs maxLength >= 1 and batch >= 1 (got \(maxLength), \(batch))"))
        }
        self.shape = shape
        self.batch = batch
        self.capacity = maxLength
        let h = shape.hidden, rows = maxLength * batch, p = shape.gateWidth
        let v = Self.softmaxWidth(shape)
        let sizes = CellBufferSizes(shape)
        // The output layer's weight matrix: V x H for the full softmax, the C x H class weights with classes.
        let outputRows = shape.classes?.count ?? shape.vocabulary
        states = .allocate(capacity: (rows + batch) * h)
        probabilities = .allocate(capacity: rows * v)
        outputGradient = .allocate(capacity: rows * v)
        errors = .allocate(capacity: rows * h)
        deltas = .allocate(capacity: rows * p)
        errorTotals = .allocate(capacity: rows * h)
        cellCache = .allocate(capacity: rows * sizes.cache)
        cellStates = .allocate(capacity: (rows + batch) * sizes.cellState)
        cellErrorTotals = .allocate(capacity: rows * sizes.cellState)
        cellCarry = .allocate(capacity: batch * sizes.cellState)
        cellCarryNext = .allocate(capacity: batch * sizes.cellState)
        cellScratch = .allocate(capacity: batch * sizes.cellState)
        recurrentDeltasStorage = .allocate(capacity: rows * sizes.recurrentDeltas)
        sweepCurrent = .allocate(capacity: batch * h)
        ones = .allocate(capacity: rows)
        let recurrentPackedSize = max(T.packedSize(k: h, n: p), T.packedSize(k: p, n: h))
        packedWeights = .allocate(capacity: recurrentPackedSize)
        let outputPackedSize = max(T.packedSize(k: h, n: outputRows), T.packedSize(k: outputRows, n: h))
        packedOutputWeights = .allocate(capacity: outputPackedSize)
        scratchSize = max(T.transposedAScratchSize(m: p, n: h), T.transposedAScratchSize(m: outputRows, n: h))
        productScratch = .allocate(capacity: scratchSize)
        inputs = .allocate(capacity: rows)
        targets = .allocate(capacity: rows)
        mask = .allocate(capacity: rows)
        states.initialize(repeating: 0, count: (rows + batch) * h)
        probabilities.initialize(repeating: 0, count: rows * v)
        outputGradient.initialize(repeating: 0, count: rows * v)
        errors.initialize(repeating: 0, count: rows * h)
        deltas.initialize(repeating: 0, count: rows * p)
        errorTotals.initialize(repeating: 0, count: rows * h)
        cellCache.initialize(repeating: 0, count: rows * sizes.cache)
        cellStates.initialize(repeating: 0, count: (rows + batch) * sizes.cellState)
        cellErrorTotals.initialize(repeating: 0, count: rows * sizes.cellState)
        cellCarry.initialize(repeating: 0, count: batch * sizes.cellState)
        cellCarryNext.initialize(repeating: 0, count: batch * sizes.cellState)
        cellScratch.initialize(repeating: 0, count: batch * sizes.cellState)
        recurrentDeltasStorage.initialize(repeating: 0, count: rows * sizes.recurrentDeltas)
        sweepCurrent.initialize(repeating: 0, count: batch * h)
        ones.initialize(repeating: 1, count: rows)
        packedWeights.initialize(repeating: 0, count: recurrentPackedSize)
        packedOutputWeights.initialize(repeating: 0, count: outputPackedSize)
        productScratch.initialize(repeating: 0, count: scratchSize)
        inputs.initialize(repeating: 0, count: rows)
        targets.initialize(repeating: 0, count: rows)
        mask.initialize(repeating: 1, count: rows)
        classLayer = shape.classes.map { ClassLayerBuffers(classes: $0, hidden: h, rows: rows) }
    }

    deinit { releaseBuffers() }

    /// h_t for t in 0..<length as B x H (t = -1 gives the initial state), from the last forward pass
    /// (without LSTM's c_t: `finalState` carries both).
    public func state(at t: Int) -> [T] {
        guard (-1..<max(length, 0)).contains(t) else {
            failContract(LabError("state(at: \(t)) is outside -1..<\(length) of the last forward pass"))
        }
        let width = batch * shape.hidden
        return Array(UnsafeBufferPointer(start: states + (t + 1) * width, count: width))
    }

    /// The carried state after the last step of the last forward pass (B x stateWidth: s_{L-1}, or
    /// LSTM's rows [h | c]): what the next window starts from.
    public func finalState() -> [T] {
        guard length > 0 else { failContract(LabError("finalState() called before any forward pass")) }
        return carriedState(at: length - 1)
    }

    /// Softmax outputs at step t (B x V); defined for firstOutput <= t < length of the last forward,
    /// with the full softmax (a class model keeps only its target classes' words: `targetProbability`).
    public func probabilities(at t: Int) -> [T] {
        guard (firstOutput..<length).contains(t) else {
            failContract(LabError("probabilities(at: \(t)) is outside the outputs \(firstOutput)..<\(length)"))
        }
        guard shape.classes == nil else {
            failContract(LabError("probabilities(at:) needs the full softmax; a class model has targetProbability(at:row:)"))
        }
        let width = batch * shape.vocabulary
        return Array(UnsafeBufferPointer(start: probabilities + t * width, count: width))
    }

    /// P(target | s_t) of row b at output step t of the last forward pass (either output layer).
    public func targetProbability(at t: Int, row b: Int) -> Double {
        guard (firstOutput..<length).contains(t), (0..<batch).contains(b) else {
            failContract(LabError("targetProbability(at: \(t), row: \(b)) is outside the outputs \(firstOutput)..<\(length), rows 0..<\(batch)"))
        }
        let row = t * batch + b
        if let classLayer { return classLayer.targetProbability(row: row, target: Int(targets[row])) }
        return Double(probabilities[row * shape.vocabulary + Int(targets[row])])
    }

    /// Makes room for `length` steps, keeping the stored states, inputs and targets.
    // Specialised, as init is.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func reserve(length newLength: Int) {
        guard newLength > capacity else { return }
        let oldRows = capacity * batch, rows = newLength * batch
        let h = shape.hidden, v = Self.softmaxWidth(shape), p = shape.gateWidth
        let sizes = CellBufferSizes(shape)
        grow(&states, old: (oldRows + batch) * h, new: (rows + batch) * h, fill: 0)
        grow(&probabilities, old: oldRows * v, new: rows * v, fill: 0)
        grow(&outputGradient, old: oldRows * v, new: rows * v, fill: 0)
        grow(&errors, old: oldRows * h, new: rows * h, fill: 0)
        grow(&deltas, old: oldRows * p, new: rows * p, fill: 0)
        grow(&errorTotals, old: oldRows * h, new: rows * h, fill: 0)
        grow(&cellCache, old: oldRows * sizes.cache, new: rows * sizes.cache, fill: 0)
        grow(&cellStates, old: (oldRows + batch) * sizes.cellState, new: (rows + batch) * sizes.cellState, fill: 0)
        grow(&cellErrorTotals, old: oldRows * sizes.cellState, new: rows * sizes.cellState, fill: 0)
        grow(&recurrentDeltasStorage, old: oldRows * sizes.recurrentDeltas, new: rows * sizes.recurrentDeltas, fill: 0)
        grow(&ones, old: oldRows, new: rows, fill: 1)
        grow(&inputs, old: oldRows, new: rows, fill: 0)
        grow(&targets, old: oldRows, new: rows, fill: 0)
        grow(&mask, old: oldRows, new: rows, fill: 1)
        classLayer?.reserve(rows: rows, oldRows: oldRows)
        capacity = newLength
    }

    private func releaseBuffers() {
        for pointer in [states, probabilities, outputGradient, errors, deltas, errorTotals, cellCache, cellStates, cellErrorTotals,
                        cellCarry, cellCarryNext, cellScratch, recurrentDeltasStorage, sweepCurrent, ones, packedWeights,
                        packedOutputWeights, productScratch] {
            pointer.deallocate()
        }
        for scratch in shareScratch { scratch.deallocate() }
        inputs.deallocate()
        targets.deallocate()
        mask.deallocate()
    }

    // Row-block addresses (one block = B rows of one step).
    @inline(__always) func stateBlock(_ t: Int) -> UnsafeMutablePointer<T> { states + (t + 1) * batch * shape.hidden }
    @inline(__always) func hiddenBlock(_ buffer: UnsafeMutablePointer<T>, _ t: Int) -> UnsafeMutablePointer<T> {
        buffer + t * batch * shape.hidden
    }
    /// Row block t of a buffer P = G·H wide (deltas).
    @inline(__always) func gateBlock(_ buffer: UnsafeMutablePointer<T>, _ t: Int) -> UnsafeMutablePointer<T> {
        buffer + t * batch * shape.gateWidth
    }
    /// Row block t of the cell cache; t = -1 is not defined.
    @inline(__always) func cacheBlock(_ t: Int) -> UnsafeMutablePointer<T> {
        cellCache + t * batch * shape.cell.cacheWidth(hidden: shape.hidden)
    }
    /// LSTM's c_t (B x H), t = -1 the initial cell state.
    @inline(__always) func cellStateBlock(_ t: Int) -> UnsafeMutablePointer<T> { cellStates + (t + 1) * batch * shape.hidden }
    /// The deltas the recurrent product and dW use: GRU's own, the input side's for the other cells.
    var recurrentDeltas: UnsafeMutablePointer<T> { shape.cell == .gru ? recurrentDeltasStorage : deltas }
    @inline(__always) func outputBlock(_ buffer: UnsafeMutablePointer<T>, _ t: Int) -> UnsafeMutablePointer<T> {
        buffer + t * batch * shape.vocabulary
    }
    var maskPointer: UnsafePointer<Float>? { hasMask ? UnsafePointer(mask) : nil }
}

/// Replaces `pointer` by a buffer of `new` elements keeping its first `old`, the rest set to `fill`.
func grow<E>(_ pointer: inout UnsafeMutablePointer<E>, old: Int, new: Int, fill: E) {
    let fresh = UnsafeMutablePointer<E>.allocate(capacity: new)
    fresh.moveInitialize(from: pointer, count: old)
    (fresh + old).initialize(repeating: fill, count: new - old)
    pointer.deallocate()
    pointer = fresh
}

/// Sizes (per row and step) of the buffers only a gated cell uses: 0 for Elman.
private struct CellBufferSizes {
    let cache: Int, cellState: Int, recurrentDeltas: Int
    init(_ shape: RNNShape) {
        cache = shape.cell.cacheWidth(hidden: shape.hidden)
        cellState = shape.cell == .lstm ? shape.hidden : 0
        recurrentDeltas = shape.cell == .gru ? shape.gateWidth : 0
    }
}

extension RNNWorkspace {
    /// Values of the carried state of the B rows (B x stateWidth, row r = [h | c] for LSTM).
    var stateCount: Int { batch * shape.stateWidth }

    /// The carried state after step t (t = -1: the initial state), rows [h | c].
    func carriedState(at t: Int) -> [T] {
        let h = shape.hidden
        guard shape.cell == .lstm else { return Array(UnsafeBufferPointer(start: stateBlock(t), count: batch * h)) }
        var values = [T](repeating: 0, count: stateCount)
        values.withUnsafeMutableBufferPointer { out in
            for r in 0..<batch {
                (out.baseAddress! + r * 2 * h).copyElements(from: stateBlock(t) + r * h, count: h)
                (out.baseAddress! + r * 2 * h + h).copyElements(from: cellStateBlock(t) + r * h, count: h)
            }
        }
        return values
    }

    /// Sets the carried state after step t (t = -1: the initial state) from B rows [h | c].
    func setCarriedState(_ values: UnsafePointer<T>, at t: Int) {
        let h = shape.hidden
        guard shape.cell == .lstm else { return stateBlock(t).copyElements(from: values, count: batch * h) }
        for r in 0..<batch {
            (stateBlock(t) + r * h).copyElements(from: values + r * 2 * h, count: h)
            (cellStateBlock(t) + r * h).copyElements(from: values + r * 2 * h + h, count: h)
        }
    }

    /// Zeroes the carried state after step t (h, and LSTM's c).
    func zeroCarriedState(at t: Int) {
        stateBlock(t).zeroFill(count: batch * shape.hidden)
        if shape.cell == .lstm { cellStateBlock(t).zeroFill(count: batch * shape.hidden) }
    }
}
