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

/* log(1 + e^-|z|) + max(z, 0) - z*y: the BCE of sigmoid(z) from the logit, so a large |z|
 * costs nothing in precision. log(1 + e^-|z|) is -log of the larger of a and 1 - a, which is at
 * least 1/2: one float log instead of exp and log1p, never log(0). */
static double bce(float *grad, const float *z, const float *a, const float *y, long m, float scale) {
    double sum = 0;
    for (long i = 0; i < m; i++) {
        sum += -(double)logf(z[i] >= 0 ? a[i] : 1.f - a[i]) + fmax(z[i], 0) - (double)z[i] * y[i];
        if (grad) grad[i] = (a[i] - y[i]) * scale;
    }
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
