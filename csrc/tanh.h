/* tanh.h — the rational approximation of tanh that both tanh and sigmoid are made of, shared
 * by the elementwise passes (act.c) and the narrow layers, which apply it to their sums as they
 * store them (layers.c). One form, four lanes at a time, in every build: wasm SIMD128,
 * natively SSE registers, scalar code without SIMD, so all of them give the same bits. */
#ifndef NN_TANH_H
#define NN_TANH_H

#include "layers.h"

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

/* x clamped to [-c, c] lane by lane: a NaN lane stays NaN, as a NaN turned into ±1 would hide a
 * diverged network. */
__attribute__((always_inline)) static inline f4 clamp_keep(f4 x, float c) {
    return f4_pmax(f4_pmin(x, (f4){c, c, c, c}), (f4){-c, -c, -c, -c});
}

/* s·tanh(s·x) of four lanes, for s = 1 (tanh) or 1/2 (sigmoid x = 1/2 + s·tanh(s·x)), as one
 * rational in x: with a = x clamped to ±CLAMP/s, s·tanh(s·a) = a·s²·P(s²a²)/Q(s²a²), the
 * powers of s² folded into the coefficients (tanh_coef). Scaling by a power of 2 is exact,
 * so each operation gives the value of the one computed with the multiplications by s, times
 * a power of 2: the same bits, two operations fewer. Inlined with s constant, so the
 * coefficients fold; a call per vector would cost more than the vector. */
__attribute__((always_inline)) static inline float tanh_coef(const float *c, int i, int n, float s) {
    float f = c[i];
    for (int e = i; e < n; e++) f *= s * s;  /* c[i]·s^(2(n - i)) */
    return f;
}
__attribute__((always_inline)) static inline f4 tanh4(f4 x, float s) {
    f4 a = clamp_keep(x, TANH_CLAMP / s), x2 = a * a;
    float p0 = tanh_coef(TANH_P, 0, TANH_NP, s), q0 = tanh_coef(TANH_Q, 0, TANH_NQ - 1, s);
    f4 p = {p0, p0, p0, p0}, q = {q0, q0, q0, q0};
    for (int i = 1; i < TANH_NP; i++) p = p * x2 + tanh_coef(TANH_P, i, TANH_NP, s);
    for (int i = 1; i < TANH_NQ; i++) q = q * x2 + tanh_coef(TANH_Q, i, TANH_NQ - 1, s);
    return a * p / q;
}

#endif
