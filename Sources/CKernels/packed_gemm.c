#include "CKernels.h"
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define BPTT_HAVE_AVX2_KERNEL 1
#endif

// Matrix products for the shapes of BPTT, with the right-hand operand packed into column panels of
// 16 (each panel k rows of 16 contiguous floats, zero-padded past n) so the microkernel streams it
// linearly. A last panel of 8 columns or fewer is 8 wide (n = 100: 6 x 16 + 8, not 7 x 16 with 12
// of the last 16 columns padding: the products of a hidden layer of 100 do 7% fewer FMAs). The
// AVX2/FMA microkernel keeps a 6 x 16 block of C in 12 registers: per k, 2 loads of B, 6 broadcasts
// of A, 12 FMAs (6 x 8 in 6 registers for a narrow panel).
// - bptt_gemm_packed_f32: C = A B (+ addend), B packed once by the caller and reused for many calls
//   (the recurrent weights within a pass: OpenBLAS would repack them at every step).
// - bptt_gemm_tn_f32: C += A^T B over a long k (weight gradients summed over all steps), both operands
//   packed block by block so the strip of A (k x 6) and the panel of B stay in L1.
#define NR 16
#define NR_NARROW 8
#define MR 6
#define KC 128

static size_t panel_count(size_t n) { return (n + NR - 1) / NR; }

// Panel p's width: 16, or 8 for a last panel of at most 8 columns. Only the last panel can be
// narrow, so panel p always starts at p * k * 16.
static size_t panel_width(size_t n, size_t p) { return n - p * NR <= NR_NARROW ? NR_NARROW : NR; }

// Rows for the next tile when `left` rows remain: 6, except that a remainder of 1-3 rows is merged
// with the tile before it and split in two (7 = 4+3, 8 = 4+4, 9 = 5+4): tiles under 4 rows have too
// few independent accumulators to hide the FMA latency.
static size_t row_block(size_t left) {
    if (left <= MR) return left;
    if (left < MR + 4) return (left + 1) / 2;
    return MR;
}

size_t bptt_packed_size_f32(size_t k, size_t n) {
    size_t panels = panel_count(n);
    return panels == 0 ? 0 : ((panels - 1) * NR + panel_width(n, panels - 1)) * k;
}

void bptt_pack_b_f32(const float *restrict b, size_t ldb, int transposed, size_t k, size_t n,
                     float *restrict packed) {
    for (size_t p = 0; p < panel_count(n); p++) {
        float *panel = packed + p * k * NR;
        size_t first = p * NR, stride = panel_width(n, p);
        size_t width = n - first < NR ? n - first : NR;
        for (size_t kk = 0; kk < k; kk++) {
            float *row = panel + kk * stride;
            if (transposed) {
                for (size_t j = 0; j < width; j++) row[j] = b[(first + j) * ldb + kk];
            } else if (width == NR) {
                memcpy(row, b + kk * ldb + first, NR * sizeof(float)); // fixed size: inlined, no call
            } else {
                memcpy(row, b + kk * ldb + first, width * sizeof(float));
            }
            for (size_t j = width; j < stride; j++) row[j] = 0.0f;
        }
    }
}

// Where element (r, kk) of the left operand of a tile lives: a row-major matrix (row stride lda),
// or a packed strip (k x 6, as written by pack_strip).
#define BPTT_A_ROWS(r, kk) (a + (r) * lda + (kk))
#define BPTT_A_STRIP(r, kk) (a + (kk) * MR + (r))

// Stores one finished row of a tile: c = acc (+ addend).
static inline void store_row(float *c, const float *addend, const float *acc, size_t nr) {
    for (size_t j = 0; j < nr; j++) c[j] = addend ? addend[j] + acc[j] : acc[j];
}

// Portable tile (any CPU), same arithmetic order as the vector one; `width`: the panel's (16 or 8).
#define BPTT_PORTABLE_TILE(NAME, A_AT)                                                                     \
    static void NAME(size_t mr, size_t k, const float *a, size_t lda, const float *panel, size_t width,     \
                     float *c, size_t ldc, const float *addend, size_t nr) {                                \
        (void)lda;                                                                                          \
        for (size_t r = 0; r < mr; r++) {                                                                   \
            float sum[NR] = {0};                                                                            \
            for (size_t kk = 0; kk < k; kk++) {                                                             \
                float x = *A_AT(r, kk);                                                                     \
                for (size_t j = 0; j < width; j++) sum[j] += x * panel[kk * width + j];                     \
            }                                                                                               \
            store_row(c + r * ldc, addend ? addend + r * ldc : 0, sum, nr);                                 \
        }                                                                                                   \
    }
BPTT_PORTABLE_TILE(portable_tile_rows, BPTT_A_ROWS)
BPTT_PORTABLE_TILE(portable_tile_strip, BPTT_A_STRIP)

typedef void (*tile_kernel)(size_t, const float *, size_t, const float *, float *, size_t, const float *, size_t);

#ifdef BPTT_HAVE_AVX2_KERNEL
// One kernel per row count M = 1...6, panel width (NV = 2 vectors for a panel of 16, 1 for a narrow
// panel of 8) and operand layout, so each keeps its M x NV accumulators in registers.
#define BPTT_AVX2_TILE(NAME, M, NV, A_AT)                                                                  \
    __attribute__((target("avx2,fma"))) static void NAME(size_t k, const float *a, size_t lda,            \
                                                         const float *panel, float *c, size_t ldc,        \
                                                         const float *addend, size_t nr) {                 \
        (void)lda;                                                                                          \
        __m256 acc[M][NV];                                                                                  \
        for (int r = 0; r < M; r++)                                                                         \
            for (int q = 0; q < NV; q++) acc[r][q] = _mm256_setzero_ps();                                   \
        for (size_t kk = 0; kk < k; kk++) {                                                                 \
            __m256 b[NV];                                                                                   \
            for (int q = 0; q < NV; q++) b[q] = _mm256_loadu_ps(panel + (kk * NV + q) * 8);                 \
            for (int r = 0; r < M; r++) {                                                                   \
                __m256 x = _mm256_broadcast_ss(A_AT(r, kk));                                                \
                for (int q = 0; q < NV; q++) acc[r][q] = _mm256_fmadd_ps(x, b[q], acc[r][q]);               \
            }                                                                                               \
        }                                                                                                   \
        for (int r = 0; r < M; r++) {                                                                       \
            float *row = c + r * ldc;                                                                       \
            const float *add = addend ? addend + r * ldc : 0;                                               \
            if (nr == NV * 8) {                                                                             \
                for (int q = 0; q < NV; q++) {                                                              \
                    if (add) acc[r][q] = _mm256_add_ps(acc[r][q], _mm256_loadu_ps(add + 8 * q));            \
                    _mm256_storeu_ps(row + 8 * q, acc[r][q]);                                               \
                }                                                                                           \
            } else {                                                                                        \
                float tmp[NV * 8];                                                                          \
                for (int q = 0; q < NV; q++) _mm256_storeu_ps(tmp + 8 * q, acc[r][q]);                      \
                store_row(row, add, tmp, nr);                                                               \
            }                                                                                               \
        }                                                                                                   \
    }

// The six row counts of one panel width and layout, and their table (indexed by the row count).
#define BPTT_AVX2_TILES(PREFIX, NV, A_AT)                                                                  \
    BPTT_AVX2_TILE(PREFIX##_1, 1, NV, A_AT)                                                                 \
    BPTT_AVX2_TILE(PREFIX##_2, 2, NV, A_AT)                                                                 \
    BPTT_AVX2_TILE(PREFIX##_3, 3, NV, A_AT)                                                                 \
    BPTT_AVX2_TILE(PREFIX##_4, 4, NV, A_AT)                                                                 \
    BPTT_AVX2_TILE(PREFIX##_5, 5, NV, A_AT)                                                                 \
    BPTT_AVX2_TILE(PREFIX##_6, 6, NV, A_AT)                                                                 \
    static const tile_kernel PREFIX[7] = {0, PREFIX##_1, PREFIX##_2, PREFIX##_3, PREFIX##_4, PREFIX##_5, PREFIX##_6};

BPTT_AVX2_TILES(avx2_rows, 2, BPTT_A_ROWS)
BPTT_AVX2_TILES(avx2_strips, 2, BPTT_A_STRIP)
BPTT_AVX2_TILES(avx2_narrow_rows, 1, BPTT_A_ROWS)
BPTT_AVX2_TILES(avx2_narrow_strips, 1, BPTT_A_STRIP)
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

static void run_tile(int vectorised, int strip, size_t mr, size_t k, const float *a, size_t lda, const float *panel,
                     size_t width, float *c, size_t ldc, const float *addend, size_t nr) {
#ifdef BPTT_HAVE_AVX2_KERNEL
    if (vectorised) {
        const tile_kernel *kernels = width == NR ? (strip ? avx2_strips : avx2_rows)
                                                 : (strip ? avx2_narrow_strips : avx2_narrow_rows);
        kernels[mr](k, a, lda, panel, c, ldc, addend, nr);
        return;
    }
#else
    (void)vectorised;
#endif
    if (strip) portable_tile_strip(mr, k, a, lda, panel, width, c, ldc, addend, nr);
    else portable_tile_rows(mr, k, a, lda, panel, width, c, ldc, addend, nr);
}

static void gemm_packed(int vectorised, size_t m, size_t n, size_t k, const float *a, size_t lda,
                        const float *packed, float *c, size_t ldc, const float *addend) {
    // Panel-outer: one 16-column panel of B (k x 64 bytes) stays in L1 while the rows of A pass over it.
    for (size_t p = 0; p < panel_count(n); p++) {
        const float *panel = packed + p * k * NR;
        size_t nr = n - p * NR < NR ? n - p * NR : NR;
        for (size_t i = 0; i < m; i += row_block(m - i)) {
            size_t offset = i * ldc + p * NR;
            run_tile(vectorised, 0, row_block(m - i), k, a + i * lda, lda, panel, panel_width(n, p), c + offset, ldc,
                     addend ? addend + offset : 0, nr);
        }
    }
}

void bptt_gemm_packed_f32(size_t m, size_t n, size_t k, const float *a, size_t lda, const float *packed,
                          float *c, size_t ldc, const float *addend) {
    gemm_packed(bptt_packed_kernel_is_vectorised(), m, n, k, a, lda, packed, c, ldc, addend);
}

void bptt_gemm_packed_portable_f32(size_t m, size_t n, size_t k, const float *a, size_t lda, const float *packed,
                                   float *c, size_t ldc, const float *addend) {
    gemm_packed(0, m, n, k, a, lda, packed, c, ldc, addend);
}

size_t bptt_gemm_tn_scratch_size_f32(size_t m, size_t n) {
    size_t strips = (m + MR - 1) / MR + 1;
    return bptt_packed_size_f32(KC, n) + strips * KC * MR;
}

static void gemm_tn(int vectorised, size_t m, size_t n, size_t k, const float *a, size_t lda, const float *b,
                    size_t ldb, float *c, size_t ldc, float *scratch) {
    float *packed_b = scratch;
    float *strips = scratch + bptt_packed_size_f32(KC, n);
    for (size_t k0 = 0; k0 < k; k0 += KC) {
        size_t kc = k - k0 < KC ? k - k0 : KC;
        bptt_pack_b_f32(b + k0 * ldb, ldb, 0, kc, n, packed_b);
        // Strip s: the tile's columns of A for this block, kc rows of 6 contiguous floats. (Reading A's
        // rows in place would thrash L1: rows a power-of-two apart share a handful of cache sets.)
        // Row by row, so that A is read sequentially.
        for (size_t kk = 0; kk < kc; kk++) {
            const float *source = a + (k0 + kk) * lda;
            size_t s = 0, i = 0;
            // Full 6-wide tiles: fixed-size copies inline to two moves (no memcpy call per piece).
            for (; m - i > MR + 3; i += MR, s++) memcpy(strips + s * KC * MR + kk * MR, source + i, MR * sizeof(float));
            for (; i < m; i += row_block(m - i), s++) {
                size_t mr = row_block(m - i);
                for (size_t r = 0; r < mr; r++) strips[s * KC * MR + kk * MR + r] = source[i + r];
            }
        }
        // Row-tile outer: a strip (3 KB) stays in L1 while the packed panels stream past it from L2.
        size_t s = 0;
        for (size_t i = 0; i < m; i += row_block(m - i), s++) {
            size_t mr = row_block(m - i);
            for (size_t p = 0; p < panel_count(n); p++) {
                size_t nr = n - p * NR < NR ? n - p * NR : NR;
                float *ci = c + i * ldc + p * NR;
                run_tile(vectorised, 1, mr, kc, strips + s * KC * MR, MR, packed_b + p * kc * NR, panel_width(n, p), ci,
                         ldc, ci, nr);
            }
        }
    }
}

void bptt_gemm_tn_f32(size_t m, size_t n, size_t k, const float *a, size_t lda, const float *b, size_t ldb,
                      float *c, size_t ldc, float *scratch) {
    gemm_tn(bptt_packed_kernel_is_vectorised(), m, n, k, a, lda, b, ldb, c, ldc, scratch);
}

void bptt_gemm_tn_portable_f32(size_t m, size_t n, size_t k, const float *a, size_t lda, const float *b, size_t ldb,
                               float *c, size_t ldc, float *scratch) {
    gemm_tn(0, m, n, k, a, lda, b, ldb, c, ldc, scratch);
}
