#include "CKernelsTestSupport.h"
#include "approximations.h"

void bptt_tanh_f32(const float *restrict x, float *restrict y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = bptt_tanh_one(x[i]);
}

void bptt_bias_tanh_f32(float *restrict y, const float *restrict bias, size_t rows, size_t h) {
    for (size_t r = 0; r < rows; r++) {
        float *row = y + r * h;
        for (size_t i = 0; i < h; i++) row[i] = bptt_tanh_one(row[i] + bias[i]);
    }
}

void bptt_exp_f32(const float *restrict x, float *restrict y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = bptt_exp_one(x[i]);
}
