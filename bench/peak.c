/* peak.c — the calibration loops of `make bench`: the wasm SIMD multiply-add peak of this engine
 * on this machine, against which bench/run.js states each large product's share, and the cost
 * of the tanh rational, which with the peak bounds each inference's speed-up. Not part of the
 * core; built alone into build/bench/peak.wasm (mk/bench.mk).
 *
 * Baseline wasm SIMD has no fused multiply-add, so a multiply-add is an f32x4.mul and an
 * f32x4.add, as in the kernels. R×V independent accumulators each take acc += s·x per step:
 * x is V vectors held in registers, s a broadcast load from a 32-float buffer that stays in
 * L1 (a load, so it takes no floating-point port, and it keeps the compiler from hoisting the
 * products out of the loop). Enough chains to hide the add's latency, few enough registers for
 * V8 not to spill (16 xmm): the loop is bound by the multiply and add ports alone. */
#include <wasm_simd128.h>

#include "tanh.h"

/* Not static: the compiler may not assume it is never written, and fold its loads away. */
float splat_src[64];

/* Runs `steps` steps of an R×V tile of multiply-adds (8·R·V flops a step); returns a sum of
 * the accumulators so that nothing is dead code. */
#define PEAK(NAME, R, V)                                                                      \
    float NAME(int steps) {                                                                   \
        v128_t x[V], acc[R][V];                                                               \
        for (int v = 0; v < V; v++) x[v] = wasm_f32x4_splat(1e-3f * (float)(v + 1));          \
        for (int r = 0; r < R; r++)                                                           \
            for (int v = 0; v < V; v++) acc[r][v] = wasm_f32x4_splat(0.f);                   \
        for (int p = 0; p < steps; p++) {                                                     \
            const float *s = splat_src + (p & 31);                                            \
            _Pragma("clang loop unroll(full)") for (int r = 0; r < R; r++) {                  \
                v128_t a = wasm_v128_load32_splat(s + r);                                     \
                _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++)                \
                    acc[r][v] = wasm_f32x4_add(acc[r][v], wasm_f32x4_mul(a, x[v]));           \
            }                                                                                 \
        }                                                                                     \
        v128_t t = wasm_f32x4_splat(0.f);                                                     \
        for (int r = 0; r < R; r++)                                                           \
            for (int v = 0; v < V; v++) t = wasm_f32x4_add(t, acc[r][v]);                    \
        return wasm_f32x4_extract_lane(t, 0);                                                 \
    }

/* Two tiles, 8 and 12 chains: which one V8 schedules better depends on the core. */
PEAK(peak_4x2, 4, 2)
PEAK(peak_3x4, 3, 4)

/* The tanh rational alone (csrc/tanh.h, as the narrow layers apply it to their sums and the
 * elementwise passes to their values): `steps` passes over RATIONAL values in L1, from one of
 * two sources into a third buffer, so that no pass repeats the one before. Returns a value of
 * it so that nothing is dead code. */
enum { RATIONAL = 256 };
float rational_src[2][RATIONAL], rational_dst[RATIONAL];

float rational(int steps) {
    for (int i = 0; i < RATIONAL; i++)  /* over [-8, 8), past the clamp on both sides */
        rational_src[0][i] = (float)(i - RATIONAL / 2) / 16.f, rational_src[1][i] = -rational_src[0][i];
    for (int p = 0; p < steps; p++) {
        const float *s = rational_src[p & 1];
        for (int i = 0; i < RATIONAL; i += 4) f4_store(rational_dst + i, tanh4(f4_load(s + i, 4), 1.f), 4);
    }
    return rational_dst[0];
}
