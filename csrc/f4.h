/* f4.h — four floats in a vector, in every build: wasm SIMD128 and natively SSE registers,
 * scalar code without SIMD (GCC's and clang's vector extensions). The narrow layers' blocks
 * are moved and computed in them (layers.h), tanh, softmax's exp and BCE computed (tanh.h,
 * act.c, loss.c), and the kernels' 4×4 tiles transposed (matmul_simd.c). It brings in the
 * wasm intrinsics where there are any. */
#ifndef NN_F4_H
#define NN_F4_H

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(NN_SIMDE)
/* Natively the intrinsics run on SIMDe's translation of them (SSE/AVX). */
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/wasm/simd128.h>
#endif

#include <string.h>

typedef float f4 __attribute__((vector_size(16)));
typedef int i4 __attribute__((vector_size(16)));  /* f4's lane masks; lanes moved as they are */
typedef unsigned u4 __attribute__((vector_size(16)));  /* f4's bits, for integer steps that wrap */

/* The first w floats at p (w >= 1; from 4 on, all four) as a vector, zeros in the lanes past
 * them, and the store of those lanes: neither touches p[w..3], so a tail of fewer than 4
 * values, columns or terms still goes by vectors and never reads or writes past the end of an
 * array. Inlined: a call costs more than a short tile's arithmetic (out of line, 513×3×5 A·Bᵀ
 * ran at 0.31×, 33×7×5 A·B 0.49×, 64×61×3 A·B 0.70×, 1×1021×31 A·Bᵀ 0.65×; 5.7 KB of wasm
 * inlined). Without SIMD lane by lane, where a copy of w floats would be a call to memcpy in
 * wasm (W2, whose BCE takes 10 values a step, trained at 0.95× with the call). */
#if defined(__wasm_simd128__) || defined(NN_SIMDE)
__attribute__((always_inline)) static inline f4 f4_load(const float *p, int w) {
    if (w >= 4) return (f4)wasm_v128_load(p);
    if (w == 1) return (f4)wasm_v128_load32_zero(p);
    v128_t v = wasm_v128_load64_zero(p);
    return (f4)(w == 2 ? v : wasm_v128_load32_lane(p + 2, v, 2));
}
__attribute__((always_inline)) static inline void f4_store(float *p, f4 v, int w) {
    if (w >= 4) return wasm_v128_store(p, (v128_t)v);
    if (w == 1) return wasm_v128_store32_lane(p, (v128_t)v, 0);
    wasm_v128_store64_lane(p, (v128_t)v, 0);
    if (w == 3) wasm_v128_store32_lane(p + 2, (v128_t)v, 2);
}
#else
__attribute__((always_inline)) static inline f4 f4_load(const float *p, int w) {
    f4 v = {0};
    if (w >= 4) memcpy(&v, p, sizeof v);
    else for (int j = 0; j < w; j++) v[j] = p[j];
    return v;
}
__attribute__((always_inline)) static inline void f4_store(float *p, f4 v, int w) {
    if (w >= 4) memcpy(p, &v, sizeof v);
    else for (int j = 0; j < w; j++) p[j] = v[j];
}
#endif

/* Lanes i, j, k, l of a then b, as __builtin_shufflevector picks them; in wasm SIMD by wasm's
 * own shuffle, which LLVM leaves as written. Generic shuffles it combines with the arithmetic
 * around them: in dots() (matmul_simd.c) that made the sums of its transposed tiles lane by
 * lane code, and 3×61×31 A·Bᵀ ran at 0.72×. */
#ifdef __wasm_simd128__
#define I4_SHUFFLE(a, b, i, j, k, l) ((i4)wasm_i32x4_shuffle((v128_t)(a), (v128_t)(b), i, j, k, l))
#else
#define I4_SHUFFLE(a, b, i, j, k, l) __builtin_shufflevector(a, b, i, j, k, l)
#endif

/* Lane by lane m ? b : a, m a comparison's lanes (all bits set or none). */
static inline f4 f4_pick(i4 m, f4 b, f4 a) { return (f4)((m & (i4)b) | (~m & (i4)a)); }

/* Lane by lane a < b ? b : a, and b < a ? b : a: a NaN in a stays, a NaN in b gives a (each
 * comparison is false). These are wasm's pmax and pmin, one instruction each in V8 (natively
 * SIMDe's, one SSE max and min); clang's own form of the select is a NaN-exact f32x4.max/min,
 * which V8 expands to eight instructions (tanh ran in twice the time: 1.2 vs 0.6 ns a value).
 * Without SIMD, selects of the bits. */
#if defined(__wasm_simd128__) || defined(NN_SIMDE)
static inline f4 f4_pmax(f4 a, f4 b) { return (f4)wasm_f32x4_pmax((v128_t)a, (v128_t)b); }
static inline f4 f4_pmin(f4 a, f4 b) { return (f4)wasm_f32x4_pmin((v128_t)a, (v128_t)b); }
#else
static inline f4 f4_pmax(f4 a, f4 b) { return f4_pick(a < b, b, a); }
static inline f4 f4_pmin(f4 a, f4 b) { return f4_pick(b < a, b, a); }
#endif

/* Transposes the 4×4 block whose rows are r[0..3] in place. */
static inline void transpose4(i4 r[4]) {
    i4 t0 = I4_SHUFFLE(r[0], r[1], 0, 4, 1, 5), t1 = I4_SHUFFLE(r[2], r[3], 0, 4, 1, 5);
    i4 t2 = I4_SHUFFLE(r[0], r[1], 2, 6, 3, 7), t3 = I4_SHUFFLE(r[2], r[3], 2, 6, 3, 7);
    r[0] = I4_SHUFFLE(t0, t1, 0, 1, 4, 5);
    r[1] = I4_SHUFFLE(t0, t1, 2, 3, 6, 7);
    r[2] = I4_SHUFFLE(t2, t3, 0, 1, 4, 5);
    r[3] = I4_SHUFFLE(t2, t3, 2, 3, 6, 7);
}

#endif
