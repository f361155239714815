#include "CKernels.h"
#include "approximations.h"

// Rows go in chunks of 16: per row, add the bias and subtract the row maximum; then one flat loop
// of exponentials over the whole chunk (a row of 30 or 68 has a scalar tail of 6 or 4, and those
// scalar exponentials cost as much as the vector ones: one tail per chunk instead); then per row
// the sum and the scaling. The reductions use 8 partial lanes so that they vectorise (a running
// scalar max or sum would serialise them: IEEE order is kept otherwise). Elementwise, exp(z - m)
// is the same whichever loop computes it, so the chunking changes no bit. A NaN logit gives NaN
// probabilities and loss.
#define SOFTMAX_CHUNK 16

// z = z + c - max(z + c) in place; returns the maximum.
static inline __attribute__((always_inline)) float shift_row(float *restrict z, const float *restrict c, size_t v) {
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
    for (i = 0; i < v; i++) z[i] -= m;
    return m;
}

static inline __attribute__((always_inline)) void exp_in_place(float *restrict z, size_t n) {
    for (size_t i = 0; i < n; i++) z[i] = bptt_exp_one(z[i]);
}

// Divides a row of exponentials by their sum; returns the sum.
static inline __attribute__((always_inline)) float normalise_row(float *restrict z, size_t v) {
    float lane_sum[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t i = 0;
    for (; i + 8 <= v; i += 8)
        for (size_t j = 0; j < 8; j++) lane_sum[j] += z[i + j];
    float sum = 0.0f;
    for (size_t j = 0; j < 8; j++) sum += lane_sum[j];
    for (; i < v; i++) sum += z[i];
    float inv = 1.0f / sum;
    for (i = 0; i < v; i++) z[i] *= inv;
    return sum;
}

BPTT_MULTIVERSION
void bptt_softmax_f32(float *restrict logits, const float *restrict c, size_t rows, size_t v) {
    for (size_t first = 0; first < rows; first += SOFTMAX_CHUNK) {
        size_t count = rows - first < SOFTMAX_CHUNK ? rows - first : SOFTMAX_CHUNK;
        float *chunk = logits + first * v;
        for (size_t r = 0; r < count; r++) shift_row(chunk + r * v, c, v);
        exp_in_place(chunk, count * v);
        for (size_t r = 0; r < count; r++) normalise_row(chunk + r * v, v);
    }
}

BPTT_MULTIVERSION
double bptt_softmax_xent_f32(float *restrict logits, const float *restrict c, const int32_t *restrict targets,
                             const float *restrict mask, size_t rows, size_t v) {
    double total = 0.0;
    for (size_t first = 0; first < rows; first += SOFTMAX_CHUNK) {
        size_t count = rows - first < SOFTMAX_CHUNK ? rows - first : SOFTMAX_CHUNK;
        float *chunk = logits + first * v;
        float shifted_target[SOFTMAX_CHUNK];
        for (size_t r = 0; r < count; r++) {
            float *z = chunk + r * v;
            int32_t t = targets[first + r];
            float target_logit = z[t] + c[t];
            shifted_target[r] = target_logit - shift_row(z, c, v);
        }
        exp_in_place(chunk, count * v);
        for (size_t r = 0; r < count; r++) {
            float sum = normalise_row(chunk + r * v, v);
            // log-sum-exp form: exact even when p[t] underflows.
            float loss = logf(sum) - shifted_target[r];
            float w = mask ? mask[first + r] : 1.0f;
            total += (double)loss * (double)w;
        }
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
