#include "CKernels.h"
#include "approximations.h"

// Adds the bias, subtracts the row maximum, exponentiates in place; returns the sum and the maximum.
// The reductions use 8 partial lanes and the exponentials a loop of their own, so that all three
// passes vectorise (a running scalar max or sum would serialise them: IEEE order is kept otherwise).
// A NaN logit gives NaN probabilities and loss.
static inline __attribute__((always_inline)) float shifted_exp_row(float *restrict z, const float *restrict c, size_t v, float *max_out) {
    float lane_max[8] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY};
    size_t i = 0;
    for (; i + 8 <= v; i += 8)
        for (size_t j = 0; j < 8; j++) {
            float x = z[i + j] + c[i + j];
            z[i + j] = x;
            lane_max[j] = x > lane_max[j] ? x : lane_max[j];
        }
    float m = -INFINITY;
    for (size_t j = 0; j < 8; j++) m = lane_max[j] > m ? lane_max[j] : m;
    for (; i < v; i++) {
        z[i] += c[i];
        m = z[i] > m ? z[i] : m;
    }
    for (i = 0; i < v; i++) z[i] = bptt_exp_one(z[i] - m);
    float lane_sum[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (i = 0; i + 8 <= v; i += 8)
        for (size_t j = 0; j < 8; j++) lane_sum[j] += z[i + j];
    float sum = 0.0f;
    for (size_t j = 0; j < 8; j++) sum += lane_sum[j];
    for (; i < v; i++) sum += z[i];
    *max_out = m;
    return sum;
}

BPTT_MULTIVERSION
void bptt_softmax_f32(float *restrict logits, const float *restrict c, size_t rows, size_t v) {
    for (size_t r = 0; r < rows; r++) {
        float *z = logits + r * v;
        float m;
        float inv = 1.0f / shifted_exp_row(z, c, v, &m);
        for (size_t i = 0; i < v; i++) z[i] *= inv;
    }
}

BPTT_MULTIVERSION
double bptt_softmax_xent_f32(float *restrict logits, const float *restrict c, const int32_t *restrict targets,
                             const float *restrict mask, size_t rows, size_t v) {
    double total = 0.0;
    for (size_t r = 0; r < rows; r++) {
        float *z = logits + r * v;
        int32_t t = targets[r];
        float target_logit = z[t] + c[t];
        float m;
        float sum = shifted_exp_row(z, c, v, &m);
        float inv = 1.0f / sum;
        for (size_t i = 0; i < v; i++) z[i] *= inv;
        // log-sum-exp form: exact even when p[t] underflows.
        float loss = logf(sum) - (target_logit - m);
        float w = mask ? mask[r] : 1.0f;
        total += (double)loss * (double)w;
    }
    return total;
}

BPTT_MULTIVERSION
void bptt_output_grad_f32(const float *restrict p, const int32_t *restrict targets, const float *restrict mask,
                          size_t rows, size_t v, float *restrict dy) {
    for (size_t r = 0; r < rows; r++) {
        const float *pr = p + r * v;
        float *dr = dy + r * v;
        float w = mask ? mask[r] : 1.0f;
        for (size_t i = 0; i < v; i++) dr[i] = pr[i] * w;
        dr[targets[r]] -= w;
    }
}
