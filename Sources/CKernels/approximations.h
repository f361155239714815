#ifndef BPTT_APPROXIMATIONS_H
#define BPTT_APPROXIMATIONS_H
// Scalar building blocks shared by the vectorised loops (private to CKernels).
#include <math.h>
#include <stdint.h>

// One binary, two code paths: AVX2+FMA where the CPU has it, baseline x86-64 elsewhere.
// Not under sanitizers: the ifunc resolvers of target_clones run before the sanitizer runtime is
// initialised and crash at load time (seen with ThreadSanitizer).
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define BPTT_NO_MULTIVERSION 1
#endif
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__APPLE__) && !defined(BPTT_NO_MULTIVERSION)
#define BPTT_MULTIVERSION __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define BPTT_MULTIVERSION
#endif

// Rational 13/6 minimax approximation of tanh (the coefficients commonly used for float tanh,
// e.g. by Eigen). Beyond |x| = 7.90531 tanh(x) rounds to +-1 in float, so the input is clamped.
// NaN in gives NaN out (the clamp comparisons are false for NaN and the ratio stays NaN).
static inline __attribute__((always_inline)) float bptt_tanh_one(float x) {
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
    float r = p / q;
    // Below 0.0004 the ratio loses relative accuracy; tanh(x) == x there to float precision.
    float ax = xc < 0 ? -xc : xc;
    return ax < 0.0004f ? xc : r;
}

// exp(x) = 2^k * exp(r), r = x - k ln2 in [-ln2/2, ln2/2], degree-6 polynomial for exp(r).
// Inputs are clamped to [-87.34, 88.38] (the float range of exp without overflow/subnormals).
static inline __attribute__((always_inline)) float bptt_exp_one(float x) {
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
#endif
