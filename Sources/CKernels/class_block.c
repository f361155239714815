#include "CKernels.h"
#include "approximations.h"

// The word softmax of one class: few rows (the predictions whose target is in the class) against
// the class's block of V. OpenBLAS packs the whole block for every such small product; these loops
// read each word's row of V once and use it for all rows while it is in L1.

// s_i . v_j for one row and one word (the tails of the tiles below).
static inline float dot_row(const float *restrict x, const float *restrict y, size_t h) {
    float a[8] = {0};
    size_t p = 0;
    for (; p + 8 <= h; p += 8)
        for (size_t q = 0; q < 8; q++) a[q] += x[p + q] * y[p + q];
    float d = ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
    for (; p < h; p++) d += x[p] * y[p];
    return d;
}

// Tiles of 2 rows x 4 words: eight independent accumulators (no FMA waits on the one before), and
// each chunk of a word row loaded once for both rows.
#define TILE_ROWS 2
#define TILE_WORDS 4
BPTT_MULTIVERSION
void bptt_class_logits_portable_f32(const float *restrict s, const float *restrict v, float *restrict logits,
                                    size_t m, size_t n, size_t h) {
    size_t i = 0;
    for (; i + TILE_ROWS <= m; i += TILE_ROWS) {
        const float *s0 = s + i * h, *s1 = s0 + h;
        size_t j = 0;
        for (; j + TILE_WORDS <= n; j += TILE_WORDS) {
            const float *v0 = v + j * h, *v1 = v0 + h, *v2 = v1 + h, *v3 = v2 + h;
            float a00[8] = {0}, a01[8] = {0}, a02[8] = {0}, a03[8] = {0};
            float a10[8] = {0}, a11[8] = {0}, a12[8] = {0}, a13[8] = {0};
            size_t p = 0;
            for (; p + 8 <= h; p += 8)
                for (size_t q = 0; q < 8; q++) {
                    const float x0 = s0[p + q], x1 = s1[p + q];
                    const float w0 = v0[p + q], w1 = v1[p + q], w2 = v2[p + q], w3 = v3[p + q];
                    a00[q] += x0 * w0; a01[q] += x0 * w1; a02[q] += x0 * w2; a03[q] += x0 * w3;
                    a10[q] += x1 * w0; a11[q] += x1 * w1; a12[q] += x1 * w2; a13[q] += x1 * w3;
                }
            float d[2][4] = {{0}};
            for (size_t q = 0; q < 8; q++) {
                d[0][0] += a00[q]; d[0][1] += a01[q]; d[0][2] += a02[q]; d[0][3] += a03[q];
                d[1][0] += a10[q]; d[1][1] += a11[q]; d[1][2] += a12[q]; d[1][3] += a13[q];
            }
            for (; p < h; p++) {
                const float x0 = s0[p], x1 = s1[p];
                d[0][0] += x0 * v0[p]; d[0][1] += x0 * v1[p]; d[0][2] += x0 * v2[p]; d[0][3] += x0 * v3[p];
                d[1][0] += x1 * v0[p]; d[1][1] += x1 * v1[p]; d[1][2] += x1 * v2[p]; d[1][3] += x1 * v3[p];
            }
            for (size_t w = 0; w < TILE_WORDS; w++) {
                logits[i * n + j + w] = d[0][w];
                logits[(i + 1) * n + j + w] = d[1][w];
            }
        }
        for (; j < n; j++) {
            logits[i * n + j] = dot_row(s0, v + j * h, h);
            logits[(i + 1) * n + j] = dot_row(s1, v + j * h, h);
        }
    }
    for (; i < m; i++) {
        const float *s0 = s + i * h;
        size_t j = 0;
        for (; j + TILE_WORDS <= n; j += TILE_WORDS) {
            const float *v0 = v + j * h, *v1 = v0 + h, *v2 = v1 + h, *v3 = v2 + h;
            float a0[8] = {0}, a1[8] = {0}, a2[8] = {0}, a3[8] = {0};
            size_t p = 0;
            for (; p + 8 <= h; p += 8)
                for (size_t q = 0; q < 8; q++) {
                    const float x = s0[p + q];
                    a0[q] += x * v0[p + q]; a1[q] += x * v1[p + q]; a2[q] += x * v2[p + q]; a3[q] += x * v3[p + q];
                }
            float d[4] = {0};
            for (size_t q = 0; q < 8; q++) { d[0] += a0[q]; d[1] += a1[q]; d[2] += a2[q]; d[3] += a3[q]; }
            for (; p < h; p++) {
                const float x = s0[p];
                d[0] += x * v0[p]; d[1] += x * v1[p]; d[2] += x * v2[p]; d[3] += x * v3[p];
            }
            for (size_t w = 0; w < TILE_WORDS; w++) logits[i * n + j + w] = d[w];
        }
        for (; j < n; j++) logits[i * n + j] = dot_row(s0, v + j * h, h);
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

// The same products with AVX2 intrinsics: tiles of 2 rows x 4 words (eight vector accumulators), the
// width's tail (h mod 8) read with masked loads instead of a scalar loop, and each tile's eight dot
// products reduced by a tree of horizontal adds instead of 64 scalar additions. (The auto-vectorised
// loops above spend about as long on their tails and reductions as on the products at h = 100.)
#define AVX2 __attribute__((target("avx2,fma")))

AVX2 static inline __m256i tail_mask(size_t tail) {
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)tail), lanes);
}

// The four sums of a0..a3 (each a vector of 8 partial sums), as one 128-bit vector.
AVX2 static inline __m128 sum4(__m256 a0, __m256 a1, __m256 a2, __m256 a3) {
    __m256 t = _mm256_hadd_ps(_mm256_hadd_ps(a0, a1), _mm256_hadd_ps(a2, a3));
    return _mm_add_ps(_mm256_castps256_ps128(t), _mm256_extractf128_ps(t, 1));
}

AVX2 static inline float sum1(__m256 a) {
    __m128 x = _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
    x = _mm_hadd_ps(x, x);
    x = _mm_hadd_ps(x, x);
    return _mm_cvtss_f32(x);
}

AVX2 static void class_logits_avx2(const float *restrict s, const float *restrict v, float *restrict logits,
                                   size_t m, size_t n, size_t h) {
    const size_t full = h & ~(size_t)7;
    const __m256i mask = tail_mask(h - full);
    const int tail = h > full;
    size_t i = 0;
    for (; i + 2 <= m; i += 2) {
        const float *s0 = s + i * h, *s1 = s0 + h;
        size_t j = 0;
        for (; j + 4 <= n; j += 4) {
            const float *v0 = v + j * h, *v1 = v0 + h, *v2 = v1 + h, *v3 = v2 + h;
            __m256 a00 = _mm256_setzero_ps(), a01 = a00, a02 = a00, a03 = a00;
            __m256 a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            for (size_t p = 0; p < full; p += 8) {
                const __m256 x0 = _mm256_loadu_ps(s0 + p), x1 = _mm256_loadu_ps(s1 + p);
                const __m256 w0 = _mm256_loadu_ps(v0 + p), w1 = _mm256_loadu_ps(v1 + p);
                const __m256 w2 = _mm256_loadu_ps(v2 + p), w3 = _mm256_loadu_ps(v3 + p);
                a00 = _mm256_fmadd_ps(x0, w0, a00); a01 = _mm256_fmadd_ps(x0, w1, a01);
                a02 = _mm256_fmadd_ps(x0, w2, a02); a03 = _mm256_fmadd_ps(x0, w3, a03);
                a10 = _mm256_fmadd_ps(x1, w0, a10); a11 = _mm256_fmadd_ps(x1, w1, a11);
                a12 = _mm256_fmadd_ps(x1, w2, a12); a13 = _mm256_fmadd_ps(x1, w3, a13);
            }
            if (tail) {
                const __m256 x0 = _mm256_maskload_ps(s0 + full, mask), x1 = _mm256_maskload_ps(s1 + full, mask);
                const __m256 w0 = _mm256_maskload_ps(v0 + full, mask), w1 = _mm256_maskload_ps(v1 + full, mask);
                const __m256 w2 = _mm256_maskload_ps(v2 + full, mask), w3 = _mm256_maskload_ps(v3 + full, mask);
                a00 = _mm256_fmadd_ps(x0, w0, a00); a01 = _mm256_fmadd_ps(x0, w1, a01);
                a02 = _mm256_fmadd_ps(x0, w2, a02); a03 = _mm256_fmadd_ps(x0, w3, a03);
                a10 = _mm256_fmadd_ps(x1, w0, a10); a11 = _mm256_fmadd_ps(x1, w1, a11);
                a12 = _mm256_fmadd_ps(x1, w2, a12); a13 = _mm256_fmadd_ps(x1, w3, a13);
            }
            _mm_storeu_ps(logits + i * n + j, sum4(a00, a01, a02, a03));
            _mm_storeu_ps(logits + (i + 1) * n + j, sum4(a10, a11, a12, a13));
        }
        for (; j < n; j++) {
            const float *vj = v + j * h;
            __m256 a0 = _mm256_setzero_ps(), a1 = a0;
            for (size_t p = 0; p < full; p += 8) {
                __m256 w = _mm256_loadu_ps(vj + p);
                a0 = _mm256_fmadd_ps(_mm256_loadu_ps(s0 + p), w, a0);
                a1 = _mm256_fmadd_ps(_mm256_loadu_ps(s1 + p), w, a1);
            }
            if (tail) {
                __m256 w = _mm256_maskload_ps(vj + full, mask);
                a0 = _mm256_fmadd_ps(_mm256_maskload_ps(s0 + full, mask), w, a0);
                a1 = _mm256_fmadd_ps(_mm256_maskload_ps(s1 + full, mask), w, a1);
            }
            logits[i * n + j] = sum1(a0);
            logits[(i + 1) * n + j] = sum1(a1);
        }
    }
    for (; i < m; i++) {
        const float *s0 = s + i * h;
        size_t j = 0;
        for (; j + 4 <= n; j += 4) {
            const float *v0 = v + j * h, *v1 = v0 + h, *v2 = v1 + h, *v3 = v2 + h;
            __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
            for (size_t p = 0; p < full; p += 8) {
                __m256 x = _mm256_loadu_ps(s0 + p);
                a0 = _mm256_fmadd_ps(x, _mm256_loadu_ps(v0 + p), a0);
                a1 = _mm256_fmadd_ps(x, _mm256_loadu_ps(v1 + p), a1);
                a2 = _mm256_fmadd_ps(x, _mm256_loadu_ps(v2 + p), a2);
                a3 = _mm256_fmadd_ps(x, _mm256_loadu_ps(v3 + p), a3);
            }
            if (tail) {
                __m256 x = _mm256_maskload_ps(s0 + full, mask);
                a0 = _mm256_fmadd_ps(x, _mm256_maskload_ps(v0 + full, mask), a0);
                a1 = _mm256_fmadd_ps(x, _mm256_maskload_ps(v1 + full, mask), a1);
                a2 = _mm256_fmadd_ps(x, _mm256_maskload_ps(v2 + full, mask), a2);
                a3 = _mm256_fmadd_ps(x, _mm256_maskload_ps(v3 + full, mask), a3);
            }
            _mm_storeu_ps(logits + i * n + j, sum4(a0, a1, a2, a3));
        }
        for (; j < n; j++) {
            const float *vj = v + j * h;
            __m256 a = _mm256_setzero_ps();
            for (size_t p = 0; p < full; p += 8) a = _mm256_fmadd_ps(_mm256_loadu_ps(s0 + p), _mm256_loadu_ps(vj + p), a);
            if (tail) a = _mm256_fmadd_ps(_mm256_maskload_ps(s0 + full, mask), _mm256_maskload_ps(vj + full, mask), a);
            logits[i * n + j] = sum1(a);
        }
    }
}
#endif

void bptt_class_logits_f32(const float *restrict s, const float *restrict v, float *restrict logits,
                           size_t m, size_t n, size_t h) {
#if defined(__x86_64__) && defined(__GNUC__)
    if (bptt_packed_kernel_is_vectorised()) {
        class_logits_avx2(s, v, logits, m, n, h);
        return;
    }
#endif
    bptt_class_logits_portable_f32(s, v, logits, m, n, h);
}

// One pass over the class's words: word j's gradient row gets every row's dz[i][j] s_i, and every
// row's error gets dz[i][j] v_j, while v_j and dv_j are in L1. (The portable version.)
BPTT_MULTIVERSION
void bptt_class_backward_portable_f32(const float *restrict dz, const float *restrict s, const float *restrict v,
                                      float *restrict dv, float *restrict errors, size_t m, size_t n, size_t h) {
    for (size_t k = 0; k < m * h; k++) errors[k] = 0;
    for (size_t j = 0; j < n; j++) {
        const float *vj = v + j * h;
        float *dvj = dv + j * h;
        size_t i = 0;
        // Two rows a pass: dv_j is read and written half as often.
        for (; i + 2 <= m; i += 2) {
            const float g0 = dz[i * n + j], g1 = dz[(i + 1) * n + j];
            const float *s0 = s + i * h, *s1 = s0 + h;
            float *e0 = errors + i * h, *e1 = e0 + h;
            for (size_t p = 0; p < h; p++) {
                dvj[p] += g0 * s0[p] + g1 * s1[p];
                e0[p] += g0 * vj[p];
                e1[p] += g1 * vj[p];
            }
        }
        for (; i < m; i++) {
            const float g = dz[i * n + j];
            const float *si = s + i * h;
            float *ei = errors + i * h;
            for (size_t p = 0; p < h; p++) {
                dvj[p] += g * si[p];
                ei[p] += g * vj[p];
            }
        }
    }
}

#if defined(__x86_64__) && defined(__GNUC__)
// The same two products as register tiles, each over a chunk of up to 2 vectors (16 floats) of the
// width: errors by 4 rows x chunk, summing over the words; dv by 4 words x chunk, summing over the
// rows. Eight accumulators and 6 loads for 8 FMAs, where the loop above loads and stores dv_j and two
// error rows for every 4 FMAs. (Tiles of 4 x 3 vectors need all 16 registers: clang then keeps an
// accumulator on the stack and runs at half the speed.) The words go in blocks of 64 (25 KB of V
// and of dV at h = 100) so a block stays in cache while every row tile and chunk reads it. Each
// output element is one chain of FMAs in order of j (errors, carried across the blocks) or i (dv,
// from its old value), so a row's result does not depend on the tiling around it.
#define ALWAYS_INLINE __attribute__((always_inline)) inline
#define WORD_BLOCK 64
#define TILE 4
#define NVMAX 2

// Loads vector q of a chunk at x: whole, or masked when it is the chunk's last and the width ends in it.
#define CHUNK_LOAD(x, q) ((masked && (q) == nv - 1) ? _mm256_maskload_ps((x) + 8 * (q), mask) : _mm256_loadu_ps((x) + 8 * (q)))
#define CHUNK_STORE(x, q, a) do { \
        if (masked && (q) == nv - 1) _mm256_maskstore_ps((x) + 8 * (q), mask, (a)); \
        else _mm256_storeu_ps((x) + 8 * (q), (a)); \
    } while (0)

// errors[i..i+R)[chunk] (+)= sum over j in [j0, j1) of dz[i+r][j] v_j[chunk]; from zero when j0 == 0.
AVX2 static ALWAYS_INLINE void errors_tile(const float *restrict dz, const float *restrict v, float *restrict errors,
                                           size_t i, size_t j0, size_t j1, size_t n, size_t h, size_t p0,
                                           const int rows, const int nv, const int masked, __m256i mask) {
    __m256 acc[TILE][NVMAX];
    for (int r = 0; r < rows; r++)
        for (int q = 0; q < nv; q++)
            acc[r][q] = j0 == 0 ? _mm256_setzero_ps() : CHUNK_LOAD(errors + (i + r) * h + p0, q);
    const float *g = dz + i * n;
    for (size_t j = j0; j < j1; j++) {
        const float *vj = v + j * h + p0;
        __m256 w[NVMAX];
        for (int q = 0; q < nv; q++) w[q] = CHUNK_LOAD(vj, q);
        for (int r = 0; r < rows; r++) {
            const __m256 d = _mm256_broadcast_ss(g + r * n + j);
            for (int q = 0; q < nv; q++) acc[r][q] = _mm256_fmadd_ps(d, w[q], acc[r][q]);
        }
    }
    for (int r = 0; r < rows; r++)
        for (int q = 0; q < nv; q++) CHUNK_STORE(errors + (i + r) * h + p0, q, acc[r][q]);
}

// dv[j..j+W)[chunk] += sum_i dz[i][j+w] s_i[chunk].
AVX2 static ALWAYS_INLINE void word_gradient_tile(const float *restrict dz, const float *restrict s, float *restrict dv,
                                                  size_t j, size_t m, size_t n, size_t h, size_t p0, const int words,
                                                  const int nv, const int masked, __m256i mask) {
    __m256 acc[TILE][NVMAX];
    for (int w = 0; w < words; w++)
        for (int q = 0; q < nv; q++) acc[w][q] = CHUNK_LOAD(dv + (j + w) * h + p0, q);
    for (size_t i = 0; i < m; i++) {
        const float *si = s + i * h + p0;
        __m256 x[NVMAX];
        for (int q = 0; q < nv; q++) x[q] = CHUNK_LOAD(si, q);
        for (int w = 0; w < words; w++) {
            const __m256 d = _mm256_broadcast_ss(dz + i * n + j + w);
            for (int q = 0; q < nv; q++) acc[w][q] = _mm256_fmadd_ps(d, x[q], acc[w][q]);
        }
    }
    for (int w = 0; w < words; w++)
        for (int q = 0; q < nv; q++) CHUNK_STORE(dv + (j + w) * h + p0, q, acc[w][q]);
}

// One chunk of the width (nv vectors, the last masked or not) through both products, for the words
// [j0, j1).
AVX2 static ALWAYS_INLINE void class_backward_chunk(const float *restrict dz, const float *restrict s,
                                                    const float *restrict v, float *restrict dv,
                                                    float *restrict errors, size_t m, size_t j0, size_t j1, size_t n,
                                                    size_t h, size_t p0, const int nv, const int masked, __m256i mask) {
    // The rows (words) after the last whole tile as one smaller tile: more chains at once than one
    // row at a time, where each tile's chains wait on the FMA before.
#define REMAINDER_TILE(call, count) switch (count) { case 1: call(1); break; case 2: call(2); break; case 3: call(3); break; }
    size_t i = 0;
#define ERRORS(rows) errors_tile(dz, v, errors, i, j0, j1, n, h, p0, rows, nv, masked, mask)
    for (; i + TILE <= m; i += TILE) ERRORS(TILE);
    REMAINDER_TILE(ERRORS, m - i)
    size_t j = j0;
#define WORDS(words) word_gradient_tile(dz, s, dv, j, m, n, h, p0, words, nv, masked, mask)
    for (; j + TILE <= j1; j += TILE) WORDS(TILE);
    REMAINDER_TILE(WORDS, j1 - j)
#undef ERRORS
#undef WORDS
}

AVX2 static void class_backward_avx2(const float *restrict dz, const float *restrict s, const float *restrict v,
                                     float *restrict dv, float *restrict errors, size_t m, size_t n, size_t h) {
    const __m256i none = _mm256_setzero_si256();
    // The last chunk: whole vectors, then one masked vector for a width not a multiple of 8.
    const size_t last = h / (8 * NVMAX) * (8 * NVMAX), whole = (h - last) / 8, tail = (h - last) % 8;
    const __m256i mask = tail_mask(tail);
    if (n == 0) {
        for (size_t k = 0; k < m * h; k++) errors[k] = 0;
        return;
    }
    for (size_t j0 = 0; j0 < n; j0 += WORD_BLOCK) {
        const size_t j1 = j0 + WORD_BLOCK < n ? j0 + WORD_BLOCK : n;
        // The block's rows of dV are cold (first touched in this update): fetch them into L2 while
        // the errors' tiles run, instead of stalling on them in the first chunk's dv loads.
        for (const char *line = (const char *)(dv + j0 * h), *end = (const char *)(dv + j1 * h); line < end; line += 64)
            _mm_prefetch(line, _MM_HINT_T1);
        for (size_t p0 = 0; p0 < last; p0 += 8 * NVMAX)
            class_backward_chunk(dz, s, v, dv, errors, m, j0, j1, n, h, p0, NVMAX, 0, none);
        // (whole is 0 or 1: a chunk is 2 vectors.)
        if (whole == 1 && tail > 0) class_backward_chunk(dz, s, v, dv, errors, m, j0, j1, n, h, last, 2, 1, mask);
        else if (whole == 1) class_backward_chunk(dz, s, v, dv, errors, m, j0, j1, n, h, last, 1, 0, none);
        else if (tail > 0) class_backward_chunk(dz, s, v, dv, errors, m, j0, j1, n, h, last, 1, 1, mask);
    }
}
#endif

void bptt_class_backward_f32(const float *restrict dz, const float *restrict s, const float *restrict v,
                             float *restrict dv, float *restrict errors, size_t m, size_t n, size_t h) {
#if defined(__x86_64__) && defined(__GNUC__)
    if (bptt_packed_kernel_is_vectorised()) {
        class_backward_avx2(dz, s, v, dv, errors, m, n, h);
        return;
    }
#endif
    bptt_class_backward_portable_f32(dz, s, v, dv, errors, m, n, h);
}
