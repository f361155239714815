#ifndef BPTT_CKERNELS_H
#define BPTT_CKERNELS_H
#include <stddef.h>
#include <stdint.h>

// Vectorised elementwise kernels for the Float32 training path. Each one has a plain
// Swift reference in BPTTNumerics (Reference.swift) and a test against it.

/// y[i] = tanh(x[i]) with a rational approximation; |error| <= 1e-6 (absolute) for all x.
void bptt_tanh_f32(const float *x, float *y, size_t n);

/// In place: y[i] = tanh(y[i] + bias[i % h]) for n = rows * h elements (adds the bias row to every row).
void bptt_bias_tanh_f32(float *y, const float *bias, size_t rows, size_t h);

/// d[i] = g[i] * (1 - s[i]^2): back-propagates through tanh given its output s.
void bptt_tanh_backward_f32(const float *g, const float *s, float *d, size_t n);

/// For each of `rows` rows of `v` logits (plus bias c): p = softmax(z + c), written into `logits` in place.
/// loss[r] = -log p[target[r]]. If grad is true, logits becomes (p - onehot(target)) * mask[r] instead of p.
/// mask may be NULL (all ones). Returns the masked sum of losses.
double bptt_softmax_xent_f32(float *logits, const float *c, const int32_t *targets, const float *mask,
                             size_t rows, size_t v, float *loss_per_row, int grad);

/// Vectorised exp for softmax; relative error <= 2e-7 on [-87, 88].
void bptt_exp_f32(const float *x, float *y, size_t n);

/// Sets flush-to-zero and denormals-are-zero on the calling thread (x86 MXCSR; no-op elsewhere).
/// Returns the previous control word so it can be restored.
unsigned int bptt_enable_ftz_daz(void);
void bptt_restore_fp_control(unsigned int previous);
/// 1 if FTZ and DAZ are both on for the calling thread.
int bptt_ftz_daz_enabled(void);
#endif
