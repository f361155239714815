/// One forward step for B rows without a workspace (evaluation, sampling): advances `state` (B x
/// stateWidth, LSTM rows [h | c]) in place on `inputs` (B token ids) and writes the next-token probabilities (B x V) into
/// `probabilities` (resized if needed), by word id with either output layer.
@_specialize(exported: true, where T == Float)
@_specialize(exported: true, where T == Double)
public func rnnStep<T: RNNScalar>(_ p: RNNParameters<T>, inputs: [Int32], state: inout [T], probabilities: inout [T]) {
    let h = p.shape.hidden, v = p.shape.vocabulary, batch = inputs.count, width = p.shape.stateWidth
    p.requireLayout(matching: p.shape, role: "parameters")
    guard batch >= 1, state.count == batch * width else {
        failContract(LabError("rnnStep: state has \(state.count) values, expected inputs.count*stateWidth = \(batch * width)"))
    }
    if let index = inputs.firstIndex(where: { $0 < 0 || Int($0) >= v }) {
        failContract(LabError("rnnStep: input token \(inputs[index]) at index \(index) is outside the vocabulary 0..<\(v)"))
    }
    if probabilities.count != batch * v {
        probabilities = [T](repeating: 0, count: batch * v)
    }
    let cell = p.shape.cell, gates = p.shape.gateWidth, cacheWidth = cell.cacheWidth(hidden: h)
    NumericsEnvironment.withFlushToZero {
        p.withPointers { w in
            // h_{t-1}, c_{t-1}, h_t, c_t (B x H each) and the gates' pre-activations (B x cacheWidth).
            withUnsafeTemporaryAllocation(of: T.self, capacity: batch * (4 * h + cacheWidth)) { scratch in
                let previous = scratch.baseAddress!, previousCell = previous + batch * h
                let next = previousCell + batch * h, nextCell = next + batch * h, cache = nextCell + batch * h
                state.withUnsafeMutableBufferPointer { current in
                    let s = current.baseAddress!
                    for r in 0..<batch {
                        (previous + r * h).copyElements(from: s + r * width, count: h)
                        if cell == .lstm { (previousCell + r * h).copyElements(from: s + r * width + h, count: h) }
                    }
                    inputs.withUnsafeBufferPointer { tokens in
                        let indices = tokens.baseAddress!
                        switch cell {
                        case .elman:
                            T.gemm(transposeA: false, transposeB: true, m: batch, n: h, k: h, alpha: 1, a: previous, lda: h,
                                   b: w.W, ldb: h, beta: 0, c: next, ldc: h)
                            T.gatherBiasTanh(next, table: w.U, indices: indices, bias: w.b, rows: batch, width: h)
                        case .gru:
                            T.gemm(transposeA: false, transposeB: true, m: batch, n: gates, k: h, alpha: 1, a: previous,
                                   lda: h, b: w.W, ldb: h, beta: 0, c: cache, ldc: cacheWidth)
                            T.gruForward(cache: cache, table: w.U, indices: indices, bias: w.b, previous: previous,
                                         state: next, rows: batch, width: h)
                        case .lstm:
                            T.gemm(transposeA: false, transposeB: true, m: batch, n: gates, k: h, alpha: 1, a: previous,
                                   lda: h, b: w.W, ldb: h, beta: 0, c: cache, ldc: cacheWidth)
                            T.lstmForward(cache: cache, table: w.U, indices: indices, bias: w.b, previousCell: previousCell,
                                          cell: nextCell, state: next, rows: batch, width: h)
                        }
                    }
                    for r in 0..<batch {
                        (s + r * width).copyElements(from: next + r * h, count: h)
                        if cell == .lstm { (s + r * width + h).copyElements(from: nextCell + r * h, count: h) }
                    }
                    probabilities.withUnsafeMutableBufferPointer { output in
                        if let classes = p.shape.classes {
                            let weights = ClassSoftmax.Weights(V: w.V, c: w.c, classV: w.classV, classC: w.classC)
                            for row in 0..<batch {
                                let distribution = ClassSoftmax.distribution(state: next + row * h, hidden: h, classes: classes,
                                                                             weights: weights)
                                for word in 0..<v { output[row * v + word] = T(distribution[word]) }
                            }
                        } else {
                            T.gemm(transposeA: false, transposeB: true, m: batch, n: v, k: h, alpha: 1, a: next, lda: h,
                                   b: w.V, ldb: h, beta: 0, c: output.baseAddress!, ldc: v)
                            T.softmax(output.baseAddress!, bias: w.c, rows: batch, width: v)
                        }
                    }
                }
            }
        }
    }
}
