/// The class-factored output layer over all output rows of a window (the fast path; `ClassSoftmax`
/// has the same maths one row at a time, as the plain reference):
///     P(w|s) = P(k|s) · P(w|k, s),  k = class(w),
///     P(k|s) = softmax(classV s + classC)_k,   P(w|k, s) = softmax over the words of k of (V s + c).
/// The class softmax of all rows is one product (rows x C). The word softmaxes need only the target
/// class's words, which are contiguous rows of V (slot order): the rows are grouped by target class
/// and each class's rows make one product with its block of V, so each block of V is read once per
/// pass however many rows use it (`classLogits`, `classBackward`: few rows against a long block, where
/// a packing BLAS spends as long packing as multiplying). A class of one word has P(w|k) = 1 and no
/// gradient: skipped.
enum ClassSoftmaxLayer {
    /// Loss of the outputs of `steps`: -log P(class) - log P(word|class), masked. With `gradients`, also
    /// the backward of those outputs (what `backward` does, to the same bits, when the outputs are the
    /// window's t >= firstOutput): each class's word gradients are made right after its softmax,
    /// while its block of V is still in cache, instead of in a second pass over V.
    static func forward<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, steps: Range<Int>,
                                      gradients: MutableParameterPointers<T>? = nil) -> ForwardResult {
        let buffers = ws.classLayer!
        let h = ws.shape.hidden, classCount = buffers.classCount, batch = ws.batch
        let firstRow = steps.lowerBound * batch, rows = steps.count * batch
        guard rows > 0 else { return ForwardResult(lossSum: 0, outputCount: 0) }
        let targets = ws.targets + firstRow
        let mask = ws.maskPointer.map { $0 + firstRow }
        for r in 0..<rows { buffers.targetClasses[firstRow + r] = buffers.classOf[Int(targets[r])] }

        // The class softmax: the product and the softmax by shares of the rows, each share's loss
        // summed on its own, then the shares' sums in order.
        T.pack(p.classV, ldb: h, transposed: true, k: h, n: classCount, into: ws.packedOutputWeights)
        let firstStep = steps.lowerBound
        let shares = ws.forEachRowShare(of: rows) { share, part in
            // (Pointers are recomputed here: a worker's closure captures only Sendable values.)
            let row = firstRow + part.lowerBound
            let logits = buffers.classProbabilities + row * classCount
            T.gemmPacked(m: part.count, n: classCount, k: h, a: ws.stateBlock(firstStep) + part.lowerBound * h, lda: h,
                         packed: ws.packedOutputWeights, c: logits, ldc: classCount, addend: nil)
            buffers.rangeLoss[share] = T.softmaxCrossEntropy(logits, bias: p.classC, targets: buffers.targetClasses + row,
                                                             mask: ws.maskPointer.map { $0 + row }, rows: part.count,
                                                             width: classCount)
        }
        var loss = 0.0
        for share in 0..<shares { loss += buffers.rangeLoss[share] }

        if let gradients {
            precondition(firstRow == ws.firstOutput * batch && rows == (ws.length - ws.firstOutput) * batch,
                         "the backward in the forward pass covers the window's outputs")
            buffers.rowSumsReady.update(repeating: false, count: classCount)
            classSoftmaxBackward(p, ws, firstRow: firstRow, rows: rows, into: gradients)
        }
        groupRowsByClass(buffers, ws, firstRow: firstRow, rows: rows)
        // Each class's block of word probabilities, and the classes split among the workers.
        var offset = 0
        for k in 0..<classCount {
            let start = buffers.rowStart[k], n = buffers.rowStart[k + 1] - start
            guard n > 0 else { continue }
            let size = buffers.classStart[k + 1] - buffers.classStart[k]
            buffers.blockOffset[k] = offset
            for i in 0..<n { buffers.wordOffset[Int(buffers.sortedRows[start + i])] = offset + i * size }
            offset += n * size
        }
        splitClasses(buffers)
        // The word softmaxes, one product per class with rows (and its backward when asked).
        let shared = SharedPointers(p: p, mask: mask, g: gradients)
        WorkerThreads.run(buffers.ranges, threads: buffers.threads) { range in
            var rangeLoss = 0.0
            for k in buffers.rangeBounds[range]..<buffers.rangeBounds[range + 1] {
                let start = buffers.rowStart[k], n = buffers.rowStart[k + 1] - start
                guard n > 0 else { continue }
                let firstSlot = buffers.classStart[k], size = buffers.classStart[k + 1] - firstSlot
                let block = buffers.wordProbabilities + buffers.blockOffset[k]
                if size == 1 {
                    for i in 0..<n { block[i] = 1 }
                    continue
                }
                T.classLogits(states: buffers.sortedStates + start * h, words: shared.p.V + firstSlot * h, into: block,
                              rows: n, words: size, width: h)
                rangeLoss += T.softmaxCrossEntropy(block, bias: shared.p.c + firstSlot, targets: buffers.sortedTargets + start,
                                                   mask: shared.mask == nil ? nil : UnsafePointer(buffers.sortedMask + start),
                                                   rows: n, width: size)
                if let g = shared.g { wordBackward(ofClass: k, shared.p, ws, into: g) }
            }
            buffers.rangeLoss[range] = rangeLoss
        }
        for range in 0..<buffers.ranges { loss += buffers.rangeLoss[range] }
        return ForwardResult(lossSum: loss, outputCount: OutputStage.weightSum(mask, rows: rows))
    }

    /// Gradients of the outputs t >= firstOutput, ACCUMULATED into `g` (classV, classC, and the
    /// target classes' rows of V and c), and their local errors written to `errors`.
    static func backward<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, into g: MutableParameterPointers<T>) {
        let buffers = ws.classLayer!
        let firstRow = ws.firstOutput * ws.batch, rows = (ws.length - ws.firstOutput) * ws.batch
        guard rows > 0 else { return }
        classSoftmaxBackward(p, ws, firstRow: firstRow, rows: rows, into: g)
        buffers.rowSumsReady.update(repeating: false, count: buffers.classCount)
        // Word softmaxes, class by class (the forward pass's split among the workers).
        let shared = SharedPointers(p: p, mask: nil, g: g)
        WorkerThreads.run(buffers.ranges, threads: buffers.threads) { range in
            for k in buffers.rangeBounds[range]..<buffers.rangeBounds[range + 1] {
                wordBackward(ofClass: k, shared.p, ws, into: shared.g!)
            }
        }
    }

    /// The class softmax's backward: dZ = (P - onehot) * mask; dclassV += dZ^T S, dclassC += column
    /// sums, errors = dZ classV (written: the word softmaxes' errors are added to them after).
    private static func classSoftmaxBackward<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>, firstRow: Int,
                                                           rows: Int, into g: MutableParameterPointers<T>) {
        let buffers = ws.classLayer!
        let h = ws.shape.hidden, classCount = buffers.classCount
        let dz = buffers.classGradient + firstRow * classCount
        ws.forEachRowShare(of: rows) { _, part in
            let row = firstRow + part.lowerBound
            T.outputGradient(probabilities: buffers.classProbabilities + row * classCount, targets: buffers.targetClasses + row,
                             mask: ws.maskPointer.map { $0 + row }, rows: part.count, width: classCount,
                             into: buffers.classGradient + row * classCount)
        }
        // dclassV by shares of its rows (classes), the errors by shares of the output rows.
        // (Pointers are recomputed in the workers' closures: those capture only Sendable values.)
        let gradients = g
        ws.forEachRowShare(of: classCount) { share, part in
            T.gemmTransposedA(m: part.count, n: h, k: rows, a: buffers.classGradient + firstRow * classCount + part.lowerBound,
                              lda: classCount, b: ws.stateBlock(firstRow / ws.batch), ldb: h,
                              c: gradients.classV + part.lowerBound * h, ldc: h, scratch: ws.productScratch(ofShare: share))
        }
        T.gemv(transpose: true, m: rows, n: classCount, alpha: 1, a: dz, lda: classCount, x: ws.ones, beta: 1, y: g.classC)
        T.pack(p.classV, ldb: h, transposed: false, k: classCount, n: h, into: ws.packedOutputWeights)
        ws.forEachRowShare(of: rows) { _, part in
            let row = firstRow + part.lowerBound
            T.gemmPacked(m: part.count, n: h, k: classCount, a: buffers.classGradient + row * classCount, lda: classCount,
                         packed: ws.packedOutputWeights, c: ws.errors + row * h, ldc: h, addend: nil)
        }
    }

    /// Class k's word softmax backward, from the forward pass's grouped rows and probabilities (its
    /// rows of dV, dc and errors are its own, so classes run on different workers at once):
    /// dV_k += dZ_k^T S_k, dc_k += column sums, errors[rows] += dZ_k V_k.
    private static func wordBackward<T: RNNScalar>(ofClass k: Int, _ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>,
                                                   into g: MutableParameterPointers<T>) {
        let buffers = ws.classLayer!
        let h = ws.shape.hidden
        let start = buffers.rowStart[k], n = buffers.rowStart[k + 1] - start
        let firstSlot = buffers.classStart[k], size = buffers.classStart[k + 1] - firstSlot
        guard n > 0 else { return }
        defer {
            // The class's gradient rows as this backward leaves them, summed while they are in cache.
            T.rowSumsOfSquares(g.V + firstSlot * h, rows: size, width: h, into: buffers.wordRowSums + firstSlot)
            buffers.rowSumsReady[k] = true
        }
        guard size > 1 else { return }
        let offset = buffers.blockOffset[k]
        let dzk = buffers.wordGradient + offset
        T.outputGradient(probabilities: buffers.wordProbabilities + offset, targets: buffers.sortedTargets + start,
                         mask: ws.maskPointer == nil ? nil : UnsafePointer(buffers.sortedMask + start),
                         rows: n, width: size, into: dzk)
        let sortedErrors = buffers.sortedErrors + start * h
        T.classBackward(dzk, states: buffers.sortedStates + start * h, words: p.V + firstSlot * h,
                        wordGradients: g.V + firstSlot * h, errors: sortedErrors, rows: n, words: size, width: h)
        T.gemv(transpose: true, m: n, n: size, alpha: 1, a: dzk, lda: size, x: ws.ones, beta: 1, y: g.c + firstSlot)
        T.scatterAddRows(sortedErrors, indices: buffers.sortedRows + start, rows: n, width: h, stride: h, into: ws.errors)
    }

    /// Pointers the workers share (each writes only its own classes' parts).
    private struct SharedPointers<T: RNNScalar>: @unchecked Sendable {
        var p: ParameterPointers<T>
        var mask: UnsafePointer<Float>?
        var g: MutableParameterPointers<T>? = nil
    }

    /// Cuts the classes 0..<C into `ranges` contiguous ranges of about equal work (rows x words of
    /// each class's product, after the grouping): `rangeBounds[r]..<rangeBounds[r + 1]`.
    private static func splitClasses<T: RNNScalar>(_ buffers: ClassLayerBuffers<T>) {
        let maximum = ClassLayerBuffers<T>.maximumThreads
        buffers.threads = max(1, min(buffers.threads, maximum))
        let classCount = buffers.classCount
        let ranges = buffers.threads == 1 ? 1 : min(buffers.threads * ClassLayerBuffers<T>.rangesPerThread, maximum)
        buffers.ranges = ranges
        func work(_ k: Int) -> Int {
            let n = buffers.rowStart[k + 1] - buffers.rowStart[k]
            return n == 0 ? 0 : n * (buffers.classStart[k + 1] - buffers.classStart[k]) + 1
        }
        var total = 0
        for k in 0..<classCount { total += work(k) }
        buffers.rangeBounds[0] = 0
        var range = 1, done = 0
        for k in 0..<classCount where range < ranges {
            done += work(k)
            // Close range r once the work so far reaches r/ranges of the total.
            while range < ranges && done * ranges >= total * range {
                buffers.rangeBounds[range] = k + 1
                range += 1
            }
        }
        while range <= ranges {
            buffers.rangeBounds[range] = classCount
            range += 1
        }
    }

    /// Counting sort of the rows by target class (stable), with each row's target place, mask
    /// weight and state copied into the sorted buffers (the states, 400 bytes a row at H = 100, by
    /// shares of the sorted rows: on one thread they were the largest serial piece of a two-thread
    /// update).
    private static func groupRowsByClass<T: RNNScalar>(_ buffers: ClassLayerBuffers<T>, _ ws: RNNWorkspace<T>,
                                                       firstRow: Int, rows: Int) {
        let classCount = buffers.classCount, h = ws.shape.hidden
        let rowStart = buffers.rowStart, cursor = buffers.cursor
        rowStart.update(repeating: 0, count: classCount + 1)
        for r in 0..<rows { rowStart[Int(buffers.targetClasses[firstRow + r]) + 1] += 1 }
        for k in 0..<classCount {
            rowStart[k + 1] += rowStart[k]
            cursor[k] = rowStart[k]
        }
        let mask = ws.maskPointer
        for r in 0..<rows {
            let row = firstRow + r
            let k = Int(buffers.targetClasses[row])
            let position = cursor[k]
            cursor[k] += 1
            let target = Int(ws.targets[row])
            buffers.sortedRows[position] = Int32(row)
            buffers.sortedTargets[position] = buffers.slotOf[target] - Int32(buffers.classStart[k])
            buffers.sortedMask[position] = mask?[row] ?? 1
        }
        ws.forEachRowShare(of: rows, minimumRows: 64) { _, part in
            for position in part {
                // The state of global row `row` (step t, sequence b) sits in state block t.
                let row = Int(buffers.sortedRows[position])
                (buffers.sortedStates + position * h).copyElements(from: ws.states + (row + ws.batch) * h, count: h)
            }
        }
    }
}
