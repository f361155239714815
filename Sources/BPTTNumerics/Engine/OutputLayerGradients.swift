/// The output layer's part of the backward pass, the same for every engine: one gemm each for dV,
/// the local errors e_t -> s_t, and one gemv for dc, over all output rows at once.
enum OutputLayerGradients {
    /// Writes dY = (p - onehot) * mask for outputs t >= firstOutput, adds dV += dY^T S and
    /// dc += column sums of dY, and stores the local error dY V of each output step in `errors`.
    static func accumulate<T: RNNScalar>(_ p: ParameterPointers<T>, _ ws: RNNWorkspace<T>,
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
