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
