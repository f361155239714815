#include "CKernels.h"
#include "approximations.h"
#include <math.h>

BPTT_MULTIVERSION
void bptt_scatter_add_rows_f32(float *restrict dst, const float *restrict src, const int32_t *restrict indices,
                               size_t rows, size_t width, size_t stride) {
    for (size_t r = 0; r < rows; r++) {
        float *out = dst + (size_t)indices[r] * stride;
        const float *in = src + r * stride;
        for (size_t i = 0; i < width; i++) out[i] += in[i];
    }
}

BPTT_MULTIVERSION
double bptt_mean_row_norm_f32(const float *restrict x, size_t rows, size_t h) {
    if (rows == 0) return 0.0;
    double total = 0.0;
    for (size_t r = 0; r < rows; r++) {
        const float *row = x + r * h;
        // Eight float partial sums keep the loop vectorised; each row is short enough for float.
        float partial[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        size_t i = 0;
        for (; i + 8 <= h; i += 8)
            for (size_t j = 0; j < 8; j++) partial[j] += row[i + j] * row[i + j];
        double sq = 0.0;
        for (size_t j = 0; j < 8; j++) sq += partial[j];
        for (; i < h; i++) sq += (double)row[i] * row[i];
        total += sqrt(sq);
    }
    return total / (double)rows;
}
