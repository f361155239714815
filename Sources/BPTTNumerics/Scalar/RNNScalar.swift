/// A floating-point type the RNN can run in: Float for training, Double for gradient checks.
///
/// All heavy work of the engines goes through these static entry points, which operate on whole
/// buffers. That keeps the generic engine code free of per-element generic arithmetic: the engines
/// only orchestrate, and each conforming type supplies BLAS calls and its elementwise kernels
/// (Float: vectorised C in CKernels; Double: plain Swift). Matrices are row-major; `lda` etc. are
/// row strides in elements. Pointers must be valid for the sizes given.
public protocol RNNScalar: BinaryFloatingPoint, Sendable, Codable {
    // MARK: BLAS (OpenBLAS, row-major)

    /// c = alpha * op(a) * op(b) + beta * c, with op(a) m x k, op(b) k x n, c m x n.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                     a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                     beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// y = alpha * op(a) * x + beta * y, with a m x n (op(a) = a or a^T).
    static func gemv(transpose: Bool, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
                     x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)
    /// y += alpha * x.
    static func axpy(count: Int, alpha: Self, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)
    /// x . y
    static func dot(count: Int, x: UnsafePointer<Self>, y: UnsafePointer<Self>) -> Self

    // MARK: Products with a reused right-hand matrix (the recurrent weights within one pass)

    /// Elements a packed copy of a k x n right-hand matrix takes.
    static func packedSize(k: Int, n: Int) -> Int
    /// Packs the k x n matrix B = M (or M^T when `transposed`, M then n x k) stored row-major at `b`
    /// with row stride `ldb`, for `gemmPacked`.
    static func pack(_ b: UnsafePointer<Self>, ldb: Int, transposed: Bool, k: Int, n: Int,
                     into packed: UnsafeMutablePointer<Self>)
    /// c = a B, or c = addend + a B (addend may be c: accumulate); a m x k, c and addend m x n with
    /// row stride ldc, B from `pack`.
    static func gemmPacked(m: Int, n: Int, k: Int, a: UnsafePointer<Self>, lda: Int, packed: UnsafePointer<Self>,
                           c: UnsafeMutablePointer<Self>, ldc: Int, addend: UnsafePointer<Self>?)

    /// Scratch elements `gemmTransposedA` needs for an m x n result.
    static func transposedAScratchSize(m: Int, n: Int) -> Int
    /// c += a^T b with a k x m, b k x n (the weight gradients summed over all rows).
    static func gemmTransposedA(m: Int, n: Int, k: Int, a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                                c: UnsafeMutablePointer<Self>, ldc: Int, scratch: UnsafeMutablePointer<Self>)

    // MARK: Elementwise kernels

    /// In place, row r: y[r] = tanh(y[r] + table[indices[r]] + bias).
    static func gatherBiasTanh(_ y: UnsafeMutablePointer<Self>, table: UnsafePointer<Self>,
                               indices: UnsafePointer<Int32>, bias: UnsafePointer<Self>, rows: Int, width: Int)
    /// delta[i] = gradient[i] * (1 - state[i]^2).
    static func tanhBackward(gradient: UnsafePointer<Self>, state: UnsafePointer<Self>,
                             delta: UnsafeMutablePointer<Self>, count: Int)
    /// `tanhBackward` over rows of `width`, returning the mean row norm of `gradient` (one pass).
    static func tanhBackwardMeasuring(gradient: UnsafePointer<Self>, state: UnsafePointer<Self>,
                                      delta: UnsafeMutablePointer<Self>, rows: Int, width: Int) -> Double
    // MARK: The gated cells' steps (see `ReferenceKernels+Cells` for what they compute)

    static func lstmForward(cache: UnsafeMutablePointer<Self>, table: UnsafePointer<Self>, indices: UnsafePointer<Int32>,
                            bias: UnsafePointer<Self>, previousCell: UnsafePointer<Self>, cell: UnsafeMutablePointer<Self>,
                            state: UnsafeMutablePointer<Self>, rows: Int, width: Int)
    static func lstmBackward(gradient: UnsafePointer<Self>, carried: UnsafePointer<Self>?, cache: UnsafePointer<Self>,
                             previousCell: UnsafePointer<Self>, deltas: UnsafeMutablePointer<Self>,
                             cellTotal: UnsafeMutablePointer<Self>, carryOut: UnsafeMutablePointer<Self>, rows: Int, width: Int)
    static func gruForward(cache: UnsafeMutablePointer<Self>, table: UnsafePointer<Self>, indices: UnsafePointer<Int32>,
                           bias: UnsafePointer<Self>, previous: UnsafePointer<Self>, state: UnsafeMutablePointer<Self>,
                           rows: Int, width: Int)
    static func gruBackward(gradient: UnsafePointer<Self>, cache: UnsafePointer<Self>, previous: UnsafePointer<Self>,
                            deltas: UnsafeMutablePointer<Self>, recurrentDeltas: UnsafeMutablePointer<Self>, rows: Int, width: Int)
    static func gruDirect(gradient: UnsafePointer<Self>, cache: UnsafePointer<Self>, addend: UnsafePointer<Self>?,
                          into next: UnsafeMutablePointer<Self>, rows: Int, width: Int)

    /// In place, row r: z[r] = softmax(z[r] + bias).
    static func softmax(_ z: UnsafeMutablePointer<Self>, bias: UnsafePointer<Self>, rows: Int, width: Int)
    /// In place, row r: z[r] = softmax(z[r] + bias); returns sum_r mask[r] * -log z[r][targets[r]].
    static func softmaxCrossEntropy(_ z: UnsafeMutablePointer<Self>, bias: UnsafePointer<Self>,
                                    targets: UnsafePointer<Int32>, mask: UnsafePointer<Float>?,
                                    rows: Int, width: Int) -> Double
    /// dy[r] = (p[r] - onehot(targets[r])) * mask[r].
    static func outputGradient(probabilities p: UnsafePointer<Self>, targets: UnsafePointer<Int32>,
                               mask: UnsafePointer<Float>?, rows: Int, width: Int,
                               into dy: UnsafeMutablePointer<Self>)
    /// destination[indices[r]] += source[r] for each row r.
    static func scatterAddRows(_ source: UnsafePointer<Self>, indices: UnsafePointer<Int32>, rows: Int,
                               width: Int, stride: Int, into destination: UnsafeMutablePointer<Self>)
    /// One word class's logits: logits[i][j] = s_i . v_j, s m x width, v n x width, logits m x n.
    static func classLogits(states s: UnsafePointer<Self>, words v: UnsafePointer<Self>,
                            into logits: UnsafeMutablePointer<Self>, rows m: Int, words n: Int, width h: Int)
    /// Its backward from dz (m x n): dv_j += Σ_i dz[i][j] s_i (accumulated), errors_i = Σ_j dz[i][j] v_j (written).
    static func classBackward(_ dz: UnsafePointer<Self>, states s: UnsafePointer<Self>, words v: UnsafePointer<Self>,
                              wordGradients dv: UnsafeMutablePointer<Self>, errors: UnsafeMutablePointer<Self>,
                              rows m: Int, words n: Int, width h: Int)
    /// Mean over rows of each row's Euclidean norm.
    static func meanRowNorm(_ x: UnsafePointer<Self>, rows: Int, width: Int) -> Double
    /// Each row's sum of squares in Float64 (for Float, the clipping norm's own kernel and bits).
    static func rowSumsOfSquares(_ x: UnsafePointer<Self>, rows: Int, width: Int, into sums: UnsafeMutablePointer<Double>)
}
