/* matmul.c — picks the kernel for this build. Layers call only the unsuffixed names, so a
 * faster kernel slots in here without touching them. */
#include "matmul.h"

#if defined(__wasm_simd128__) || defined(NN_SIMDE)
#define KERNEL(name) name##_simd
#else
#define KERNEL(name) name##_ref
#endif

void mat_mul_ab(float *c, const float *a, const float *b, int m, int n, int k) {
    KERNEL(mat_mul_ab)(c, a, b, m, n, k);
}
void mat_mul_atb(float *c, const float *a, const float *b, int m, int n, int k) {
    KERNEL(mat_mul_atb)(c, a, b, m, n, k);
}
void mat_mul_abt(float *c, const float *a, const float *b, int m, int n, int k) {
    KERNEL(mat_mul_abt)(c, a, b, m, n, k);
}

#if defined(__wasm_simd128__) || defined(NN_SIMDE)
size_t mat_pack_b_size(int n, int k) { return mat_pack_b_size_simd(n, k); }
void mat_pack_b(float *bp, const float *b, int n, int k, int trans) { mat_pack_b_simd(bp, b, n, k, trans); }
void mat_mul_ab_packed(float *c, const float *a, const float *bp, int m, int n, int k) {
    mat_mul_ab_packed_simd(c, a, bp, m, n, k);
}
#else
/* Without SIMD the packed layout is op(B)ᵀ (N,K) row-major, each column of op(B) along k, and
 * the product mat_mul_abt_ref: the same sums, in the same order, as a dense layer's forward
 * product without packing. */
size_t mat_pack_b_size(int n, int k) { return (size_t)n * k; }
void mat_pack_b(float *bp, const float *b, int n, int k, int trans) {
    for (size_t j = 0; j < (size_t)n; j++)
        for (size_t p = 0; p < (size_t)k; p++) bp[j * k + p] = trans ? b[j * k + p] : b[p * n + j];
}
void mat_mul_ab_packed(float *c, const float *a, const float *bp, int m, int n, int k) {
    mat_mul_abt_ref(c, a, bp, m, n, k);
}
#endif
