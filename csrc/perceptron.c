/* perceptron.c — Rosenblatt's perceptron (1958): one unit out = step(w·x + b), trained by the
 * perceptron rule on each mistake, visiting samples in the given order (no shuffling, so no
 * RNG). It is the historical contrast to nn_model, deliberately not built from its layers:
 * no gradient, no loss, and by Novikoff's theorem it stops only on a linearly separable set.
 * Training continues from the caller's weights, so a page can run it an epoch at a time. */
#include <math.h>

#include "internal.h"

/* step(w·x + b) for one sample x (d), w (d+1) with the bias last. step(0) = 0, so the
 * all-zero start predicts class 0 everywhere and the first class-1 sample is a mistake. */
static int perceptron_out(const float *w, int d, const float *x) {
    float z = w[d];
    for (int j = 0; j < d; j++) z += w[j] * x[j];
    return z > 0.f;
}

nn_status nn_perceptron_train(nn_ctx *ctx, const float *x, const float *y, int n, int d,
                              int max_epochs, float lr, float *w, int *epochs, int *converged,
                              int64_t *updates) {
    if (!x || !y || !w || !epochs || !converged || !updates)
        return ctx_fail(ctx, NN_ERR_ARG, "%s is NULL",
                        !x ? "x" : !y ? "y" : !w ? "w" : !epochs ? "epochs" : !converged ? "converged" : "updates");
    if (n < 1) return ctx_fail(ctx, NN_ERR_ARG, "n = %d: need at least 1 sample", n);
    if (d < 1) return ctx_fail(ctx, NN_ERR_ARG, "d = %d: need at least 1 input", d);
    if (max_epochs < 1)
        return ctx_fail(ctx, NN_ERR_ARG, "max_epochs = %d: must be >= 1", max_epochs);
    if (max_epochs > NN_PERCEPTRON_MAX_EPOCHS)
        return ctx_fail(ctx, NN_ERR_ARG, "max_epochs = %d: at most %d per call (call again to go on)",
                        max_epochs, NN_PERCEPTRON_MAX_EPOCHS);
    if (!(lr > 0.f) || !isfinite(lr))
        return ctx_fail(ctx, NN_ERR_ARG, "lr = %g: must be finite and > 0", (double)lr);
    for (size_t i = 0; i < (size_t)n * (size_t)d; i++)
        if (!isfinite(x[i]))
            return ctx_fail(ctx, NN_ERR_ARG, "x[%zu] = %g: must be finite", i, (double)x[i]);
    for (int i = 0; i < n; i++)
        if (y[i] != 0.f && y[i] != 1.f)
            return ctx_fail(ctx, NN_ERR_ARG, "y[%d] = %g: must be 0 or 1", i, (double)y[i]);
    for (int j = 0; j <= d; j++)
        if (!isfinite(w[j])) return ctx_fail(ctx, NN_ERR_ARG, "w[%d] = %g: must be finite", j, (double)w[j]);

    *converged = 0;
    *updates = 0;
    int epoch = 0;
    while (epoch < max_epochs && !*converged) {
        int mistakes = 0;
        for (int i = 0; i < n; i++) {
            const float *xi = x + (size_t)i * d;
            int err = (int)y[i] - perceptron_out(w, d, xi);   /* -1, 0 or +1 */
            if (err == 0) continue;
            /* w += lr*(y - out)*x, b += lr*(y - out) */
            float delta = lr * (float)err;
            mistakes++;
            for (int j = 0; j < d; j++) w[j] += delta * xi[j];
            w[d] += delta;
        }
        epoch++;
        *updates += mistakes;
        *converged = mistakes == 0;
    }
    *epochs = epoch;
    ctx_clear(ctx);
    return NN_OK;
}

void nn_perceptron_predict(const float *w, int d, const float *x, int n, float *out) {
    for (int i = 0; i < n; i++) out[i] = (float)perceptron_out(w, d, x + (size_t)i * d);
}
