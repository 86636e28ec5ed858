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

/* BCE from logits z, four values at a time in every build: (max(z, 0) - z*y) + log(1 + e^-|z|),
 * where the bracket is exact for targets of 0 or 1, so a confident prediction's small loss is
 * not rounded to the spacing of floats near z. log(1 + e^-|z|) is -log of the larger of a and
 * 1 - a, at least 1/2: never log(0). As selects, not branches on the sign of z, which the
 * random signs of a batch mispredict (they cost a sixth of a small network's training step). */
static f4 bce4(f4 z, f4 a, f4 y) {
    f4 u = f4_pick(z >= 0.f, a, 1.f - a), t = (u - 1.f) / (u + 1.f), t2 = t * t;
    f4 p = {LOG_C[0], LOG_C[0], LOG_C[0], LOG_C[0]};
    for (int i = 1; i < LOG_N; i++) p = LOG_C[i] + t2 * p;
    return (f4_pmax((f4){0}, z) - z * y) - 2.f * t * p;
}

/* sum plus the BCE of the w (1-4) values at z, a, y, added in order. Inlined: with w = 4 the
 * loads are single vectors. */
__attribute__((always_inline)) static inline double bce_add(double sum, const float *z, const float *a,
                                                           const float *y, int w) {
    f4 t = bce4(f4_load(z, w), f4_load(a, w), f4_load(y, w));
    for (int j = 0; j < w; j++) sum += t[j];
    return sum;
}

/* The terms are summed in double, in order, in every build. */
static double bce(float *grad, const float *z, const float *a, const float *y, long m, float scale) {
    double sum = 0;
    long i = 0;
    for (; i + 4 <= m; i += 4) sum = bce_add(sum, z + i, a + i, y + i, 4);
    if (i < m) sum = bce_add(sum, z + i, a + i, y + i, (int)(m - i));
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
