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

BPTT_MULTIVERSION
void bptt_row_sums_squares_f32(const float *restrict x, size_t rows, size_t width, double *restrict sums) {
    for (size_t r = 0; r < rows; r++) sums[r] = row_sum_squares(x + r * width, width);
}
