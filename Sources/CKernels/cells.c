#include "CKernels.h"
#include "approximations.h"

// The gated cells' elementwise steps (LSTM and GRU), row by row over `rows` rows of width h.
// Their plain references are ReferenceKernels.lstmForward etc. (Float64, exact tanh and exp); the
// kernel tests compare the two. The gate pre-activations arrive in the cache rows, where the step's
// recurrent product W h_{t-1} was written; the input row of U and the bias are added here.

// The logistic function through tanh: σ(x) = (1 + tanh(x/2)) / 2, one approximation for both.
static inline __attribute__((always_inline)) float bptt_sigmoid_one(float x) {
    return 0.5f + 0.5f * bptt_tanh_one(0.5f * x);
}

// Cache row (5h): i f g o tanh(c); c and state rows h wide.
BPTT_MULTIVERSION
void bptt_lstm_forward_f32(float *restrict cache, const float *restrict table, const int32_t *restrict indices,
                           const float *restrict bias, const float *restrict previous_cell, float *restrict cell,
                           float *restrict state, size_t rows, size_t h) {
    for (size_t r = 0; r < rows; r++) {
        float *z = cache + r * 5 * h;
        const float *u = table + (size_t)indices[r] * 4 * h;
        const float *cp = previous_cell + r * h;
        float *c = cell + r * h, *s = state + r * h;
        for (size_t i = 0; i < h; i++) {
            float in = bptt_sigmoid_one(z[i] + u[i] + bias[i]);
            float forget = bptt_sigmoid_one(z[h + i] + u[h + i] + bias[h + i]);
            float candidate = bptt_tanh_one(z[2 * h + i] + u[2 * h + i] + bias[2 * h + i]);
            float out = bptt_sigmoid_one(z[3 * h + i] + u[3 * h + i] + bias[3 * h + i]);
            float next = forget * cp[i] + in * candidate;
            float squashed = bptt_tanh_one(next);
            z[i] = in;
            z[h + i] = forget;
            z[2 * h + i] = candidate;
            z[3 * h + i] = out;
            z[4 * h + i] = squashed;
            c[i] = next;
            s[i] = out * squashed;
        }
    }
}

// From dE/dh_t (gradient) and the error carried along c from step t+1 (carry_in, NULL = none): the
// pre-activation deltas (4h: i f g o), the total dE/dc_t (cell_total) and what goes on to c_{t-1}
// (carry_out = dE/dc_t ⊙ f_t).
BPTT_MULTIVERSION
void bptt_lstm_backward_f32(const float *restrict gradient, const float *restrict carry_in, const float *restrict cache,
                            const float *restrict previous_cell, float *restrict deltas, float *restrict cell_total,
                            float *restrict carry_out, size_t rows, size_t h) {
    for (size_t r = 0; r < rows; r++) {
        const float *z = cache + r * 5 * h, *dh = gradient + r * h, *cp = previous_cell + r * h;
        const float *carried = carry_in ? carry_in + r * h : NULL;
        float *d = deltas + r * 4 * h, *total = cell_total + r * h, *out = carry_out + r * h;
        for (size_t i = 0; i < h; i++) {
            float in = z[i], forget = z[h + i], candidate = z[2 * h + i], gate = z[3 * h + i], squashed = z[4 * h + i];
            float dc = dh[i] * gate * (1.0f - squashed * squashed);
            if (carried) dc += carried[i];
            d[i] = dc * candidate * in * (1.0f - in);
            d[h + i] = dc * cp[i] * forget * (1.0f - forget);
            d[2 * h + i] = dc * in * (1.0f - candidate * candidate);
            d[3 * h + i] = dh[i] * squashed * gate * (1.0f - gate);
            total[i] = dc;
            out[i] = dc * forget;
        }
    }
}

// Cache row (4h): z r n and W_n h_{t-1} (the recurrent part of n, which the reset gate scales).
BPTT_MULTIVERSION
void bptt_gru_forward_f32(float *restrict cache, const float *restrict table, const int32_t *restrict indices,
                          const float *restrict bias, const float *restrict previous, float *restrict state,
                          size_t rows, size_t h) {
    for (size_t r = 0; r < rows; r++) {
        float *z = cache + r * 4 * h;
        const float *u = table + (size_t)indices[r] * 3 * h;
        const float *hp = previous + r * h;
        float *s = state + r * h;
        for (size_t i = 0; i < h; i++) {
            float update = bptt_sigmoid_one(z[i] + u[i] + bias[i]);
            float reset = bptt_sigmoid_one(z[h + i] + u[h + i] + bias[h + i]);
            float recurrent = z[2 * h + i];
            float candidate = bptt_tanh_one(u[2 * h + i] + bias[2 * h + i] + reset * recurrent);
            z[i] = update;
            z[h + i] = reset;
            z[2 * h + i] = candidate;
            z[3 * h + i] = recurrent;
            s[i] = (1.0f - update) * candidate + update * hp[i];
        }
    }
}

// From dE/dh_t: the input side's deltas (3h: z r n, for dU and db) and the recurrent side's (the same
// with the n block times r, for dW and the product back to h_{t-1}).
BPTT_MULTIVERSION
void bptt_gru_backward_f32(const float *restrict gradient, const float *restrict cache, const float *restrict previous,
                           float *restrict deltas, float *restrict recurrent_deltas, size_t rows, size_t h) {
    for (size_t r = 0; r < rows; r++) {
        const float *z = cache + r * 4 * h, *dh = gradient + r * h, *hp = previous + r * h;
        float *d = deltas + r * 3 * h, *dr = recurrent_deltas + r * 3 * h;
        for (size_t i = 0; i < h; i++) {
            float update = z[i], reset = z[h + i], candidate = z[2 * h + i], recurrent = z[3 * h + i];
            float dn = dh[i] * (1.0f - update) * (1.0f - candidate * candidate);
            float dz = dh[i] * (hp[i] - candidate) * update * (1.0f - update);
            float dreset = dn * recurrent * reset * (1.0f - reset);
            d[i] = dz;
            d[h + i] = dreset;
            d[2 * h + i] = dn;
            dr[i] = dz;
            dr[h + i] = dreset;
            dr[2 * h + i] = dn * reset;
        }
    }
}

// The GRU's direct path to h_{t-1}: next = addend + z ⊙ dE/dh_t (addend NULL = none). `next` may be
// `gradient` itself (the naive sweep's single buffer), so no restrict on those two.
BPTT_MULTIVERSION
void bptt_gru_direct_f32(const float *gradient, const float *restrict cache, const float *addend, float *next,
                         size_t rows, size_t h) {
    for (size_t r = 0; r < rows; r++) {
        const float *z = cache + r * 4 * h, *dh = gradient + r * h;
        const float *a = addend ? addend + r * h : NULL;
        float *n = next + r * h;
        for (size_t i = 0; i < h; i++) n[i] = (a ? a[i] : 0.0f) + z[i] * dh[i];
    }
}
