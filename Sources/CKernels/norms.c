#include "CKernels.h"
#include "approximations.h"

// No fused multiply-adds: every CPU (and the Swift reference) must give the same bits, so that the
// global gradient norm of a sparse update equals the dense one exactly.
#ifdef __clang__
#pragma clang fp contract(off)
#endif

// One row's sum of squares in Float64: eight partial sums by index mod 8 (two AVX2 vectors), added
// pairwise; the tail last. Both kernels below use it, so their per-row sums are the same bits.
static inline double row_sum_squares(const float *restrict row, size_t width) {
    double partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t i = 0;
    for (; i + 8 <= width; i += 8)
        for (size_t j = 0; j < 8; j++) partial[j] += (double)row[i + j] * (double)row[i + j];
    double sum = ((partial[0] + partial[1]) + (partial[2] + partial[3]))
               + ((partial[4] + partial[5]) + (partial[6] + partial[7]));
    for (; i < width; i++) sum += (double)row[i] * (double)row[i];
    return sum;
}

BPTT_MULTIVERSION
double bptt_sum_squares_rows_f32(const float *restrict x, size_t rows, size_t width, double total) {
    for (size_t r = 0; r < rows; r++) total += row_sum_squares(x + r * width, width);
    return total;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define AVX2 __attribute__((target("avx2,fma")))

// row_sum_squares of up to 4 rows at once with AVX2: each row's eight partial sums are two vectors
// of 4 doubles, updated in the same order as above (so the same bits); the rows' chains interleave,
// where one row's chain waits on its add before (the auto-vectorised loop above ran at ~4 cycles
// per 8 floats on that latency). No multiply-add is fused (mul then add, as above).
AVX2 static inline __attribute__((always_inline)) void row_sums_squares_avx2(const float *restrict x, size_t width,
                                                                             double *restrict sums, const int rows) {
    __m256d lo[4], hi[4];
    for (int r = 0; r < rows; r++) lo[r] = hi[r] = _mm256_setzero_pd();
    size_t i = 0;
    for (; i + 8 <= width; i += 8)
        for (int r = 0; r < rows; r++) {
            const __m256 v = _mm256_loadu_ps(x + r * width + i);
            const __m256d a = _mm256_cvtps_pd(_mm256_castps256_ps128(v)), b = _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1));
            lo[r] = _mm256_add_pd(lo[r], _mm256_mul_pd(a, a));
            hi[r] = _mm256_add_pd(hi[r], _mm256_mul_pd(b, b));
        }
    for (int r = 0; r < rows; r++) {
        double p[8];
        _mm256_storeu_pd(p, lo[r]);
        _mm256_storeu_pd(p + 4, hi[r]);
        double sum = ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
        const float *row = x + r * width;
        for (size_t j = i; j < width; j++) sum += (double)row[j] * (double)row[j];
        sums[r] = sum;
    }
}
#endif

BPTT_MULTIVERSION
static void row_sums_squares_portable(const float *restrict x, size_t rows, size_t width, double *restrict sums) {
    for (size_t r = 0; r < rows; r++) sums[r] = row_sum_squares(x + r * width, width);
}

#if defined(__x86_64__) && defined(__GNUC__)
AVX2 static void row_sums_squares_rows_avx2(const float *restrict x, size_t rows, size_t width, double *restrict sums) {
    size_t r = 0;
    for (; r + 4 <= rows; r += 4) row_sums_squares_avx2(x + r * width, width, sums + r, 4);
    switch (rows - r) {
    case 1: row_sums_squares_avx2(x + r * width, width, sums + r, 1); break;
    case 2: row_sums_squares_avx2(x + r * width, width, sums + r, 2); break;
    case 3: row_sums_squares_avx2(x + r * width, width, sums + r, 3); break;
    }
}
#endif

void bptt_row_sums_squares_f32(const float *restrict x, size_t rows, size_t width, double *restrict sums) {
#if defined(__x86_64__) && defined(__GNUC__)
    if (bptt_packed_kernel_is_vectorised()) {
        row_sums_squares_rows_avx2(x, rows, width, sums);
        return;
    }
#endif
    row_sums_squares_portable(x, rows, width, sums);
}
