/* matmul.h — the three matrix products backpropagation needs, row-major, all accumulating:
 *   mat_mul_ab : C (M,N) += A (M,K) · B (K,N)
 *   mat_mul_atb: C (M,N) += Aᵀ · B,   A is (K,M), B is (K,N)
 *   mat_mul_abt: C (M,N) += A · Bᵀ,   A is (M,K), B is (N,K)
 * A dense layer with x (B,IN), w (OUT,IN) uses: y = x·wᵀ (abt), dx = dy·w (ab), dw = dyᵀ·x (atb).
 * lda/ldb/ldc are not taken: every matrix is contiguous. The *_ref versions are the plain
 * loops, built everywhere; the *_simd ones (matmul_simd.c) exist in SIMD builds (wasm SIMD128,
 * or natively with NN_SIMDE); the unsuffixed names dispatch to the fastest kernel of the build.
 * Limits of the SIMD kernels: every matrix has fewer than 2^31 elements (they index with int;
 * the model refuses batches past that), and a call needs about 1.3 MiB of stack for its packed
 * panels (wasm: inside the module's 5 MiB stack; natively: the default 8 MiB, not a small
 * thread stack). */
#ifndef NN_MATMUL_H
#define NN_MATMUL_H

void mat_mul_ab(float *c, const float *a, const float *b, int m, int n, int k);
void mat_mul_atb(float *c, const float *a, const float *b, int m, int n, int k);
void mat_mul_abt(float *c, const float *a, const float *b, int m, int n, int k);

void mat_mul_ab_ref(float *c, const float *a, const float *b, int m, int n, int k);
void mat_mul_atb_ref(float *c, const float *a, const float *b, int m, int n, int k);
void mat_mul_abt_ref(float *c, const float *a, const float *b, int m, int n, int k);

#if defined(__wasm_simd128__) || defined(NN_SIMDE)
void mat_mul_ab_simd(float *c, const float *a, const float *b, int m, int n, int k);
void mat_mul_atb_simd(float *c, const float *a, const float *b, int m, int n, int k);
void mat_mul_abt_simd(float *c, const float *a, const float *b, int m, int n, int k);
#endif

#endif
