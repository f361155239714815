/// The class output layer's part of an `RNNWorkspace`: everything is sized by output rows (step x
/// sequence, at most maxLength x B) and allocated once, so a pass allocates nothing. Rows are the
/// window's global rows t * B + b; "sorted" buffers hold the output rows grouped by target class.
final class ClassLayerBuffers<T: RNNScalar>: @unchecked Sendable {
    let classCount: Int
    let largestClass: Int
    let hidden: Int
    /// Copies of the classes' tables, for pointer access in the hot loops.
    let classOf: UnsafeMutablePointer<Int32>
    let slotOf: UnsafeMutablePointer<Int32>
    let classStart: UnsafeMutablePointer<Int>

    /// Per row: P(k|s) over the C classes (rows x C), its gradient, and the row's target class.
    var classProbabilities: UnsafeMutablePointer<T>
    var classGradient: UnsafeMutablePointer<T>
    var targetClasses: UnsafeMutablePointer<Int32>
    /// Per row: where its target class's word probabilities start in `wordProbabilities`.
    var wordOffset: UnsafeMutablePointer<Int>
    /// The word softmaxes, class by class: the n_k rows of class k as one n_k x |k| block.
    var wordProbabilities: UnsafeMutablePointer<T>
    var wordGradient: UnsafeMutablePointer<T>
    /// Output rows grouped by target class (class k: sortedRows[rowStart[k]..<rowStart[k + 1]]), with
    /// their target's place within its class, their mask weight, state and (backward) word error.
    var sortedRows: UnsafeMutablePointer<Int32>
    var sortedTargets: UnsafeMutablePointer<Int32>
    var sortedMask: UnsafeMutablePointer<Float>
    var sortedStates: UnsafeMutablePointer<T>
    var sortedErrors: UnsafeMutablePointer<T>
    /// C + 1 row starts of the groups, a cursor per class while sorting, and each class's block offset.
    let rowStart: UnsafeMutablePointer<Int>
    let cursor: UnsafeMutablePointer<Int>
    let blockOffset: UnsafeMutablePointer<Int>
    /// Worker threads the word softmaxes are split over, by contiguous ranges of classes of about
    /// equal work (each class's rows and V rows belong to one worker: nothing to add up afterwards).
    var threads = 1
    /// Ranges of classes the word softmaxes are cut into: one on one thread, else up to
    /// `rangesPerThread` a thread, each taken by whichever thread is free (a range's cost is only
    /// estimated, and the threads' memory waits differ).
    var ranges = 1
    static var rangesPerThread: Int { 4 }
    /// The ranges' class bounds (ranges + 1) and each range's loss, for a fixed-order sum.
    let rangeBounds: UnsafeMutablePointer<Int>
    let rangeLoss: UnsafeMutablePointer<Double>
    static var maximumThreads: Int { 64 }
    /// Each slot's Σ dV² as the last backward left its gradient row (`bptt_row_sums_squares_f32`),
    /// taken while the class's rows are in cache, for the clipping norm; valid for the slots of the
    /// classes `rowSumsReady` marks (those the last backward had rows for).
    let wordRowSums: UnsafeMutablePointer<Double>
    let rowSumsReady: UnsafeMutablePointer<Bool>
    /// The class of each slot.
    let classOfSlot: UnsafeMutablePointer<Int32>

    // Specialised: unspecialised, the buffers' initialize(repeating:) copies each element through the
    // type's value witnesses (1.2% of a 1500-update `word-classes.cfg` train run, by perf samples, went
    // to those copies in the evaluations' new workspaces; 0.1% specialised).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    init(classes: WordClasses, hidden h: Int, rows: Int) {
        classCount = classes.count
        largestClass = classes.largestClass
        hidden = h
        classOf = .allocate(capacity: classes.vocabulary)
        classOf.initialize(from: classes.classOf, count: classes.vocabulary)
        slotOf = .allocate(capacity: classes.vocabulary)
        slotOf.initialize(from: classes.slotOf, count: classes.vocabulary)
        classStart = .allocate(capacity: classCount + 1)
        classStart.initialize(from: classes.starts, count: classCount + 1)
        let c = classCount, l = largestClass
        classProbabilities = .allocate(capacity: rows * c); classProbabilities.initialize(repeating: 0, count: rows * c)
        classGradient = .allocate(capacity: rows * c); classGradient.initialize(repeating: 0, count: rows * c)
        targetClasses = .allocate(capacity: rows); targetClasses.initialize(repeating: 0, count: rows)
        wordOffset = .allocate(capacity: rows); wordOffset.initialize(repeating: 0, count: rows)
        wordProbabilities = .allocate(capacity: rows * l); wordProbabilities.initialize(repeating: 0, count: rows * l)
        wordGradient = .allocate(capacity: rows * l); wordGradient.initialize(repeating: 0, count: rows * l)
        sortedRows = .allocate(capacity: rows); sortedRows.initialize(repeating: 0, count: rows)
        sortedTargets = .allocate(capacity: rows); sortedTargets.initialize(repeating: 0, count: rows)
        sortedMask = .allocate(capacity: rows); sortedMask.initialize(repeating: 1, count: rows)
        sortedStates = .allocate(capacity: rows * h); sortedStates.initialize(repeating: 0, count: rows * h)
        sortedErrors = .allocate(capacity: rows * h); sortedErrors.initialize(repeating: 0, count: rows * h)
        rowStart = .allocate(capacity: c + 1); rowStart.initialize(repeating: 0, count: c + 1)
        cursor = .allocate(capacity: c); cursor.initialize(repeating: 0, count: c)
        blockOffset = .allocate(capacity: c); blockOffset.initialize(repeating: 0, count: c)
        rangeBounds = .allocate(capacity: Self.maximumThreads + 1)
        rangeBounds.initialize(repeating: 0, count: Self.maximumThreads + 1)
        rangeLoss = .allocate(capacity: Self.maximumThreads); rangeLoss.initialize(repeating: 0, count: Self.maximumThreads)
        wordRowSums = .allocate(capacity: classes.vocabulary); wordRowSums.initialize(repeating: 0, count: classes.vocabulary)
        rowSumsReady = .allocate(capacity: c); rowSumsReady.initialize(repeating: false, count: c)
        classOfSlot = .allocate(capacity: classes.vocabulary)
        for k in 0..<c {
            for slot in classes.starts[k]..<classes.starts[k + 1] { classOfSlot[slot] = Int32(k) }
        }
    }

    /// Room for `rows` output rows (keeping nothing: these buffers are rewritten by every forward pass).
    // Specialised, as init is.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func reserve(rows: Int, oldRows: Int) {
        guard rows > oldRows else { return }
        let c = classCount, l = largestClass, h = hidden
        grow(&classProbabilities, old: 0, new: rows * c, fill: 0)
        grow(&classGradient, old: 0, new: rows * c, fill: 0)
        grow(&targetClasses, old: 0, new: rows, fill: 0)
        grow(&wordOffset, old: 0, new: rows, fill: 0)
        grow(&wordProbabilities, old: 0, new: rows * l, fill: 0)
        grow(&wordGradient, old: 0, new: rows * l, fill: 0)
        grow(&sortedRows, old: 0, new: rows, fill: 0)
        grow(&sortedTargets, old: 0, new: rows, fill: 0)
        grow(&sortedMask, old: 0, new: rows, fill: 1)
        grow(&sortedStates, old: 0, new: rows * h, fill: 0)
        grow(&sortedErrors, old: 0, new: rows * h, fill: 0)
    }

    /// P(target|s) of a row of the last forward pass: P(class) · P(word|class).
    func targetProbability(row: Int, target: Int) -> Double {
        let k = Int(classOf[target])
        let place = Int(slotOf[target]) - classStart[k]
        return Double(classProbabilities[row * classCount + k]) * Double(wordProbabilities[wordOffset[row] + place])
    }

    deinit {
        rangeBounds.deallocate(); rangeLoss.deallocate()
        wordRowSums.deallocate(); rowSumsReady.deallocate(); classOfSlot.deallocate()
        classOf.deallocate(); slotOf.deallocate(); classStart.deallocate()
        classProbabilities.deallocate(); classGradient.deallocate(); targetClasses.deallocate(); wordOffset.deallocate()
        wordProbabilities.deallocate(); wordGradient.deallocate()
        sortedRows.deallocate(); sortedTargets.deallocate(); sortedMask.deallocate()
        sortedStates.deallocate(); sortedErrors.deallocate()
        rowStart.deallocate(); cursor.deallocate(); blockOffset.deallocate()
    }
}

extension RNNWorkspace {
    /// With a class output layer, the V gradient rows' sums of squares its last backward took as it
    /// made them (see `OutputRowSums`); nil otherwise. Valid until the gradient's V rows change.
    var outputRowSums: OutputRowSums? {
        guard let layer = classLayer else { return nil }
        return OutputRowSums(sums: layer.wordRowSums, ready: layer.rowSumsReady, classOfSlot: layer.classOfSlot)
    }
}
