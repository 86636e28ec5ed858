/* matmul_ref.c — the reference products: plain loops, the algorithm stated once. They are the
 * implementation where no SIMD kernel exists and the yardstick the SIMD kernels are tested
 * against, so they must stay scalar (the wasm build compiles this file with
 * -fno-vectorize -fno-slp-vectorize). */
#include <stddef.h>

#include "matmul.h"

void mat_mul_ab_ref(float *c, const float *a, const float *b, int m, int n, int k) {
    for (int i = 0; i < m; i++)
        for (int p = 0; p < k; p++) {
            float aip = a[(size_t)i * k + p];
            for (int j = 0; j < n; j++) c[(size_t)i * n + j] += aip * b[(size_t)p * n + j];
        }
}

void mat_mul_atb_ref(float *c, const float *a, const float *b, int m, int n, int k) {
    for (int p = 0; p < k; p++)
        for (int i = 0; i < m; i++) {
            float api = a[(size_t)p * m + i];
            for (int j = 0; j < n; j++) c[(size_t)i * n + j] += api * b[(size_t)p * n + j];
        }
}

void mat_mul_abt_ref(float *c, const float *a, const float *b, int m, int n, int k) {
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            float s = 0.f;
            for (int p = 0; p < k; p++) s += a[(size_t)i * k + p] * b[(size_t)j * k + p];
            c[(size_t)i * n + j] += s;
        }
}
