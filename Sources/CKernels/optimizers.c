#include "CKernels.h"
#include "approximations.h"

// The optimizers' elementwise steps over one span of a tensor. The operations and their order are
// exactly those of the Swift reference (Optimizer.referenceStep), and no multiply-add is fused, so
// the results are the same bits; vectorising changes nothing per element.
#ifdef __clang__
#pragma clang fp contract(off)
#endif

// `backup`, when not NULL, receives each parameter's value before the step (the divergence guard's
// undo log: no separate copy pass over the weights). `clear`, when not 0, zeroes each gradient once it
// is read (the trainer's next update then need not zero those rows in a pass of its own: the lines
// are in cache here). Each loop is one inlined body with both as constants, so the common cases
// carry no branch.
#define OPTIMIZER_LOOP(ELEMENT)                                       \
    do {                                                              \
        for (size_t i = 0; i < n; i++) {                              \
            if (save) backup[i] = p[i];                               \
            ELEMENT(i);                                               \
            if (clear) g[i] = 0.0f;                                   \
        }                                                             \
    } while (0)

// Calls LOOP(save, clear) with the two flags as constants.
#define OPTIMIZER_DISPATCH(LOOP)                                      \
    do {                                                              \
        if (backup) { if (clear) LOOP(1, 1); else LOOP(1, 0); }       \
        else { if (clear) LOOP(0, 1); else LOOP(0, 0); }              \
    } while (0)

#define SGD_ELEMENT(i) p[i] -= lr * ((g[i] * scale) * clip_scale + l2 * p[i])

static inline __attribute__((always_inline)) void sgd_loop(float *restrict p, float *restrict g, float *restrict backup,
                                                           size_t n, float scale, float clip_scale, float lr, float l2,
                                                           const int save, const int clear) {
    OPTIMIZER_LOOP(SGD_ELEMENT);
}

BPTT_MULTIVERSION
void bptt_sgd_step_f32(float *restrict p, float *restrict g, float *restrict backup, size_t n, float scale,
                       float clip_scale, float lr, float l2, int clear) {
#define LOOP(save, clear) sgd_loop(p, g, backup, n, scale, clip_scale, lr, l2, save, clear)
    OPTIMIZER_DISPATCH(LOOP);
#undef LOOP
}

#define ADAGRAD_ELEMENT(i)                                          \
    do {                                                            \
        const float gi = (g[i] * scale) * clip_scale + l2 * p[i];   \
        h[i] += gi * gi;                                            \
        p[i] -= lr * gi / (__builtin_sqrtf(h[i]) + eps);            \
    } while (0)

static inline __attribute__((always_inline)) void adagrad_loop(float *restrict p, float *restrict g, float *restrict h,
                                                               float *restrict backup, size_t n, float scale,
                                                               float clip_scale, float lr, float l2, float eps,
                                                               const int save, const int clear) {
    OPTIMIZER_LOOP(ADAGRAD_ELEMENT);
}

BPTT_MULTIVERSION
void bptt_adagrad_step_f32(float *restrict p, float *restrict g, float *restrict h, float *restrict backup,
                           size_t n, float scale, float clip_scale, float lr, float l2, float eps, int clear) {
#define LOOP(save, clear) adagrad_loop(p, g, h, backup, n, scale, clip_scale, lr, l2, eps, save, clear)
    OPTIMIZER_DISPATCH(LOOP);
#undef LOOP
}

#define ADAM_ELEMENT(i)                                             \
    do {                                                            \
        const float gi = (g[i] * scale) * clip_scale + l2 * p[i];   \
        m[i] = b1 * m[i] + (1 - b1) * gi;                           \
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;                      \
        p[i] -= step_size * m[i] / (__builtin_sqrtf(v[i]) + eps_hat); \
    } while (0)

static inline __attribute__((always_inline)) void adam_loop(float *restrict p, float *restrict g, float *restrict m,
                                                            float *restrict v, float *restrict backup, size_t n,
                                                            float scale, float clip_scale, float l2, float b1, float b2,
                                                            float step_size, float eps_hat, const int save,
                                                            const int clear) {
    OPTIMIZER_LOOP(ADAM_ELEMENT);
}

BPTT_MULTIVERSION
void bptt_adam_step_f32(float *restrict p, float *restrict g, float *restrict m, float *restrict v,
                        float *restrict backup, size_t n, float scale, float clip_scale, float l2, float b1, float b2,
                        float step_size, float eps_hat, int clear) {
#define LOOP(save, clear) adam_loop(p, g, m, v, backup, n, scale, clip_scale, l2, b1, b2, step_size, eps_hat, save, clear)
    OPTIMIZER_DISPATCH(LOOP);
#undef LOOP
}
