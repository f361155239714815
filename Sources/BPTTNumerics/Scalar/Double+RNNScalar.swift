import COpenBLAS

/// Float64 (the gradient-checking path): OpenBLAS d-routines; the elementwise kernels are the plain
/// Swift references, which are exact enough (libm tanh/exp) for finite-difference checks.
extension Double: RNNScalar {
    @inlinable
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasInt(m), blasInt(n), blasInt(k), alpha, a, blasInt(lda), b, blasInt(ldb), beta, c, blasInt(ldc))
    }

    @inlinable
    public static func gemv(transpose: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                            x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>) {
        cblas_dgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, blasInt(m), blasInt(n), alpha, a,
                    blasInt(lda), x, 1, beta, y, 1)
    }

    @inlinable
    public static func axpy(count: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
        cblas_daxpy(blasInt(count), alpha, x, 1, y, 1)
    }

    @inlinable
    public static func dot(count: Int, x: UnsafePointer<Double>, y: UnsafePointer<Double>) -> Double {
        cblas_ddot(blasInt(count), x, 1, y, 1)
    }

    /// Double "packs" into a plain row-major k x n copy and multiplies with dgemm.
    public static func packedSize(k: Int, n: Int) -> Int { k * n }

    public static func pack(_ b: UnsafePointer<Double>, ldb: Int, transposed: Bool, k: Int, n: Int,
                            into packed: UnsafeMutablePointer<Double>) {
        for row in 0..<k {
            for column in 0..<n { packed[row * n + column] = transposed ? b[column * ldb + row] : b[row * ldb + column] }
        }
    }

    public static func gemmPacked(m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, packed: UnsafePointer<Double>,
                                  c: UnsafeMutablePointer<Double>, ldc: Int, addend: UnsafePointer<Double>?) {
        if let addend, addend != UnsafePointer(c) {
            for row in 0..<m { (c + row * ldc).update(from: addend + row * ldc, count: n) }
        }
        gemm(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: lda, b: packed, ldb: n,
             beta: addend == nil ? 0 : 1, c: c, ldc: ldc)
    }

    public static func transposedAScratchSize(m: Int, n: Int) -> Int { 1 }

    public static func gemmTransposedA(m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>,
                                       ldb: Int, c: UnsafeMutablePointer<Double>, ldc: Int, scratch: UnsafeMutablePointer<Double>) {
        gemm(transposeA: true, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: lda, b: b, ldb: ldb,
             beta: 1, c: c, ldc: ldc)
    }

    public static func gatherBiasTanh(_ y: UnsafeMutablePointer<Double>, table: UnsafePointer<Double>,
                                      indices: UnsafePointer<Int32>, bias: UnsafePointer<Double>, rows: Int, width: Int) {
        ReferenceKernels.gatherBiasTanh(y, table: table, indices: indices, bias: bias, rows: rows, width: width)
    }

    public static func tanhBackward(gradient: UnsafePointer<Double>, state: UnsafePointer<Double>,
                                    delta: UnsafeMutablePointer<Double>, count: Int) {
        ReferenceKernels.tanhBackward(gradient: gradient, state: state, delta: delta, count: count)
    }

    public static func tanhBackwardMeasuring(gradient: UnsafePointer<Double>, state: UnsafePointer<Double>,
                                             delta: UnsafeMutablePointer<Double>, rows: Int, width: Int) -> Double {
        ReferenceKernels.tanhBackward(gradient: gradient, state: state, delta: delta, count: rows * width)
        return ReferenceKernels.meanRowNorm(gradient, rows: rows, width: width)
    }

    public static func lstmForward(cache: UnsafeMutablePointer<Double>, table: UnsafePointer<Double>, indices: UnsafePointer<Int32>,
                                   bias: UnsafePointer<Double>, previousCell: UnsafePointer<Double>, cell: UnsafeMutablePointer<Double>,
                                   state: UnsafeMutablePointer<Double>, rows: Int, width: Int) {
        ReferenceKernels.lstmForward(cache: cache, table: table, indices: indices, bias: bias, previousCell: previousCell,
                                     cell: cell, state: state, rows: rows, width: width)
    }

    public static func lstmBackward(gradient: UnsafePointer<Double>, carried: UnsafePointer<Double>?, cache: UnsafePointer<Double>,
                                    previousCell: UnsafePointer<Double>, deltas: UnsafeMutablePointer<Double>,
                                    cellTotal: UnsafeMutablePointer<Double>, carryOut: UnsafeMutablePointer<Double>,
                                    rows: Int, width: Int) {
        ReferenceKernels.lstmBackward(gradient: gradient, carried: carried, cache: cache, previousCell: previousCell,
                                      deltas: deltas, cellTotal: cellTotal, carryOut: carryOut, rows: rows, width: width)
    }

    public static func gruForward(cache: UnsafeMutablePointer<Double>, table: UnsafePointer<Double>, indices: UnsafePointer<Int32>,
                                  bias: UnsafePointer<Double>, previous: UnsafePointer<Double>, state: UnsafeMutablePointer<Double>,
                                  rows: Int, width: Int) {
        ReferenceKernels.gruForward(cache: cache, table: table, indices: indices, bias: bias, previous: previous,
                                    state: state, rows: rows, width: width)
    }

    public static func gruBackward(gradient: UnsafePointer<Double>, cache: UnsafePointer<Double>, previous: UnsafePointer<Double>,
                                   deltas: UnsafeMutablePointer<Double>, recurrentDeltas: UnsafeMutablePointer<Double>,
                                   rows: Int, width: Int) {
        ReferenceKernels.gruBackward(gradient: gradient, cache: cache, previous: previous, deltas: deltas,
                                     recurrentDeltas: recurrentDeltas, rows: rows, width: width)
    }

    public static func gruDirect(gradient: UnsafePointer<Double>, cache: UnsafePointer<Double>, addend: UnsafePointer<Double>?,
                                 into next: UnsafeMutablePointer<Double>, rows: Int, width: Int) {
        ReferenceKernels.gruDirect(gradient: gradient, cache: cache, addend: addend, into: next, rows: rows, width: width)
    }

    public static func softmax(_ z: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>, rows: Int, width: Int) {
        ReferenceKernels.softmax(z, bias: bias, rows: rows, width: width)
    }

    public static func softmaxCrossEntropy(_ z: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>,
                                           targets: UnsafePointer<Int32>, mask: UnsafePointer<Float>?,
                                           rows: Int, width: Int) -> Double {
        ReferenceKernels.softmaxCrossEntropy(z, bias: bias, targets: targets, mask: mask, rows: rows, width: width)
    }

    public static func outputGradient(probabilities p: UnsafePointer<Double>, targets: UnsafePointer<Int32>,
                                      mask: UnsafePointer<Float>?, rows: Int, width: Int,
                                      into dy: UnsafeMutablePointer<Double>) {
        ReferenceKernels.outputGradient(probabilities: p, targets: targets, mask: mask, rows: rows, width: width, into: dy)
    }

    public static func scatterAddRows(_ source: UnsafePointer<Double>, indices: UnsafePointer<Int32>, rows: Int,
                                      width: Int, stride: Int, into destination: UnsafeMutablePointer<Double>) {
        ReferenceKernels.scatterAddRows(source, indices: indices, rows: rows, width: width, stride: stride, into: destination)
    }

    public static func classLogits(states s: UnsafePointer<Double>, words v: UnsafePointer<Double>,
                                   into logits: UnsafeMutablePointer<Double>, rows m: Int, words n: Int, width h: Int) {
        ReferenceKernels.classLogits(states: s, words: v, into: logits, rows: m, words: n, width: h)
    }

    public static func classBackward(_ dz: UnsafePointer<Double>, states s: UnsafePointer<Double>, words v: UnsafePointer<Double>,
                                     wordGradients dv: UnsafeMutablePointer<Double>, errors: UnsafeMutablePointer<Double>,
                                     rows m: Int, words n: Int, width h: Int) {
        ReferenceKernels.classBackward(dz, states: s, words: v, wordGradients: dv, errors: errors, rows: m, words: n, width: h)
    }

    public static func rowSumsOfSquares(_ x: UnsafePointer<Double>, rows: Int, width: Int, into sums: UnsafeMutablePointer<Double>) {
        ReferenceKernels.rowSumsOfSquares(x, rows: rows, width: width, into: sums)
    }

    public static func meanRowNorm(_ x: UnsafePointer<Double>, rows: Int, width: Int) -> Double {
        ReferenceKernels.meanRowNorm(x, rows: rows, width: width)
    }
}
