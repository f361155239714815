/// One forward step for B rows without a workspace (evaluation, sampling): advances `state` (B x H)
/// in place on `inputs` (B token ids) and writes the next-token probabilities (B x V) into
/// `probabilities` (resized if needed), by word id with either output layer.
@_specialize(exported: true, where T == Float)
@_specialize(exported: true, where T == Double)
public func rnnStep<T: RNNScalar>(_ p: RNNParameters<T>, inputs: [Int32], state: inout [T], probabilities: inout [T]) {
    let h = p.shape.hidden, v = p.shape.vocabulary, batch = inputs.count
    p.requireLayout(matching: p.shape, role: "parameters")
    guard batch >= 1, state.count == batch * h else {
        failContract(LabError("rnnStep: state has \(state.count) values, expected inputs.count*hidden = \(batch * h)"))
    }
    if let index = inputs.firstIndex(where: { $0 < 0 || Int($0) >= v }) {
        failContract(LabError("rnnStep: input token \(inputs[index]) at index \(index) is outside the vocabulary 0..<\(v)"))
    }
    if probabilities.count != batch * v {
        probabilities = [T](repeating: 0, count: batch * v)
    }
    NumericsEnvironment.withFlushToZero {
        p.withPointers { w in
            withUnsafeTemporaryAllocation(of: T.self, capacity: batch * h) { scratch in
                let next = scratch.baseAddress!
                state.withUnsafeMutableBufferPointer { current in
                    let s = current.baseAddress!
                    T.gemm(transposeA: false, transposeB: true, m: batch, n: h, k: h, alpha: 1, a: s, lda: h,
                           b: w.W, ldb: h, beta: 0, c: next, ldc: h)
                    inputs.withUnsafeBufferPointer { tokens in
                        T.gatherBiasTanh(next, table: w.U, indices: tokens.baseAddress!, bias: w.b, rows: batch, width: h)
                    }
                    s.copyElements(from: next, count: batch * h)
                    probabilities.withUnsafeMutableBufferPointer { output in
                        if let classes = p.shape.classes {
                            let weights = ClassSoftmax.Weights(V: w.V, c: w.c, classV: w.classV, classC: w.classC)
                            for row in 0..<batch {
                                let distribution = ClassSoftmax.distribution(state: s + row * h, hidden: h, classes: classes,
                                                                             weights: weights)
                                for word in 0..<v { output[row * v + word] = T(distribution[word]) }
                            }
                        } else {
                            T.gemm(transposeA: false, transposeB: true, m: batch, n: v, k: h, alpha: 1, a: s, lda: h,
                                   b: w.V, ldb: h, beta: 0, c: output.baseAddress!, ldc: v)
                            T.softmax(output.baseAddress!, bias: w.c, rows: batch, width: v)
                        }
                    }
                }
            }
        }
    }
}
