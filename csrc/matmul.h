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
 * thread stack).
 *
 * A·B with op(B) packed once, for a matrix multiplied many times unchanged (a layer's weights
 * between two writes of the parameters): mat_pack_b lays op(B) (K,N) out, in the caller's
 * buffer of mat_pack_b_size(n, k) floats, as the kernel reads it (the layout is the kernel's
 * own, chosen from n and k, read by nothing else: SIMD builds mostly NR-wide zero-padded
 * panels, matmul_simd.c), trans 0: op(B) = B (K,N), trans 1: op(B) = Bᵀ, B (N,K).
 * mat_mul_ab_packed: C (M,N) += A (M,K) · op(B) from that buffer, for any M: a few rows run
 * the register tiles of that many rows (2-4, and more over narrow panels, reading A in place),
 * one row a GEMV. Its sums equal the reference's to the tolerance of the other products. No
 * allocation, no state: the caller keeps the buffer. */
#ifndef NN_MATMUL_H
#define NN_MATMUL_H

#include <stddef.h>

void mat_mul_ab(float *c, const float *a, const float *b, int m, int n, int k);
void mat_mul_atb(float *c, const float *a, const float *b, int m, int n, int k);
void mat_mul_abt(float *c, const float *a, const float *b, int m, int n, int k);

size_t mat_pack_b_size(int n, int k);
void mat_pack_b(float *bp, const float *b, int n, int k, int trans);
void mat_mul_ab_packed(float *c, const float *a, const float *bp, int m, int n, int k);

void mat_mul_ab_ref(float *c, const float *a, const float *b, int m, int n, int k);
void mat_mul_atb_ref(float *c, const float *a, const float *b, int m, int n, int k);
void mat_mul_abt_ref(float *c, const float *a, const float *b, int m, int n, int k);

#if defined(__wasm_simd128__) || defined(NN_SIMDE)
void mat_mul_ab_simd(float *c, const float *a, const float *b, int m, int n, int k);
void mat_mul_atb_simd(float *c, const float *a, const float *b, int m, int n, int k);
void mat_mul_abt_simd(float *c, const float *a, const float *b, int m, int n, int k);
size_t mat_pack_b_size_simd(int n, int k);
void mat_pack_b_simd(float *bp, const float *b, int n, int k, int trans);
void mat_mul_ab_packed_simd(float *c, const float *a, const float *bp, int m, int n, int k);
#endif

#endif
