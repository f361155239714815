#include "CKernels.h"
#include "approximations.h"

BPTT_MULTIVERSION
void bptt_tanh_f32(const float *restrict x, float *restrict y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = bptt_tanh_one(x[i]);
}

BPTT_MULTIVERSION
void bptt_bias_tanh_f32(float *restrict y, const float *restrict bias, size_t rows, size_t h) {
    for (size_t r = 0; r < rows; r++) {
        float *row = y + r * h;
        for (size_t i = 0; i < h; i++) row[i] = bptt_tanh_one(row[i] + bias[i]);
    }
}

BPTT_MULTIVERSION
void bptt_gather_bias_tanh_f32(float *restrict y, const float *restrict table, const int32_t *restrict indices,
                               const float *restrict bias, size_t rows, size_t h) {
    for (size_t r = 0; r < rows; r++) {
        float *row = y + r * h;
        const float *gathered = table + (size_t)indices[r] * h;
        for (size_t i = 0; i < h; i++) row[i] = bptt_tanh_one(row[i] + gathered[i] + bias[i]);
    }
}

BPTT_MULTIVERSION
void bptt_tanh_backward_f32(const float *restrict g, const float *restrict s, float *restrict d, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = g[i] * (1.0f - s[i] * s[i]);
}
