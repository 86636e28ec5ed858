/* loss.c — the losses: target checks, value and gradient in one place. Both cross-entropies
 * work from logits with log-sum-exp, so large logits give large finite losses, never NaN. */
#include <math.h>

#include "internal.h"
#include "layers.h"

nn_status loss_check_targets(nn_ctx *ctx, nn_loss l, const float *y, int n, int k, long first) {
    int w = l == NN_LOSS_SOFTMAX_CE ? 1 : k;
    for (long i = first * w; i < (first + n) * w; i++) {
        float v = y[i - first * w];
        if (!isfinite(v)) return ctx_fail(ctx, NN_ERR_ARG, "y[%ld]: target is not finite (%g)", i, v);
        if (l == NN_LOSS_BCE && (v < 0.f || v > 1.f))
            return ctx_fail(ctx, NN_ERR_ARG, "y[%ld]: bce targets must be in [0, 1] (got %g)", i, v);
        if (l == NN_LOSS_SOFTMAX_CE && (v < 0.f || v >= (float)k || v != floorf(v)))
            return ctx_fail(ctx, NN_ERR_ARG, "y[%ld]: softmax_ce targets are class indices 0..%d (got %g)",
                            i, k - 1, v);
    }
    return NN_OK;
}

/* log u for u in [1/2, 1], the range BCE needs: 2·atanh(t), t = (u-1)/(u+1) in [-1/3, 0], by its
 * odd series to t^11: within 2.3e-7 of log u (measured over every float; truncation 1.1e-7,
 * the rest rounding), against libm's 3e-8. Coefficients of t², highest first. Arithmetic, not
 * logf: no call, and the same in every build. */
static const float LOG_C[] = {1.f / 11, 1.f / 9, 1.f / 7, 1.f / 5, 1.f / 3, 1.f};
enum { LOG_N = sizeof LOG_C / sizeof *LOG_C };

/* One value's BCE from its logit z: (max(z, 0) - z*y) + log(1 + e^-|z|), where the bracket is
 * exact for targets of 0 or 1, so a confident prediction's small loss is not rounded to the
 * spacing of floats near z. log(1 + e^-|z|) is -log of the larger of a and 1 - a, at least
 * 1/2: never log(0). */
static float bce_term(float z, float a, float y) {
    float u = z >= 0 ? a : 1.f - a, t = (u - 1.f) / (u + 1.f), t2 = t * t, p = LOG_C[0];
    for (int i = 1; i < LOG_N; i++) p = LOG_C[i] + t2 * p;
    return ((z > 0 ? z : 0.f) - z * y) - 2.f * t * p;
}

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
/* bce_term four lanes at a time, operation for operation, so both builds agree to the bit. The
 * scalar form's choices on the sign of z compile to branches that the random signs of a batch
 * mispredict: they cost a sixth of a small network's training step. */
static v128_t bce_term4(v128_t z, v128_t a, v128_t y) {
    v128_t one = wasm_f32x4_splat(1.f), zero = wasm_f32x4_splat(0.f);
    v128_t u = wasm_v128_bitselect(a, wasm_f32x4_sub(one, a), wasm_f32x4_ge(z, zero));
    v128_t t = wasm_f32x4_div(wasm_f32x4_sub(u, one), wasm_f32x4_add(u, one));
    v128_t t2 = wasm_f32x4_mul(t, t), p = wasm_f32x4_splat(LOG_C[0]);
    for (int i = 1; i < LOG_N; i++) p = wasm_f32x4_add(wasm_f32x4_splat(LOG_C[i]), wasm_f32x4_mul(t2, p));
    v128_t log_u = wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_splat(2.f), t), p);
    return wasm_f32x4_sub(wasm_f32x4_sub(wasm_f32x4_pmax(zero, z), wasm_f32x4_mul(z, y)), log_u);
}
#endif

/* The terms are summed in double, in order, in both builds. */
static double bce(float *grad, const float *z, const float *a, const float *y, long m, float scale) {
    double sum = 0;
    long i = 0;
#ifdef __wasm_simd128__
    for (; i + 3 < m; i += 4) {
        float t[4];
        wasm_v128_store(t, bce_term4(wasm_v128_load(z + i), wasm_v128_load(a + i), wasm_v128_load(y + i)));
        sum = sum + t[0] + t[1] + t[2] + t[3];
    }
#endif
    for (; i < m; i++) sum += bce_term(z[i], a[i], y[i]);
    if (grad)
        for (i = 0; i < m; i++) grad[i] = (a[i] - y[i]) * scale;
    return sum;
}

/* logsumexp(z) - z_y per row; the gradient is softmax(z) - onehot(y). */
static double softmax_ce(float *grad, const float *z, const float *a, const float *y, int n, int k,
                         float scale) {
    double sum = 0;
    for (int r = 0; r < n; r++) {
        const float *zr = z + (size_t)r * k;
        int t = (int)y[r];
        double mx = zr[0], s = 0;
        for (int j = 1; j < k; j++) mx = fmax(mx, zr[j]);
        for (int j = 0; j < k; j++) s += exp(zr[j] - mx);
        sum += mx + log(s) - zr[t];
        if (grad)
            for (int j = 0; j < k; j++)
                grad[(size_t)r * k + j] = (a[(size_t)r * k + j] - (j == t)) * scale;
    }
    return sum;
}

static double mse(float *grad, const float *a, const float *y, long m, float scale) {
    double sum = 0;
    for (long i = 0; i < m; i++) {
        float d = a[i] - y[i];
        sum += (double)d * d;
        if (grad) grad[i] = 2.f * d * scale;
    }
    return sum;
}

double loss_forward(nn_loss l, float *grad, const float *z, const float *a, const float *y, int n,
                    int k) {
    long m = (long)n * k;
    switch (l) {
    case NN_LOSS_BCE: return bce(grad, z, a, y, m, 1.f / (float)m) / (double)m;
    case NN_LOSS_SOFTMAX_CE: return softmax_ce(grad, z, a, y, n, k, 1.f / (float)n) / n;
    case NN_LOSS_MSE: default: return mse(grad, a, y, m, 1.f / (float)m) / (double)m;
    }
}
