#include "CKernels.h"
#include "approximations.h"

// The optimizers' elementwise steps over one span of a tensor. The operations and their order are
// exactly those of the Swift reference (Optimizer.referenceStep), and no multiply-add is fused, so
// the results are the same bits; vectorising changes nothing per element.
#ifdef __clang__
#pragma clang fp contract(off)
#endif

BPTT_MULTIVERSION
void bptt_sgd_step_f32(float *restrict p, const float *restrict g, size_t n, float scale, float clip_scale,
                       float lr, float l2) {
    for (size_t i = 0; i < n; i++) p[i] -= lr * ((g[i] * scale) * clip_scale + l2 * p[i]);
}

BPTT_MULTIVERSION
void bptt_adagrad_step_f32(float *restrict p, const float *restrict g, float *restrict h, size_t n, float scale,
                           float clip_scale, float lr, float l2, float eps) {
    for (size_t i = 0; i < n; i++) {
        const float gi = (g[i] * scale) * clip_scale + l2 * p[i];
        h[i] += gi * gi;
        p[i] -= lr * gi / (__builtin_sqrtf(h[i]) + eps);
    }
}

BPTT_MULTIVERSION
void bptt_adam_step_f32(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, size_t n,
                        float scale, float clip_scale, float l2, float b1, float b2, float step_size, float eps_hat) {
    for (size_t i = 0; i < n; i++) {
        const float gi = (g[i] * scale) * clip_scale + l2 * p[i];
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        p[i] -= step_size * m[i] / (__builtin_sqrtf(v[i]) + eps_hat);
    }
}
