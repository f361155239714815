#include "CKernels.h"
#include "approximations.h"

// The optimizers' elementwise steps over one span of a tensor. The operations and their order are
// exactly those of the Swift reference (Optimizer.referenceStep), and no multiply-add is fused, so
// the results are the same bits; vectorising changes nothing per element.
#ifdef __clang__
#pragma clang fp contract(off)
#endif

// `backup`, when not NULL, receives each parameter's value before the step (the divergence guard's
// undo log: no separate copy pass over the weights). The loops are duplicated so the common
// case carries no branch.
BPTT_MULTIVERSION
void bptt_sgd_step_f32(float *restrict p, const float *restrict g, float *restrict backup, size_t n, float scale,
                       float clip_scale, float lr, float l2) {
    if (backup) {
        for (size_t i = 0; i < n; i++) {
            backup[i] = p[i];
            p[i] -= lr * ((g[i] * scale) * clip_scale + l2 * p[i]);
        }
    } else {
        for (size_t i = 0; i < n; i++) p[i] -= lr * ((g[i] * scale) * clip_scale + l2 * p[i]);
    }
}

#define ADAGRAD_ELEMENT(i)                                          \
    do {                                                            \
        const float gi = (g[i] * scale) * clip_scale + l2 * p[i];   \
        h[i] += gi * gi;                                            \
        p[i] -= lr * gi / (__builtin_sqrtf(h[i]) + eps);            \
    } while (0)

BPTT_MULTIVERSION
void bptt_adagrad_step_f32(float *restrict p, const float *restrict g, float *restrict h, float *restrict backup,
                           size_t n, float scale, float clip_scale, float lr, float l2, float eps) {
    if (backup) {
        for (size_t i = 0; i < n; i++) {
            backup[i] = p[i];
            ADAGRAD_ELEMENT(i);
        }
    } else {
        for (size_t i = 0; i < n; i++) ADAGRAD_ELEMENT(i);
    }
}

#define ADAM_ELEMENT(i)                                             \
    do {                                                            \
        const float gi = (g[i] * scale) * clip_scale + l2 * p[i];   \
        m[i] = b1 * m[i] + (1 - b1) * gi;                           \
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;                      \
        p[i] -= step_size * m[i] / (__builtin_sqrtf(v[i]) + eps_hat); \
    } while (0)

BPTT_MULTIVERSION
void bptt_adam_step_f32(float *restrict p, const float *restrict g, float *restrict m, float *restrict v,
                        float *restrict backup, size_t n, float scale, float clip_scale, float l2, float b1, float b2,
                        float step_size, float eps_hat) {
    if (backup) {
        for (size_t i = 0; i < n; i++) {
            backup[i] = p[i];
            ADAM_ELEMENT(i);
        }
    } else {
        for (size_t i = 0; i < n; i++) ADAM_ELEMENT(i);
    }
}
