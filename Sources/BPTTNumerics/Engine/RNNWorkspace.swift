/// Activations and scratch buffers for windows of up to `maxLength` steps of `batch` sequences,
/// allocated once and reused, so forward and backward passes allocate nothing. A larger window
/// grows the buffers (once); the batch size is fixed per workspace.
///
/// Layout (row-major, one row = one sequence at one step):
/// - states: (L+1) x B x H; row block 0 is the initial state, block t+1 is s_t. So the previous
///   states of all steps form ONE contiguous (L*B) x H matrix, and so do the current states.
/// - probabilities: L x B x V softmax outputs (only steps >= firstOutput are computed).
/// - errors / deltas: L x B x H back-propagation buffers; outputGradient: L x B x V.
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
    /// The total error dE/ds_t reaching each step (optimized: the sweep's running sum; naive: the sum
    /// of the per-output sweeps, for the step norms). `errors` keeps the local errors untouched.
    var errorTotals: UnsafeMutablePointer<T>
    /// Two B x H rows for single-seed sweeps (naive per-output sweeps, the reach sweep).
    var sweepCurrent: UnsafeMutablePointer<T>
    var sweepNext: UnsafeMutablePointer<T>
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

    public init(shape: RNNShape, maxLength: Int, batch: Int) {
        requireValid { try shape.validate() }
        guard maxLength >= 1, batch >= 1 else {
            failContract(LabError("workspace needs maxLength >= 1 and batch >= 1 (got \(maxLength), \(batch))"))
        }
        self.shape = shape
        self.batch = batch
        self.capacity = maxLength
        let h = shape.hidden, rows = maxLength * batch
        let v = Self.softmaxWidth(shape)
        // The output layer's weight matrix: V x H for the full softmax, the C x H class weights with classes.
        let outputRows = shape.classes?.count ?? shape.vocabulary
        states = .allocate(capacity: (rows + batch) * h)
        probabilities = .allocate(capacity: rows * v)
        outputGradient = .allocate(capacity: rows * v)
        errors = .allocate(capacity: rows * h)
        deltas = .allocate(capacity: rows * h)
        errorTotals = .allocate(capacity: rows * h)
        sweepCurrent = .allocate(capacity: batch * h)
        sweepNext = .allocate(capacity: batch * h)
        ones = .allocate(capacity: rows)
        packedWeights = .allocate(capacity: T.packedSize(k: h, n: h))
        let outputPackedSize = max(T.packedSize(k: h, n: outputRows), T.packedSize(k: outputRows, n: h))
        packedOutputWeights = .allocate(capacity: outputPackedSize)
        scratchSize = max(T.transposedAScratchSize(m: h, n: h), T.transposedAScratchSize(m: outputRows, n: h))
        productScratch = .allocate(capacity: scratchSize)
        inputs = .allocate(capacity: rows)
        targets = .allocate(capacity: rows)
        mask = .allocate(capacity: rows)
        states.initialize(repeating: 0, count: (rows + batch) * h)
        probabilities.initialize(repeating: 0, count: rows * v)
        outputGradient.initialize(repeating: 0, count: rows * v)
        errors.initialize(repeating: 0, count: rows * h)
        deltas.initialize(repeating: 0, count: rows * h)
        errorTotals.initialize(repeating: 0, count: rows * h)
        sweepCurrent.initialize(repeating: 0, count: batch * h)
        sweepNext.initialize(repeating: 0, count: batch * h)
        ones.initialize(repeating: 1, count: rows)
        packedWeights.initialize(repeating: 0, count: T.packedSize(k: h, n: h))
        packedOutputWeights.initialize(repeating: 0, count: outputPackedSize)
        productScratch.initialize(repeating: 0, count: scratchSize)
        inputs.initialize(repeating: 0, count: rows)
        targets.initialize(repeating: 0, count: rows)
        mask.initialize(repeating: 1, count: rows)
        classLayer = shape.classes.map { ClassLayerBuffers(classes: $0, hidden: h, rows: rows) }
    }

    deinit { releaseBuffers() }

    /// s_t for t in 0..<length as B x H (t = -1 gives the initial state), from the last forward pass.
    public func state(at t: Int) -> [T] {
        guard (-1..<max(length, 0)).contains(t) else {
            failContract(LabError("state(at: \(t)) is outside -1..<\(length) of the last forward pass"))
        }
        let width = batch * shape.hidden
        return Array(UnsafeBufferPointer(start: states + (t + 1) * width, count: width))
    }

    /// s_{L-1} of each of the B rows (B x H) after the last forward pass.
    public func finalState() -> [T] {
        guard length > 0 else { failContract(LabError("finalState() called before any forward pass")) }
        return state(at: length - 1)
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
    func reserve(length newLength: Int) {
        guard newLength > capacity else { return }
        let oldRows = capacity * batch, rows = newLength * batch
        let h = shape.hidden, v = Self.softmaxWidth(shape)
        grow(&states, old: (oldRows + batch) * h, new: (rows + batch) * h, fill: 0)
        grow(&probabilities, old: oldRows * v, new: rows * v, fill: 0)
        grow(&outputGradient, old: oldRows * v, new: rows * v, fill: 0)
        grow(&errors, old: oldRows * h, new: rows * h, fill: 0)
        grow(&deltas, old: oldRows * h, new: rows * h, fill: 0)
        grow(&errorTotals, old: oldRows * h, new: rows * h, fill: 0)
        grow(&ones, old: oldRows, new: rows, fill: 1)
        grow(&inputs, old: oldRows, new: rows, fill: 0)
        grow(&targets, old: oldRows, new: rows, fill: 0)
        grow(&mask, old: oldRows, new: rows, fill: 1)
        classLayer?.reserve(rows: rows, oldRows: oldRows)
        capacity = newLength
    }

    private func releaseBuffers() {
        for pointer in [states, probabilities, outputGradient, errors, deltas, errorTotals, sweepCurrent, sweepNext, ones, packedWeights,
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
