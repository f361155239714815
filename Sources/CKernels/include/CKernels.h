#ifndef BPTT_CKERNELS_H
#define BPTT_CKERNELS_H
#include <stddef.h>
#include <stdint.h>

// Vectorised elementwise kernels for the Float32 training path. Each one has a plain Swift
// reference in BPTTNumerics (Reference/ReferenceKernels.swift) and a test against it.
// All matrices are row-major; `rows` x `h` (or `v`) means `rows` contiguous rows of that width.

/// In place: y[r][i] = tanh(y[r][i] + table[indices[r]][i] + bias[i]) -- the recurrent pre-activation
/// plus the one-hot input term (a row gather from the embedding table) plus the bias, then tanh.
/// tanh is a rational approximation, |error| <= 1e-6 (absolute) for all finite inputs; NaN gives NaN.
void bptt_gather_bias_tanh_f32(float *y, const float *table, const int32_t *indices, const float *bias,
                               size_t rows, size_t h);

/// d[i] = g[i] * (1 - s[i]^2): back-propagates through tanh given its output s.
void bptt_tanh_backward_f32(const float *g, const float *s, float *d, size_t n);

/// The same for `rows` rows of width h, also returning the mean over the rows of ||g row|| (the
/// step norm the backward sweep reports), in one pass over g.
double bptt_tanh_backward_norm_f32(const float *g, const float *s, float *d, size_t rows, size_t h);

/// The gated cells' steps (cells.c; rows of width h; σ and tanh are the rational approximation).
/// LSTM forward: cache rows (5h) hold W h_{t-1} in their first 4h on entry and i f g o tanh(c_t) after;
/// writes c_t (cell) and h_t (state).
void bptt_lstm_forward_f32(float *cache, const float *table, const int32_t *indices, const float *bias,
                           const float *previous_cell, float *cell, float *state, size_t rows, size_t h);
/// LSTM backward step: from dE/dh_t and the error carried along c (NULL = none) to the deltas (4h),
/// the total dE/dc_t and the carry to c_{t-1}.
void bptt_lstm_backward_f32(const float *gradient, const float *carry_in, const float *cache,
                            const float *previous_cell, float *deltas, float *cell_total, float *carry_out,
                            size_t rows, size_t h);
/// GRU forward: cache rows (4h) hold W h_{t-1} in their first 3h on entry and z r n W_n h_{t-1} after.
void bptt_gru_forward_f32(float *cache, const float *table, const int32_t *indices, const float *bias,
                          const float *previous, float *state, size_t rows, size_t h);
/// GRU backward step: input-side deltas (z r n) and recurrent-side deltas (z r, n ⊙ r), 3h each.
void bptt_gru_backward_f32(const float *gradient, const float *cache, const float *previous, float *deltas,
                           float *recurrent_deltas, size_t rows, size_t h);
/// next = addend + z ⊙ gradient (addend NULL = none; next may be gradient).
void bptt_gru_direct_f32(const float *gradient, const float *cache, const float *addend, float *next,
                         size_t rows, size_t h);

/// In place, each row: p = softmax(z + c).
void bptt_softmax_f32(float *logits, const float *c, size_t rows, size_t v);

/// For each of `rows` rows of `v` logits (plus bias c): p = softmax(z + c), written into `logits` in place.
/// Returns the masked loss sum over the rows of -log p[target[r]] * mask[r]; mask may be NULL (all ones).
/// exp is a polynomial approximation, relative error <= 2e-7 on [-87, 88].
double bptt_softmax_xent_f32(float *logits, const float *c, const int32_t *targets, const float *mask,
                             size_t rows, size_t v);

/// dy[r] = (p[r] - onehot(targets[r])) * mask[r]: the softmax + cross-entropy gradient from stored
/// probabilities. mask may be NULL (all ones).
void bptt_output_grad_f32(const float *p, const int32_t *targets, const float *mask, size_t rows, size_t v,
                          float *dy);

/// dst[indices[r]] += src[r] for every row r (rows of width h): the gradient of a row gather.
void bptt_scatter_add_rows_f32(float *dst, const float *src, const int32_t *indices, size_t rows, size_t width,
                               size_t stride);

/// `total` plus each of `rows` rows' sum of squares (rows of width `width`), in Float64: eight partial
/// sums per row by index mod 8 added pairwise, then the tail; the rows added to the total in order. No
/// fused multiply-adds, so the bits are the same on every CPU. A row of zeros adds exactly 0, so
/// chaining calls over only the nonzero rows of a tensor gives the same bits as one call over all.
double bptt_sum_squares_rows_f32(const float *x, size_t rows, size_t width, double total);
/// Each row's sum of squares on its own (sums[r]); chained in order they give bptt_sum_squares_rows_f32's bits.
void bptt_row_sums_squares_f32(const float *x, size_t rows, size_t width, double *sums);

/// The word logits of one class: logits[i][j] = s_i . v_j for the m rows of `s` (m x h) and the n
/// word rows of `v` (n x h); logits is m x n. No bias (added by the softmax).
/// AVX2+FMA where the CPU has it; the portable C version whatever the CPU (so tests cover both).
void bptt_class_logits_f32(const float *s, const float *v, float *logits, size_t m, size_t n, size_t h);
void bptt_class_logits_portable_f32(const float *s, const float *v, float *logits, size_t m, size_t n, size_t h);

/// The backward of `bptt_class_logits_f32` given dz = dE/dlogits (m x n): dv_j += sum_i dz[i][j] s_i
/// (dv n x h, accumulated) and errors_i = sum_j dz[i][j] v_j (errors m x h, written).
/// AVX2+FMA register tiles where the CPU has it; the portable C version whatever the CPU.
void bptt_class_backward_f32(const float *dz, const float *s, const float *v, float *dv, float *errors,
                             size_t m, size_t n, size_t h);
void bptt_class_backward_portable_f32(const float *dz, const float *s, const float *v, float *dv, float *errors,
                                      size_t m, size_t n, size_t h);

/// One optimizer step over n elements with the gradient gi = (g[i] * scale) * clip_scale + l2 * p[i]:
/// SGD p -= lr gi; Adagrad h += gi^2, p -= lr gi / (sqrt(h) + eps); Adam m = b1 m + (1 - b1) gi,
/// v = b2 v + (1 - b2) gi gi, p -= step_size m / (sqrt(v) + eps_hat). The same operations in the same
/// order as the Swift reference, no fused multiply-adds: the same bits.
/// `backup`, when not NULL, receives each p[i] as it was before the step (the divergence guard's undo log).
/// `clear`, when not 0, sets each g[i] to 0 once it is read (g is written only then).
void bptt_sgd_step_f32(float *p, float *g, float *backup, size_t n, float scale, float clip_scale, float lr,
                       float l2, int clear);
void bptt_adagrad_step_f32(float *p, float *g, float *h, float *backup, size_t n, float scale, float clip_scale,
                           float lr, float l2, float eps, int clear);
void bptt_adam_step_f32(float *p, float *g, float *m, float *v, float *backup, size_t n, float scale,
                        float clip_scale, float l2, float b1, float b2, float step_size, float eps_hat, int clear);

/// Mean over the rows of each row's Euclidean norm (0 when rows == 0).
double bptt_mean_row_norm_f32(const float *x, size_t rows, size_t h);

/// Number of floats a packed copy of a k x n matrix B takes (column panels of 16, zero-padded; a last
/// panel of at most 8 columns is 8 wide).
size_t bptt_packed_size_f32(size_t k, size_t n);

/// Packs B (k x n; or, if transposed, B = M^T for the n x k row-major matrix M at `b`) for
/// bptt_gemm_packed_f32. ldb is the row stride of the matrix stored at `b`.
void bptt_pack_b_f32(const float *b, size_t ldb, int transposed, size_t k, size_t n, float *packed);

/// c = a * B, or c = addend + a * B when addend is not NULL (addend may be c itself: accumulate);
/// a is m x k (row stride lda), B was packed by bptt_pack_b_f32, c and addend are m x n (row stride
/// ldc). AVX2+FMA microkernel where the CPU has it, portable C otherwise. c must not overlap a or B.
void bptt_gemm_packed_f32(size_t m, size_t n, size_t k, const float *a, size_t lda, const float *packed,
                          float *c, size_t ldc, const float *addend);

/// c += a^T b: a is k x m (row stride lda), b is k x n (row stride ldb), c is m x n (row stride ldc).
/// For weight gradients summed over all steps and sequences (dW += D^T S). `scratch` must hold
/// bptt_gemm_tn_scratch_size_f32(m, n) floats.
void bptt_gemm_tn_f32(size_t m, size_t n, size_t k, const float *a, size_t lda, const float *b, size_t ldb,
                      float *c, size_t ldc, float *scratch);
size_t bptt_gemm_tn_scratch_size_f32(size_t m, size_t n);

/// The same two products with the portable C kernel whatever the CPU (so tests cover both paths).
void bptt_gemm_packed_portable_f32(size_t m, size_t n, size_t k, const float *a, size_t lda, const float *packed,
                                   float *c, size_t ldc, const float *addend);
void bptt_gemm_tn_portable_f32(size_t m, size_t n, size_t k, const float *a, size_t lda, const float *b, size_t ldb,
                               float *c, size_t ldc, float *scratch);

/// 1 if the products above run the AVX2+FMA microkernel on this CPU.
int bptt_packed_kernel_is_vectorised(void);

/// One power-iteration step on AᵀA for the n x n row-major A in Float64: u = A v, then w = Aᵀ u.
/// Each u[i] sums four partial sums by index mod 4, (p0 + p1) + (p2 + p3), the tail into p0; w adds
/// the rows in order. No fused multiply-adds, so every CPU gives the same bits.
void bptt_normal_step_f64(const double *a, const double *v, double *u, double *w, size_t n);

/// Sets flush-to-zero and denormals-are-zero on the calling thread (x86 MXCSR; no-op elsewhere).
/// Returns the previous control word so it can be restored.
unsigned int bptt_enable_ftz_daz(void);
void bptt_restore_fp_control(unsigned int previous);
/// 1 if FTZ and DAZ are both on for the calling thread.
int bptt_ftz_daz_enabled(void);

/// The shared pool of persistent worker threads (cores - 1 of them; they spin briefly between runs,
/// then sleep). `bptt_pool_run` calls fn(ctx, i) once for each i in 0..<count, on the calling thread
/// and the workers (each takes the next index not yet taken, so the caller runs them all when the
/// workers get no core), and returns once all are done: 1. It returns 0 without calling anything
/// when the pool cannot take the run (busy with another, or count > workers + 1).
/// `bptt_pool_run_on` runs `count` indices (up to 65535) on at most `threads` threads (the caller
/// and threads - 1 workers; threads <= workers + 1), each claiming the next index as it finishes
/// one: more indices than threads balance uneven pieces.
int bptt_pool_workers(void);
int bptt_pool_run(int count, void (*fn)(void *ctx, int index), void *ctx);
int bptt_pool_run_on(int count, int threads, void (*fn)(void *ctx, int index), void *ctx);
#endif
