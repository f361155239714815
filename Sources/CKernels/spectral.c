#include "CKernels.h"
#include "approximations.h"

// No fused multiply-adds: the sums must round exactly as the portable clone and the reference do,
// so the power iteration (and the training that uses it) gives the same bits on every CPU.
#ifdef __clang__
#pragma clang fp contract(off)
#endif

BPTT_MULTIVERSION
void bptt_normal_step_f64(const double *restrict a, const double *restrict v, double *restrict u,
                          double *restrict w, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const double *row = a + i * n;
        // Four partial sums by index mod 4 (the vector lanes), added pairwise at the end.
        double partial[4] = {0, 0, 0, 0};
        size_t j = 0;
        for (; j + 4 <= n; j += 4)
            for (size_t k = 0; k < 4; k++) partial[k] += row[j + k] * v[j + k];
        for (; j < n; j++) partial[0] += row[j] * v[j];
        u[i] = (partial[0] + partial[1]) + (partial[2] + partial[3]);
    }
    for (size_t j = 0; j < n; j++) w[j] = 0;
    for (size_t i = 0; i < n; i++) {
        const double *row = a + i * n;
        const double ui = u[i];
        for (size_t j = 0; j < n; j++) w[j] += row[j] * ui;
    }
}
