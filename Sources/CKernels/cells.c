#include "CKernels.h"
#include "approximations.h"

// The gated cells' elementwise steps (LSTM and GRU), row by row over `rows` rows of width h.
// Their plain references are ReferenceKernels.lstmForward etc. (Float64, exact tanh and exp); the
// kernel tests compare the two. The gate pre-activations arrive in the cache rows, where the step's
// recurrent product W h_{t-1} was written; the input row of U and the bias are added here.
//
// Each row is one call of a helper whose gate blocks are separate restrict parameters: the blocks of
// a row never overlap, and saying so lets the loop vectorise without the run-time overlap checks
// that (spanning all rows, where one row's blocks do overlap another's range) sent it down the
// scalar path.

// The logistic function through tanh: σ(x) = (1 + tanh(x/2)) / 2, one approximation for both.
static inline __attribute__((always_inline)) float bptt_sigmoid_one(float x) {
    return 0.5f + 0.5f * bptt_tanh_one(0.5f * x);
}

static inline __attribute__((always_inline)) void lstm_forward_row(
    float *restrict zi, float *restrict zf, float *restrict zg, float *restrict zo, float *restrict zt,
    const float *restrict u, const float *restrict bias, const float *restrict cp, float *restrict c,
    float *restrict s, size_t h) {
    for (size_t i = 0; i < h; i++) {
        float in = bptt_sigmoid_one(zi[i] + u[i] + bias[i]);
        float forget = bptt_sigmoid_one(zf[i] + u[h + i] + bias[h + i]);
        float candidate = bptt_tanh_one(zg[i] + u[2 * h + i] + bias[2 * h + i]);
        float out = bptt_sigmoid_one(zo[i] + u[3 * h + i] + bias[3 * h + i]);
        float next = forget * cp[i] + in * candidate;
        float squashed = bptt_tanh_one(next);
        zi[i] = in;
        zf[i] = forget;
        zg[i] = candidate;
        zo[i] = out;
        zt[i] = squashed;
        c[i] = next;
        s[i] = out * squashed;
    }
}

// Cache row (5h): i f g o tanh(c); c and state rows h wide.
BPTT_MULTIVERSION
void bptt_lstm_forward_f32(float *restrict cache, const float *restrict table, const int32_t *restrict indices,
                           const float *restrict bias, const float *restrict previous_cell, float *restrict cell,
                           float *restrict state, size_t rows, size_t h) {
    for (size_t r = 0; r < rows; r++) {
        float *z = cache + r * 5 * h;
        lstm_forward_row(z, z + h, z + 2 * h, z + 3 * h, z + 4 * h, table + (size_t)indices[r] * 4 * h, bias,
                         previous_cell + r * h, cell + r * h, state + r * h, h);
    }
}

static inline __attribute__((always_inline)) void lstm_backward_row(
    const float *restrict dh, const float *restrict carried, const float *restrict zi, const float *restrict zf,
    const float *restrict zg, const float *restrict zo, const float *restrict zt, const float *restrict cp,
    float *restrict di, float *restrict df, float *restrict dg, float *restrict dout, float *restrict total,
    float *restrict out, size_t h) {
    for (size_t i = 0; i < h; i++) {
        float in = zi[i], forget = zf[i], candidate = zg[i], gate = zo[i], squashed = zt[i];
        float dc = dh[i] * gate * (1.0f - squashed * squashed);
        if (carried) dc += carried[i];
        di[i] = dc * candidate * in * (1.0f - in);
        df[i] = dc * cp[i] * forget * (1.0f - forget);
        dg[i] = dc * in * (1.0f - candidate * candidate);
        dout[i] = dh[i] * squashed * gate * (1.0f - gate);
        total[i] = dc;
        out[i] = dc * forget;
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
        const float *z = cache + r * 5 * h;
        float *d = deltas + r * 4 * h;
        lstm_backward_row(gradient + r * h, carry_in ? carry_in + r * h : NULL, z, z + h, z + 2 * h, z + 3 * h, z + 4 * h,
                          previous_cell + r * h, d, d + h, d + 2 * h, d + 3 * h, cell_total + r * h, carry_out + r * h, h);
    }
}

static inline __attribute__((always_inline)) void gru_forward_row(
    float *restrict zz, float *restrict zr, float *restrict zn, float *restrict za, const float *restrict u,
    const float *restrict bias, const float *restrict hp, float *restrict s, size_t h) {
    for (size_t i = 0; i < h; i++) {
        float update = bptt_sigmoid_one(zz[i] + u[i] + bias[i]);
        float reset = bptt_sigmoid_one(zr[i] + u[h + i] + bias[h + i]);
        float recurrent = zn[i];
        float candidate = bptt_tanh_one(u[2 * h + i] + bias[2 * h + i] + reset * recurrent);
        zz[i] = update;
        zr[i] = reset;
        zn[i] = candidate;
        za[i] = recurrent;
        s[i] = (1.0f - update) * candidate + update * hp[i];
    }
}

// Cache row (4h): z r n and W_n h_{t-1} (the recurrent part of n, which the reset gate scales).
BPTT_MULTIVERSION
void bptt_gru_forward_f32(float *restrict cache, const float *restrict table, const int32_t *restrict indices,
                          const float *restrict bias, const float *restrict previous, float *restrict state,
                          size_t rows, size_t h) {
    for (size_t r = 0; r < rows; r++) {
        float *z = cache + r * 4 * h;
        gru_forward_row(z, z + h, z + 2 * h, z + 3 * h, table + (size_t)indices[r] * 3 * h, bias, previous + r * h,
                        state + r * h, h);
    }
}

static inline __attribute__((always_inline)) void gru_backward_row(
    const float *restrict dh, const float *restrict zz, const float *restrict zr, const float *restrict zn,
    const float *restrict za, const float *restrict hp, float *restrict dz, float *restrict dreset_out,
    float *restrict dn_out, float *restrict rz, float *restrict rr, float *restrict rn, size_t h) {
    for (size_t i = 0; i < h; i++) {
        float update = zz[i], reset = zr[i], candidate = zn[i], recurrent = za[i];
        float dn = dh[i] * (1.0f - update) * (1.0f - candidate * candidate);
        float dupdate = dh[i] * (hp[i] - candidate) * update * (1.0f - update);
        float dreset = dn * recurrent * reset * (1.0f - reset);
        dz[i] = dupdate;
        dreset_out[i] = dreset;
        dn_out[i] = dn;
        rz[i] = dupdate;
        rr[i] = dreset;
        rn[i] = dn * reset;
    }
}

// From dE/dh_t: the input side's deltas (3h: z r n, for dU and db) and the recurrent side's (the same
// with the n block times r, for dW and the product back to h_{t-1}).
BPTT_MULTIVERSION
void bptt_gru_backward_f32(const float *restrict gradient, const float *restrict cache, const float *restrict previous,
                           float *restrict deltas, float *restrict recurrent_deltas, size_t rows, size_t h) {
    for (size_t r = 0; r < rows; r++) {
        const float *z = cache + r * 4 * h;
        float *d = deltas + r * 3 * h, *rd = recurrent_deltas + r * 3 * h;
        gru_backward_row(gradient + r * h, z, z + h, z + 2 * h, z + 3 * h, previous + r * h, d, d + h, d + 2 * h, rd,
                         rd + h, rd + 2 * h, h);
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
