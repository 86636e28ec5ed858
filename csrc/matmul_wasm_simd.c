/* matmul_wasm_simd.c — wasm SIMD128 kernels for the three products of matmul.h (same
 * contract: row-major, C +=). The only file that includes wasm_simd128.h. Every loop ends in
 * a scalar tail, so nothing is read past the end of a matrix. */
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#include "matmul.h"

void mat_mul_ab_simd(float *c, const float *a, const float *b, int m, int n, int k) {
    for (int i = 0; i < m; i++)
        for (int p = 0; p < k; p++) {
            float aip = a[i * k + p];
            v128_t va = wasm_f32x4_splat(aip);
            float *ci = c + i * n;
            const float *bp = b + p * n;
            int j = 0;
            for (; j + 3 < n; j += 4)
                wasm_v128_store(ci + j, wasm_f32x4_add(wasm_v128_load(ci + j),
                                                       wasm_f32x4_mul(va, wasm_v128_load(bp + j))));
            for (; j < n; j++) ci[j] += aip * bp[j];
        }
}

void mat_mul_atb_simd(float *c, const float *a, const float *b, int m, int n, int k) {
    for (int p = 0; p < k; p++)
        for (int i = 0; i < m; i++) {
            float api = a[p * m + i];
            v128_t va = wasm_f32x4_splat(api);
            float *ci = c + i * n;
            const float *bp = b + p * n;
            int j = 0;
            for (; j + 3 < n; j += 4)
                wasm_v128_store(ci + j, wasm_f32x4_add(wasm_v128_load(ci + j),
                                                       wasm_f32x4_mul(va, wasm_v128_load(bp + j))));
            for (; j < n; j++) ci[j] += api * bp[j];
        }
}

void mat_mul_abt_simd(float *c, const float *a, const float *b, int m, int n, int k) {
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            const float *ai = a + i * k, *bj = b + j * k;
            v128_t acc = wasm_f32x4_splat(0.f);
            int p = 0;
            for (; p + 3 < k; p += 4)
                acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(ai + p), wasm_v128_load(bj + p)));
            float s = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
                      wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
            for (; p < k; p++) s += ai[p] * bj[p];
            c[i * n + j] += s;
        }
}
#endif
