/* tanh.h — the rational approximation of tanh that both tanh and sigmoid are made of, shared
 * by the elementwise passes (act.c) and the narrow layers, which apply it to their sums as they
 * store them (layers.c). */
#ifndef NN_TANH_H
#define NN_TANH_H

/* Eigen's rational approximation of tanh (13/6 minimax, generic_fast_tanh_float): within
 * 4e-7 of tanh everywhere, one division and no exp, four times cheaper than libm's tanhf and
 * the same in every libm, so native and wasm agree. Beyond CLAMP the rational leaves [-1, 1].
 * Coefficients of x²'s powers, highest first: tanh x = x·P(x²)/Q(x²). */
#define TANH_CLAMP 7.90531110763549805f
static const float TANH_P[] = {-2.76076847742355e-16f, 2.00018790482477e-13f, -8.60467152213735e-11f,
                               5.12229709037114e-08f,  1.48572235717979e-05f, 6.37261928875436e-04f,
                               4.89352455891786e-03f};
static const float TANH_Q[] = {1.19825839466702e-06f, 1.18534705686654e-04f, 2.26843463243900e-03f,
                               4.89352518554385e-03f};
enum { TANH_NP = sizeof TANH_P / sizeof *TANH_P, TANH_NQ = sizeof TANH_Q / sizeof *TANH_Q };

/* Each clamp keeps NaN, as pmin/pmax in the SIMD form below do: the comparison is false for
 * NaN, and x is the value taken then. A NaN turned into ±1 would hide a diverged network. */
static inline float tanh_rational(float x) {
    float a = TANH_CLAMP < x ? TANH_CLAMP : x;
    a = a < -TANH_CLAMP ? -TANH_CLAMP : a;
    float x2 = a * a, p = TANH_P[0], q = TANH_Q[0];
    for (int i = 1; i < TANH_NP; i++) p = p * x2 + TANH_P[i];
    for (int i = 1; i < TANH_NQ; i++) q = q * x2 + TANH_Q[i];
    return a * p / q;
}

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
/* The same rational four lanes at a time, with the same operations in the same order, so the
 * same bits. Written out because clang vectorizes the scalar form with a NaN-exact f32x4.max,
 * which V8 expands to eight instructions: this form (pmin, pmax) runs tanh in half the time
 * (0.6 vs 1.2 ns a value). Inlined: a call per vector costs more than the vector. */
__attribute__((always_inline)) static inline v128_t tanh_x4(v128_t x) {
    v128_t a = wasm_f32x4_pmin(x, wasm_f32x4_splat(TANH_CLAMP));
    a = wasm_f32x4_pmax(a, wasm_f32x4_splat(-TANH_CLAMP));
    v128_t x2 = wasm_f32x4_mul(a, a), p = wasm_f32x4_splat(TANH_P[0]), q = wasm_f32x4_splat(TANH_Q[0]);
    for (int i = 1; i < TANH_NP; i++) p = wasm_f32x4_add(wasm_f32x4_mul(p, x2), wasm_f32x4_splat(TANH_P[i]));
    for (int i = 1; i < TANH_NQ; i++) q = wasm_f32x4_add(wasm_f32x4_mul(q, x2), wasm_f32x4_splat(TANH_Q[i]));
    return wasm_f32x4_div(wasm_f32x4_mul(a, p), q);
}
#endif

#endif
