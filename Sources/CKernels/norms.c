#include "CKernels.h"
#include "approximations.h"

// No fused multiply-adds: every CPU (and the Swift reference) must give the same bits, so that the
// global gradient norm of a sparse update equals the dense one exactly.
#ifdef __clang__
#pragma clang fp contract(off)
#endif

BPTT_MULTIVERSION
double bptt_sum_squares_rows_f32(const float *restrict x, size_t rows, size_t width, double total) {
    for (size_t r = 0; r < rows; r++) {
        const float *row = x + r * width;
        // Eight Float64 partial sums by index mod 8 (two AVX2 vectors), added pairwise; the tail last.
        double partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        size_t i = 0;
        for (; i + 8 <= width; i += 8)
            for (size_t j = 0; j < 8; j++) partial[j] += (double)row[i + j] * (double)row[i + j];
        double sum = ((partial[0] + partial[1]) + (partial[2] + partial[3]))
                   + ((partial[4] + partial[5]) + (partial[6] + partial[7]));
        for (; i < width; i++) sum += (double)row[i] * (double)row[i];
        total += sum;
    }
    return total;
}
