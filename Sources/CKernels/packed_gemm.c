#include "CKernels.h"
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define BPTT_HAVE_AVX2_KERNEL 1
#endif

// C = A B (+ C) for a B that is reused many times (the recurrent weights within one pass): B is
// packed once into column panels of 16, each panel K rows of 16 contiguous floats (zero-padded past
// n), so the microkernel streams it linearly. The AVX2/FMA microkernel keeps a 6 x 16 block of C in
// 12 registers: per k, 2 loads of B, 6 broadcasts of A, 12 FMAs -- no packing of A and no repacking
// of B per call, which is what OpenBLAS spends much of its time on at these small m.
#define NR 16
#define MR 6

static size_t panel_count(size_t n) { return (n + NR - 1) / NR; }

// Rows for the next tile when `left` rows remain: 6, except that a remainder of 1-3 rows is merged
// with the tile before it and split in two (7 = 4+3, 8 = 4+4, 9 = 5+4): tiles under 4 rows have too
// few independent accumulators to hide the FMA latency.
static size_t row_block(size_t left) {
    if (left <= MR) return left;
    if (left < MR + 4) return (left + 1) / 2;
    return MR;
}

size_t bptt_packed_size_f32(size_t k, size_t n) { return panel_count(n) * NR * k; }

void bptt_pack_b_f32(const float *restrict b, size_t ldb, int transposed, size_t k, size_t n,
                     float *restrict packed) {
    for (size_t p = 0; p < panel_count(n); p++) {
        float *panel = packed + p * k * NR;
        size_t first = p * NR;
        size_t width = n - first < NR ? n - first : NR;
        for (size_t kk = 0; kk < k; kk++) {
            float *row = panel + kk * NR;
            if (transposed) {
                for (size_t j = 0; j < width; j++) row[j] = b[(first + j) * ldb + kk];
            } else {
                memcpy(row, b + kk * ldb + first, width * sizeof(float));
            }
            for (size_t j = width; j < NR; j++) row[j] = 0.0f;
        }
    }
}

// Portable kernel (any CPU): the same loop order in plain C.
static void portable_tile(size_t mr, size_t k, const float *a, size_t lda, const float *panel, float *c,
                          size_t ldc, size_t nr, int accumulate) {
    for (size_t r = 0; r < mr; r++) {
        float sum[NR] = {0};
        for (size_t kk = 0; kk < k; kk++) {
            float x = a[r * lda + kk];
            for (size_t j = 0; j < NR; j++) sum[j] += x * panel[kk * NR + j];
        }
        for (size_t j = 0; j < nr; j++) c[r * ldc + j] = accumulate ? c[r * ldc + j] + sum[j] : sum[j];
    }
}

#ifdef BPTT_HAVE_AVX2_KERNEL
// One kernel per row count M = 1...6 so that each keeps its accumulators in registers.
#define BPTT_AVX2_TILE(NAME, M)                                                                             \
    __attribute__((target("avx2,fma"))) static void NAME(size_t k, const float *a, size_t lda,             \
                                                                 const float *panel, float *c, size_t ldc, \
                                                                 size_t nr, int accumulate) {              \
        __m256 lo[M], hi[M];                                                                                \
        for (int r = 0; r < M; r++) { lo[r] = _mm256_setzero_ps(); hi[r] = _mm256_setzero_ps(); }          \
        for (size_t kk = 0; kk < k; kk++) {                                                                 \
            __m256 b0 = _mm256_loadu_ps(panel + kk * NR), b1 = _mm256_loadu_ps(panel + kk * NR + 8);       \
            for (int r = 0; r < M; r++) {                                                                   \
                __m256 x = _mm256_broadcast_ss(a + r * lda + kk);                                           \
                lo[r] = _mm256_fmadd_ps(x, b0, lo[r]);                                                      \
                hi[r] = _mm256_fmadd_ps(x, b1, hi[r]);                                                      \
            }                                                                                               \
        }                                                                                                   \
        for (int r = 0; r < M; r++) {                                                                       \
            float *row = c + r * ldc;                                                                       \
            if (nr == NR) {                                                                                 \
                if (accumulate) {                                                                           \
                    lo[r] = _mm256_add_ps(lo[r], _mm256_loadu_ps(row));                                     \
                    hi[r] = _mm256_add_ps(hi[r], _mm256_loadu_ps(row + 8));                                 \
                }                                                                                           \
                _mm256_storeu_ps(row, lo[r]);                                                               \
                _mm256_storeu_ps(row + 8, hi[r]);                                                           \
            } else {                                                                                        \
                float tmp[NR];                                                                              \
                _mm256_storeu_ps(tmp, lo[r]);                                                               \
                _mm256_storeu_ps(tmp + 8, hi[r]);                                                           \
                for (size_t j = 0; j < nr; j++) row[j] = accumulate ? row[j] + tmp[j] : tmp[j];             \
            }                                                                                               \
        }                                                                                                   \
    }

BPTT_AVX2_TILE(avx2_tile_1, 1)
BPTT_AVX2_TILE(avx2_tile_2, 2)
BPTT_AVX2_TILE(avx2_tile_3, 3)
BPTT_AVX2_TILE(avx2_tile_4, 4)
BPTT_AVX2_TILE(avx2_tile_5, 5)
BPTT_AVX2_TILE(avx2_tile_6, 6)

typedef void (*tile_kernel)(size_t, const float *, size_t, const float *, float *, size_t, size_t, int);
static const tile_kernel avx2_tiles[7] = {0, avx2_tile_1, avx2_tile_2, avx2_tile_3, avx2_tile_4, avx2_tile_5, avx2_tile_6};

#endif

int bptt_packed_kernel_is_vectorised(void) {
#ifdef BPTT_HAVE_AVX2_KERNEL
    // -1 = not asked yet. Atomic so concurrent first calls from several threads are race-free.
    static int cached = -1;
    int value = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (value < 0) {
        __builtin_cpu_init();
        value = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        __atomic_store_n(&cached, value, __ATOMIC_RELAXED);
    }
    return value;
#else
    return 0;
#endif
}

static void gemm_packed(int vectorised, size_t m, size_t n, size_t k, const float *a, size_t lda,
                        const float *packed, float *c, size_t ldc, int accumulate) {
    // Panel-outer: one 16-column panel of B (k x 64 bytes) stays in L1 while the rows of A pass over it.
    for (size_t p = 0; p < panel_count(n); p++) {
        const float *panel = packed + p * k * NR;
        size_t nr = n - p * NR < NR ? n - p * NR : NR;
        for (size_t i = 0; i < m; i += row_block(m - i)) {
            size_t mr = row_block(m - i);
            const float *ai = a + i * lda;
            float *ci = c + i * ldc + p * NR;
#ifdef BPTT_HAVE_AVX2_KERNEL
            if (vectorised) {
                avx2_tiles[mr](k, ai, lda, panel, ci, ldc, nr, accumulate);
                continue;
            }
#endif
            portable_tile(mr, k, ai, lda, panel, ci, ldc, nr, accumulate);
        }
    }
}

void bptt_gemm_packed_f32(size_t m, size_t n, size_t k, const float *a, size_t lda, const float *packed,
                          float *c, size_t ldc, int accumulate) {
    gemm_packed(bptt_packed_kernel_is_vectorised(), m, n, k, a, lda, packed, c, ldc, accumulate);
}

void bptt_gemm_packed_portable_f32(size_t m, size_t n, size_t k, const float *a, size_t lda, const float *packed,
                                   float *c, size_t ldc, int accumulate) {
    gemm_packed(0, m, n, k, a, lda, packed, c, ldc, accumulate);
}
