/// The full softmax output layer y_t = softmax(V s_t + c) with its cross-entropy loss: forward and
/// backward over all output rows of a window at once (one product each).
enum SoftmaxLayer {
    /// Softmax outputs and masked loss for the steps in `steps`: logits = S V^T in one product.
    static func forward<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>,
                                      steps: Range<Int>) -> ForwardResult {
        let h = ws.shape.hidden, v = ws.shape.vocabulary, batch = ws.batch
        let rows = steps.count * batch
        guard rows > 0 else { return ForwardResult(lossSum: 0, outputCount: 0) }
        let first = steps.lowerBound
        let logits = ws.outputBlock(ws.probabilities, first)
        T.pack(p.V, ldb: h, transposed: true, k: h, n: v, into: ws.packedOutputWeights)
        T.gemmPacked(m: rows, n: v, k: h, a: ws.stateBlock(first), lda: h, packed: ws.packedOutputWeights, c: logits,
                     ldc: v, addend: nil)
        let mask = ws.maskPointer.map { $0 + first * batch }
        let loss = T.softmaxCrossEntropy(logits, bias: p.c, targets: ws.targets + first * batch, mask: mask,
                                         rows: rows, width: v)
        return ForwardResult(lossSum: loss, outputCount: OutputStage.weightSum(mask, rows: rows))
    }

    /// For outputs t >= firstOutput: writes dY = (p - onehot) * mask, adds dV += dY^T S and
    /// dc += column sums of dY, and stores the local error dY V of each output step in `errors`.
    static func backward<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>,
                                       into g: MutableParameterPointers<T>) {
        let h = ws.shape.hidden, v = ws.shape.vocabulary, batch = ws.batch
        let first = ws.firstOutput
        let rows = (ws.length - first) * batch
        guard rows > 0 else { return }
        let dy = ws.outputBlock(ws.outputGradient, first)
        T.outputGradient(probabilities: ws.outputBlock(ws.probabilities, first), targets: ws.targets + first * batch,
                         mask: ws.maskPointer.map { $0 + first * batch }, rows: rows, width: v, into: dy)
        let states = ws.stateBlock(first)
        T.gemmTransposedA(m: v, n: h, k: rows, a: dy, lda: v, b: states, ldb: h, c: g.V, ldc: h, scratch: ws.productScratch)
        T.gemv(transpose: true, m: rows, n: v, alpha: 1, a: dy, lda: v, x: ws.ones, beta: 1, y: g.c)
        T.pack(p.V, ldb: h, transposed: false, k: v, n: h, into: ws.packedOutputWeights)
        T.gemmPacked(m: rows, n: h, k: v, a: dy, lda: v, packed: ws.packedOutputWeights,
                     c: ws.hiddenBlock(ws.errors, first), ldc: h, addend: nil)
    }
}
