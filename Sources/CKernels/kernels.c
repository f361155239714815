#include "CKernels.h"
#include <math.h>
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#include <pmmintrin.h>
#endif

// The loops below are written so that the compiler vectorises them; target_clones lets one
// binary use AVX2+FMA where the CPU has it and stay correct on any x86-64.
#if defined(__x86_64__) && defined(__GNUC__)
#define BPTT_MULTIVERSION __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define BPTT_MULTIVERSION
#endif

// Rational 13/6 minimax approximation of tanh (the coefficients widely used for float tanh, e.g. by
// Eigen). Beyond |x| = 7.90531 tanh(x) rounds to +-1 in float, so the input is clamped there.
static inline float tanh_one(float x) {
    const float clamp = 7.90531110763549805f;
    float xc = x > clamp ? clamp : (x < -clamp ? -clamp : x);
    float x2 = xc * xc;
    float p = -2.76076847742355e-16f;
    p = p * x2 + 2.00018790482477e-13f;
    p = p * x2 + -8.60467152213735e-11f;
    p = p * x2 + 5.12229709037114e-08f;
    p = p * x2 + 1.48572235717979e-05f;
    p = p * x2 + 6.37261928875436e-04f;
    p = p * x2 + 4.89352455891786e-03f;
    p = p * xc;
    float q = 1.19825839466702e-06f;
    q = q * x2 + 1.18534705686654e-04f;
    q = q * x2 + 2.26843463243900e-03f;
    q = q * x2 + 4.89352518554385e-03f;
    // Below 0.0004 the ratio loses relative accuracy; tanh(x) == x there to float precision.
    float r = p / q;
    float ax = xc < 0 ? -xc : xc;
    return ax < 0.0004f ? xc : r;
}

BPTT_MULTIVERSION
void bptt_tanh_f32(const float *restrict x, float *restrict y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = tanh_one(x[i]);
}

BPTT_MULTIVERSION
void bptt_bias_tanh_f32(float *restrict y, const float *restrict bias, size_t rows, size_t h) {
    for (size_t r = 0; r < rows; r++) {
        float *row = y + r * h;
        for (size_t i = 0; i < h; i++) row[i] = tanh_one(row[i] + bias[i]);
    }
}

BPTT_MULTIVERSION
void bptt_tanh_backward_f32(const float *restrict g, const float *restrict s, float *restrict d, size_t n) {
    for (size_t i = 0; i < n; i++) d[i] = g[i] * (1.0f - s[i] * s[i]);
}

// exp(x) = 2^k * exp(r), r = x - k ln2 in [-ln2/2, ln2/2], degree-6 polynomial for exp(r).
static inline float exp_one(float x) {
    x = x > 88.3762626647949f ? 88.3762626647949f : (x < -87.3365447504f ? -87.3365447504f : x);
    float k = floorf(x * 1.44269504088896341f + 0.5f);
    float r = x - k * 0.693359375f;
    r = r - k * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    union { int32_t i; float f; } scale;
    scale.i = ((int32_t)k + 127) << 23;
    return p * scale.f;
}

BPTT_MULTIVERSION
void bptt_exp_f32(const float *restrict x, float *restrict y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = exp_one(x[i]);
}

BPTT_MULTIVERSION
double bptt_softmax_xent_f32(float *restrict logits, const float *restrict c, const int32_t *restrict targets,
                             const float *restrict mask, size_t rows, size_t v, float *restrict loss_per_row,
                             int grad) {
    double total = 0.0;
    for (size_t r = 0; r < rows; r++) {
        float *z = logits + r * v;
        float m = -INFINITY;
        for (size_t i = 0; i < v; i++) {
            z[i] += c[i];
            m = z[i] > m ? z[i] : m;
        }
        int32_t t = targets[r];
        float shifted_target = z[t] - m;
        float sum = 0.0f;
        for (size_t i = 0; i < v; i++) {
            z[i] = exp_one(z[i] - m);
            sum += z[i];
        }
        float inv = 1.0f / sum;
        for (size_t i = 0; i < v; i++) z[i] *= inv;
        // log-sum-exp form: exact even when p[t] underflows.
        float loss = logf(sum) - shifted_target;
        float w = mask ? mask[r] : 1.0f;
        if (loss_per_row) loss_per_row[r] = loss * w;
        total += (double)(loss * w);
        if (grad) {
            z[t] -= 1.0f;
            if (w != 1.0f) for (size_t i = 0; i < v; i++) z[i] *= w;
        }
    }
    return total;
}

unsigned int bptt_enable_ftz_daz(void) {
#if defined(__x86_64__) || defined(__i386__)
    unsigned int previous = _mm_getcsr();
    _mm_setcsr(previous | 0x8040u); // FTZ (bit 15) | DAZ (bit 6)
    return previous;
#else
    return 0;
#endif
}

void bptt_restore_fp_control(unsigned int previous) {
#if defined(__x86_64__) || defined(__i386__)
    _mm_setcsr(previous);
#else
    (void)previous;
#endif
}

int bptt_ftz_daz_enabled(void) {
#if defined(__x86_64__) || defined(__i386__)
    return (_mm_getcsr() & 0x8040u) == 0x8040u;
#else
    return 0;
#endif
}
