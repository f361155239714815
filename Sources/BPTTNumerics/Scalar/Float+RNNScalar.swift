import COpenBLAS
import CKernels

/// Float32: OpenBLAS s-routines and the vectorised CKernels.
extension Float: RNNScalar {
    @inlinable
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasInt(m), blasInt(n), blasInt(k), alpha, a, blasInt(lda), b, blasInt(ldb), beta, c, blasInt(ldc))
    }

    @inlinable
    public static func gemv(transpose: Bool, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                            x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>) {
        cblas_sgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, blasInt(m), blasInt(n), alpha, a,
                    blasInt(lda), x, 1, beta, y, 1)
    }

    @inlinable
    public static func axpy(count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(blasInt(count), alpha, x, 1, y, 1)
    }

    @inlinable
    public static func dot(count: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> Float {
        cblas_sdot(blasInt(count), x, 1, y, 1)
    }

    /// Float packs for the CKernels microkernel (AVX2+FMA), which beats OpenBLAS's sgemm at the small
    /// row counts of the recurrence because the weights are packed once per pass, not once per step.
    @inlinable
    public static func packedSize(k: Int, n: Int) -> Int { bptt_packed_size_f32(k, n) }

    @inlinable
    public static func pack(_ b: UnsafePointer<Float>, ldb: Int, transposed: Bool, k: Int, n: Int,
                            into packed: UnsafeMutablePointer<Float>) {
        bptt_pack_b_f32(b, ldb, transposed ? 1 : 0, k, n, packed)
    }

    @inlinable
    public static func gemmPacked(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, packed: UnsafePointer<Float>,
                                  c: UnsafeMutablePointer<Float>, ldc: Int, addend: UnsafePointer<Float>?) {
        bptt_gemm_packed_f32(m, n, k, a, lda, packed, c, ldc, addend)
    }

    @inlinable
    public static func transposedAScratchSize(m: Int, n: Int) -> Int { bptt_gemm_tn_scratch_size_f32(m, n) }

    /// The CKernels A^T B product (both operands packed in blocks), ~10% faster than OpenBLAS's here.
    @inlinable
    public static func gemmTransposedA(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
                                       ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int, scratch: UnsafeMutablePointer<Float>) {
        bptt_gemm_tn_f32(m, n, k, a, lda, b, ldb, c, ldc, scratch)
    }

    @inlinable
    public static func gatherBiasTanh(_ y: UnsafeMutablePointer<Float>, table: UnsafePointer<Float>,
                                      indices: UnsafePointer<Int32>, bias: UnsafePointer<Float>, rows: Int, width: Int) {
        bptt_gather_bias_tanh_f32(y, table, indices, bias, rows, width)
    }

    @inlinable
    public static func tanhBackward(gradient: UnsafePointer<Float>, state: UnsafePointer<Float>,
                                    delta: UnsafeMutablePointer<Float>, count: Int) {
        bptt_tanh_backward_f32(gradient, state, delta, count)
    }

    @inlinable
    public static func tanhBackwardMeasuring(gradient: UnsafePointer<Float>, state: UnsafePointer<Float>,
                                             delta: UnsafeMutablePointer<Float>, rows: Int, width: Int) -> Double {
        bptt_tanh_backward_norm_f32(gradient, state, delta, rows, width)
    }

    @inlinable
    public static func lstmForward(cache: UnsafeMutablePointer<Float>, table: UnsafePointer<Float>, indices: UnsafePointer<Int32>,
                                   bias: UnsafePointer<Float>, previousCell: UnsafePointer<Float>, cell: UnsafeMutablePointer<Float>,
                                   state: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        bptt_lstm_forward_f32(cache, table, indices, bias, previousCell, cell, state, rows, width)
    }

    @inlinable
    public static func lstmBackward(gradient: UnsafePointer<Float>, carried: UnsafePointer<Float>?, cache: UnsafePointer<Float>,
                                    previousCell: UnsafePointer<Float>, deltas: UnsafeMutablePointer<Float>,
                                    cellTotal: UnsafeMutablePointer<Float>, carryOut: UnsafeMutablePointer<Float>,
                                    rows: Int, width: Int) {
        bptt_lstm_backward_f32(gradient, carried, cache, previousCell, deltas, cellTotal, carryOut, rows, width)
    }

    @inlinable
    public static func gruForward(cache: UnsafeMutablePointer<Float>, table: UnsafePointer<Float>, indices: UnsafePointer<Int32>,
                                  bias: UnsafePointer<Float>, previous: UnsafePointer<Float>, state: UnsafeMutablePointer<Float>,
                                  rows: Int, width: Int) {
        bptt_gru_forward_f32(cache, table, indices, bias, previous, state, rows, width)
    }

    @inlinable
    public static func gruBackward(gradient: UnsafePointer<Float>, cache: UnsafePointer<Float>, previous: UnsafePointer<Float>,
                                   deltas: UnsafeMutablePointer<Float>, recurrentDeltas: UnsafeMutablePointer<Float>,
                                   rows: Int, width: Int) {
        bptt_gru_backward_f32(gradient, cache, previous, deltas, recurrentDeltas, rows, width)
    }

    @inlinable
    public static func gruDirect(gradient: UnsafePointer<Float>, cache: UnsafePointer<Float>, addend: UnsafePointer<Float>?,
                                 into next: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        bptt_gru_direct_f32(gradient, cache, addend, next, rows, width)
    }

    @inlinable
    public static func softmax(_ z: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, rows: Int, width: Int) {
        bptt_softmax_f32(z, bias, rows, width)
    }

    @inlinable
    public static func softmaxCrossEntropy(_ z: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>,
                                           targets: UnsafePointer<Int32>, mask: UnsafePointer<Float>?,
                                           rows: Int, width: Int) -> Double {
        bptt_softmax_xent_f32(z, bias, targets, mask, rows, width)
    }

    @inlinable
    public static func outputGradient(probabilities p: UnsafePointer<Float>, targets: UnsafePointer<Int32>,
                                      mask: UnsafePointer<Float>?, rows: Int, width: Int,
                                      into dy: UnsafeMutablePointer<Float>) {
        bptt_output_grad_f32(p, targets, mask, rows, width, dy)
    }

    @inlinable
    public static func scatterAddRows(_ source: UnsafePointer<Float>, indices: UnsafePointer<Int32>, rows: Int,
                                      width: Int, stride: Int, into destination: UnsafeMutablePointer<Float>) {
        bptt_scatter_add_rows_f32(destination, source, indices, rows, width, stride)
    }

    @inlinable
    public static func classLogits(states s: UnsafePointer<Float>, words v: UnsafePointer<Float>,
                                   into logits: UnsafeMutablePointer<Float>, rows m: Int, words n: Int, width h: Int) {
        bptt_class_logits_f32(s, v, logits, m, n, h)
    }

    @inlinable
    public static func classBackward(_ dz: UnsafePointer<Float>, states s: UnsafePointer<Float>, words v: UnsafePointer<Float>,
                                     wordGradients dv: UnsafeMutablePointer<Float>, errors: UnsafeMutablePointer<Float>,
                                     rows m: Int, words n: Int, width h: Int) {
        bptt_class_backward_f32(dz, s, v, dv, errors, m, n, h)
    }

    @inlinable
    public static func rowSumsOfSquares(_ x: UnsafePointer<Float>, rows: Int, width: Int, into sums: UnsafeMutablePointer<Double>) {
        bptt_row_sums_squares_f32(x, rows, width, sums)
    }

    @inlinable
    public static func meanRowNorm(_ x: UnsafePointer<Float>, rows: Int, width: Int) -> Double {
        bptt_mean_row_norm_f32(x, rows, width)
    }
}

/// OpenBLAS takes 32-bit ints (blasint) in Debian's build; sizes here are far below Int32.max.
@inlinable
func blasInt(_ value: Int) -> Int32 { Int32(truncatingIfNeeded: value) }
