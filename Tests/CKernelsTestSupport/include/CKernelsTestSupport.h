#ifndef BPTT_CKERNELS_TEST_SUPPORT_H
#define BPTT_CKERNELS_TEST_SUPPORT_H
#include <stddef.h>

// Plain loops over the scalar approximations the CKernels build on (Sources/CKernels/approximations.h),
// so the tests can sweep them over many inputs. No product code calls these.

/// y[i] = tanh(x[i]) with the kernels' rational approximation.
void bptt_tanh_f32(const float *x, float *y, size_t n);

/// In place: y[r][i] = tanh(y[r][i] + bias[i]) for every row r.
void bptt_bias_tanh_f32(float *y, const float *bias, size_t rows, size_t h);

/// y[i] = exp(x[i]) with the kernels' polynomial approximation (the one softmax uses).
void bptt_exp_f32(const float *x, float *y, size_t n);
#endif
