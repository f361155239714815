#include "CKernels.h"
#include "approximations.h"
#include <math.h>

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
double bptt_tanh_backward_norm_f32(const float *restrict g, const float *restrict s, float *restrict d, size_t rows,
                                   size_t h) {
    if (rows == 0) return 0.0;
    double total = 0.0;
    for (size_t r = 0; r < rows; r++) {
        const float *gr = g + r * h, *sr = s + r * h;
        float *dr = d + r * h;
        // Eight partial sums keep the loop vectorised (a single running sum would serialise it).
        float partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        size_t i = 0;
        for (; i + 8 <= h; i += 8)
            for (size_t j = 0; j < 8; j++) {
                float x = gr[i + j];
                dr[i + j] = x * (1.0f - sr[i + j] * sr[i + j]);
                partial[j] += x * x;
            }
        double squares = 0.0;
        for (size_t j = 0; j < 8; j++) squares += partial[j];
        for (; i < h; i++) {
            dr[i] = gr[i] * (1.0f - sr[i] * sr[i]);
            squares += (double)gr[i] * gr[i];
        }
        total += sqrt(squares);
    }
    return total / (double)rows;
}

BPTT_MULTIVERSION
void bptt_tanh_backward_f32(const float *restrict g, const float *restrict s, float *restrict d, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = g[i] * (1.0f - s[i] * s[i]);
}
